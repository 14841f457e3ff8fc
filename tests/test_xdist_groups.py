"""Tests that share one costly pass (the page visits, each page's Tab walk) are
marked with xdist_group so that pytest-xdist (--dist loadgroup) runs them on one
worker. pytest-xdist does this by adding the group's name to each test's id,
which the scheduler reads; with pytest 9 that addition is silently lost, and
the shared work is done once per worker instead, failing nothing. This test
fails instead."""

from __future__ import annotations

import pytest

GROUP = "xdist-group-guard"


@pytest.mark.xdist_group(GROUP)
def test_a_grouped_test_carries_its_group_to_the_scheduler(request):
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("not running under pytest-xdist with --dist loadgroup")
    assert request.node.nodeid.endswith(f"@{GROUP}"), (
        f"{request.node.nodeid}: xdist_group is not applied; pin pytest and pytest-xdist "
        "to versions that work together (pyproject.toml, requirements.lock)"
    )
