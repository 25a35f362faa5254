"""Markdown written by editors, made into safe HTML.

`markdown` turns the text into HTML; `nh3` then keeps only an allow-list of tags and
attributes: raw HTML an editor types (scripts, styles, event handlers, `javascript:` links,
images from elsewhere) does not survive, and every link gets rel="noopener noreferrer".
The result depends on the text alone, so it is cached per text in each process.
"""

from functools import lru_cache

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "blockquote", "code", "pre",
    "ul", "ol", "li", "h2", "h3", "h4", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


@lru_cache(maxsize=512)
def render_markdown(text: str) -> str:
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def plain_text(text: str) -> str:
    """The text without any markup (for search fallbacks and summaries)."""
    return nh3.clean(render_markdown(text), tags=set(), attributes={})
