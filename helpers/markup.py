"""The one place where data text becomes HTML or Markdown: escape it, and link only http(s).

Every renderer of data text (notebook views, the static site) goes through these functions,
so a ``<script>`` in a table cell or a ``javascript:`` URL shows as text and never runs.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

__all__ = ["escape_html", "escape_markdown", "is_web_url", "link_html", "markdown_html"]

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def escape_html(text: object) -> str:
    """``text`` as HTML text: ``<``, ``>``, ``&`` and both quotes escaped."""
    return html.escape(str(text), quote=True)


def escape_markdown(text: object) -> str:
    """``text`` shown literally inside Markdown: HTML escaped, Markdown punctuation backslashed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escape_html(text))


def is_web_url(url: object) -> bool:
    """True for an absolute http(s) URL with a host and no spaces or control characters."""
    if not isinstance(url, str) or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def link_html(text: object, url: object) -> str:
    """An escaped ``<a>`` to ``url`` if it is a web URL; otherwise the escaped text alone."""
    if not is_web_url(url):
        return escape_html(text)
    return f'<a href="{escape_html(url)}">{escape_html(text)}</a>'


def markdown_html(text: object) -> str:
    """Markdown written in a data cell as HTML: raw HTML shown as text, only web URLs linked.

    An image raises ValueError: data text never makes a reader's browser fetch anything.
    """
    import mistune  # installed with nbconvert; imported here to keep ``import helpers`` light

    class DataRenderer(mistune.HTMLRenderer):
        def link(self, text: str, url: str, title: str | None = None) -> str:
            return f'<a href="{escape_html(url)}">{text}</a>' if is_web_url(url) else text

        def image(self, text: str, url: str, title: str | None = None) -> str:
            raise ValueError(f"an image ({url!r}) in data text: data never embeds images")

    render = mistune.create_markdown(renderer=DataRenderer(escape=True), plugins=["url"])
    return str(render(str(text)))
