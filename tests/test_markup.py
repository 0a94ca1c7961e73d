"""Data text is escaped wherever it becomes HTML or Markdown, and only web URLs become links."""

from __future__ import annotations

import pytest

from helpers.markup import escape_html, escape_markdown, is_web_url, link_html

HOSTILE = "NATO <img src=x onerror=alert(1)> \"q\" & 's'"


def test_escape_html_leaves_no_tag():
    assert "<" not in escape_html(HOSTILE) and "&lt;img" in escape_html(HOSTILE)


def test_escape_markdown_neutralises_links_and_emphasis():
    shown = escape_markdown("[x](javascript:alert(1)) *bold* <b>")
    assert "<b>" not in shown
    assert "\\[x\\]\\(javascript:alert\\(1\\)\\)" in shown
    assert "\\*bold\\*" in shown


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://www.nato.int/cps/en/natohq/news_217371.htm", True),
        ("http://example.org/a?b=c", True),
        ("javascript:alert(1)", False),
        ("JAVASCRIPT:alert(1)", False),
        ("data:text/html,<script>", False),
        ("//example.org/x", False),
        ("https://exa mple.org", False),
        ("https://example.org/\nx", False),
        ("https:///nohost", False),
        (None, False),
    ],
)
def test_only_absolute_web_urls_pass(url, ok):
    assert is_web_url(url) is ok


def test_link_html_escapes_and_refuses_unsafe_urls():
    assert link_html("a<b", 'https://x.org/"onmouseover=1') == (
        '<a href="https://x.org/&quot;onmouseover=1">a&lt;b</a>'
    )
    assert link_html("click", "javascript:alert(1)") == "click"
