"""A saved government web page (.html) → the plan's text: the article, not the navigation.

Government sites put the document in a content block (``TRS_Editor``, ``article``, ``content``,
``zoom``, ``pages_content`` ...); when none is marked, the block with the most paragraph text
wins. Scripts, styles, navigation, headers, footers, share bars and breadcrumbs are dropped; block
elements (p, div, h1-h6, li, tr, br) end lines.
"""

from __future__ import annotations

import re

from carbonpeak.core.errors import InputError

# Class or id words of the main text on Chinese government sites (tried in this order).
CONTENT_MARKERS = (
    "trs_editor",
    "pages_content",
    "article-content",
    "article_con",
    "zoom",
    "content",
    "article",
    "main",
)
# Class or id words of page furniture.
FURNITURE_MARKERS = (
    "nav",
    "menu",
    "header",
    "footer",
    "breadcrumb",
    "crumb",
    "share",
    "sidebar",
    "position",
    "weizhi",
    "related",
    "xgwz",
    "print",
)
_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe")
_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "br", "table", "section"}


def html_text(markup: str, filename: str) -> str:
    """The main text of a saved web page, one block per line (the title first, if found)."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(markup)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise InputError(f"{filename}: 无法解析网页 / cannot parse the HTML: {exc}") from exc
    for element in root.iter(*_DROP_TAGS):
        element.drop_tree()
    for element in list(root.iter()):
        furniture = isinstance(element.tag, str) and _marked(element, FURNITURE_MARKERS)
        if furniture and element.getparent() is not None and element.tag not in ("html", "body"):
            element.drop_tree()
    main = _main_block(root)
    text = _block_text(main)
    if not text.strip():
        raise InputError(f"{filename}: 网页中没有正文 / no text found in the web page")
    return text


def _marked(element: object, words: tuple[str, ...]) -> bool:
    get = getattr(element, "get", None)
    if get is None:
        return False
    names = f"{get('class') or ''} {get('id') or ''}".lower()
    tokens = re.split(r"[\s_-]+", names)
    return any(w in tokens or (len(w) > 5 and w in names) for w in words)


def _main_block(root: object) -> object:
    for word in CONTENT_MARKERS:
        for element in root.iter():  # type: ignore[attr-defined]
            marked = isinstance(element.tag, str) and _marked(element, (word,))
            if marked and len(element.text_content().strip()) >= 200:
                return element
    best, best_len = root, 0
    for element in root.iter("div", "article", "section", "td"):  # type: ignore[attr-defined]
        length = sum(len(p.text_content()) for p in element.iter("p"))
        if length > best_len:
            best, best_len = element, length
    return best


def _inline(text: str) -> str:
    """Line breaks in the page source are spaces on screen (squeezed away next to Chinese)."""
    return text.replace("\r", " ").replace("\n", " ")


def _block_text(element: object) -> str:
    parts: list[str] = []

    def walk(node: object) -> None:
        tag = getattr(node, "tag", None)
        if not isinstance(tag, str):
            return
        block = tag in _BLOCK_TAGS
        if block:
            parts.append("\n")
        if node.text:  # type: ignore[attr-defined]
            parts.append(_inline(node.text))  # type: ignore[attr-defined]
        for child in node:  # type: ignore[attr-defined]
            walk(child)
            if child.tail:
                parts.append(_inline(child.tail))
        if block:
            parts.append("\n")

    walk(element)
    lines = [
        re.sub(r"[ \t\u00a0\u3000]+", " ", line).strip() for line in "".join(parts).split("\n")
    ]
    return "\n\n".join(line for line in lines if line)  # a block is a paragraph
