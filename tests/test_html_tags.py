"""hooks/html_tags.py reads tags as Python's html.parser does, only faster: the
build's link, id and address checks rely on it seeing every tag and attribute."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

import html_tags


class _Recorder(HTMLParser):
    """html.parser's reading, in html_tags' terms: the first of a repeated
    attribute wins (as in browsers), and <br/> is a start tag only."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.seen: list[tuple[bool, str, dict]] = []

    def handle_starttag(self, tag, attrs):
        values: dict = {}
        for name, value in attrs:
            values.setdefault(name, value)
        self.seen.append((True, tag, values))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self.seen.append((False, tag, {}))


def read_both(html: str):
    recorder = _Recorder()
    recorder.feed(html)
    recorder.close()
    fast = [(start, tag, html_tags.attributes(text)) for start, tag, text in html_tags.tags(html)]
    return recorder.seen, fast


TRICKY = {
    "quoted >": '<a title="a > b" href="x.html">x</a>',
    "single quotes": "<a href='../y/#z' class='headerlink'>¶</a>",
    "bare value and flag": "<input type=radio checked id=on>",
    "no space after a quoted value": '<p id="one"class="two">',
    "entities in a value": '<a href="?a=1&amp;b=2" title="&lt;b&gt;">',
    "upper case": '<A HREF="Up.html" ID="Big">x</A>',
    "comment holding tags": '<!-- <a href="gone.html"> --><a href="kept.html">',
    "script holding tags": '<script>if (a < b) document.write("<a href=\'no.html\'>");</script><a href="yes.html">',
    "style holding tags": "<style>p > a { color: red }</style><p id=after>",
    "doctype": '<!doctype html><html lang="en"><body id="b">',
    "self-closing": '<img src="a.png" alt=""/><br/><h2 id="h">T<a class="headerlink" href="#h">¶</a></h2>',
    "repeated attribute": '<p id="first" id="second">',
    "newlines inside a tag": '<a\n  href="n.html"\n  id="n"\n>',
}


@pytest.mark.parametrize("html", TRICKY.values(), ids=TRICKY.keys())
def test_tricky_markup_reads_as_html_parser_reads_it(html):
    expected, fast = read_both(html)
    assert fast == expected


def test_every_built_page_reads_as_html_parser_reads_it(html_files):
    differ = []
    for path, html in html_files.items():
        expected, fast = read_both(html)
        if fast != expected:
            at = next((i for i, (a, b) in enumerate(zip(expected, fast)) if a != b), min(len(expected), len(fast)))
            differ.append(f"{path}: tag {at}: html.parser {expected[at:at + 1]}, html_tags {fast[at:at + 1]}")
    assert not differ, "\n".join(differ)


def test_a_page_gives_its_ids_links_embeds_permalinks_and_refresh():
    page = html_tags.read_page(
        '<meta http-equiv="Refresh" content="0; url=../new/">'
        '<h2 id="first">One<a class="headerlink" href="#first">¶</a></h2>'
        '<h3 id="quiet">No permalink</h3><a class="headerlink" href="#x">outside a heading</a>'
        '<img src="i.png"><iframe src="https://elsewhere.example/"></iframe>'
        '<a name="old">old</a><p id="first">'
    )
    assert page.ids == ("first", "quiet", "first")
    assert page.anchor_names == {"old"}
    assert page.targets == {"first", "quiet", "old"}
    assert page.hrefs == ("#first", "#x")
    assert page.embedded == ("i.png", "https://elsewhere.example/")
    assert page.linkable == ("first",)
    assert page.refresh == "0; url=../new/"
