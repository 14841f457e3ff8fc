"""hooks/content_cache.py: an entry is made once per key and code, a failure
is never kept, and a build keeps only the entries it used."""

from __future__ import annotations

import pytest

import content_cache


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setattr(content_cache, "CACHE", tmp_path)
    monkeypatch.setattr(content_cache, "_used", set())
    return tmp_path


def test_an_entry_is_made_once_for_its_key(cache):
    made = []
    make = lambda: made.append(1) or "text"  # noqa: E731
    assert content_cache.cached_text("kind", ["a", 1], make) == "text"
    assert content_cache.cached_text("kind", ["a", 1], make) == "text"
    assert content_cache.cached_text("kind", ["a", 2], make) == "text"
    assert len(made) == 2


def test_changed_code_makes_the_entry_again(cache, monkeypatch):
    content_cache.cached_text("kind", "key", lambda: "old")
    monkeypatch.setattr(content_cache, "code_version", lambda: "other code")
    assert content_cache.cached_text("kind", "key", lambda: "new") == "new"


def test_a_failure_is_not_kept(cache):
    def fail() -> str:
        raise ValueError("bad page")

    with pytest.raises(ValueError):
        content_cache.cached_text("kind", "key", fail)
    assert content_cache.cached_text("kind", "key", lambda: "made") == "made"


def test_a_build_keeps_only_the_entries_it_used(cache):
    content_cache.cached_text("kind", "first build", lambda: "1")
    content_cache.forget_unused()
    content_cache.cached_text("kind", "second build", lambda: "2")
    content_cache.forget_unused()
    assert [path.read_text() for path in (cache / "kind").iterdir()] == ["2"]


def test_the_code_version_follows_the_hooks_and_the_lock(tmp_path, monkeypatch):
    monkeypatch.setattr(content_cache, "PROJECT", tmp_path)
    (tmp_path / "hooks").mkdir()
    (tmp_path / "hooks" / "minify.py").write_text("one = 1")
    versions = []
    for change in (lambda: None, lambda: (tmp_path / "hooks" / "minify.py").write_text("one = 2"),
                   lambda: (tmp_path / "requirements.lock").write_text("segno==1")):
        change()
        content_cache.code_version.cache_clear()
        versions.append(content_cache.code_version())
    content_cache.code_version.cache_clear()
    assert len(set(versions)) == 3
