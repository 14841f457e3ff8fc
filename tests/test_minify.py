"""hooks/minify.py: HTML minification keeps everything that renders, and the
stylesheet purge keeps every rule a page or script can match."""

from __future__ import annotations

from minify import minify_html, purge_css, used_names


def test_whitespace_in_text_collapses_and_comments_go():
    html = "<p>\n    A   short\n\n    answer <!-- note -->\n  </p>\n"
    assert minify_html(html) == "<p>\nA short\nanswer \n</p>\n"


def test_a_no_break_space_is_text_and_stays():
    # U+00A0 keeps two words together: only HTML's own whitespace collapses.
    assert minify_html("<p>5\n\u00a0mg and\u00a0 \u00a0more</p>") == "<p>5\n\u00a0mg and\u00a0 \u00a0more</p>\n"


def test_preformatted_text_styles_and_attributes_keep_their_bytes():
    html = (
        '<pre>  two\n    lines</pre><textarea>  a\n  b</textarea>'
        '<abbr title="one\n   two">x</abbr><style>a  { b: c }</style>'
    )
    assert minify_html(html) == html + "\n"


def test_inline_scripts_are_minified_and_data_blocks_are_not():
    html = (
        '<script>\n  var answer = 42;  // why\n</script>'
        '<script type="application/ld+json">{ "a":  1 }</script>'
        '<script src="x.js" defer></script>'
        '<script data-bundle="x.js">\n  go( 1 );\n</script>'
    )
    assert minify_html(html) == (
        '<script>var answer=42;</script>'
        '<script type="application/ld+json">{ "a":  1 }</script>'
        '<script src="x.js" defer></script>'
        '<script data-bundle="x.js">go(1);</script>\n'
    )


def test_minifying_twice_changes_nothing():
    html = minify_html("<div>\n  <p>text</p>\n  <script>\n f( 1 )\n</script>\n</div>")
    assert minify_html(html) == html


def test_used_names_come_from_classes_data_values_and_script_words():
    names = used_names(
        ['<div class="md-a md-b" data-md-color-primary="custom" title="note">'],
        ['el.classList.add("md-c"); x = `md-tag--${kind}`'],
    )
    assert {"md-a", "md-b", "custom", "md-c", "md-tag--"} <= names
    assert "note" not in names


def test_rules_for_unused_classes_go_and_the_rest_stay():
    css = (
        ".used{a:1}.unused{b:2}.used .unused,.used>p{c:3}"
        ".used:not(.unused){d:4}p{e:5}"
        "@media screen{.unused{f:6}}@media print{.used{g:7}}"
        "@keyframes spin{from{h:8}}"
        '[data-md-color-primary=red]{i:9}[data-md-color-primary="custom"]{j:10}'
    )
    assert purge_css(css, {"used", "custom"}) == (
        ".used{a:1}.used>p{c:3}.used:not(.unused){d:4}p{e:5}"
        "@media print{.used{g:7}}@keyframes spin{from{h:8}}"
        '[data-md-color-primary="custom"]{j:10}'
    )


def test_a_class_a_script_builds_from_a_prefix_is_kept():
    assert purge_css(".md-tag--info{a:1}.md-other{b:2}", {"md-tag--"}) == ".md-tag--info{a:1}"


def test_custom_properties_nothing_reads_go():
    css = (
        ":root{--read:1;--chain:var(--gone);--gone:2;--outside:3}"
        ".used{color:var(--read)}.unused{color:var(--chain)}"
    )
    assert purge_css(css, {"used"}, ["p { margin: var(--outside) }"]) == (
        ":root{--read:1;--outside:3}.used{color:var(--read)}"
    )


def test_strings_and_comments_do_not_confuse_the_parser():
    css = '/* .x{ } */.used::after{content:"}{;.unused"}.unused{a:"x"}'
    assert purge_css(css, {"used"}) == '.used::after{content:"}{;.unused"}'
