"""A saved news page (HTML) as the importer's blocks: the article, without the site around it.

Measured on the development corpus's saved page (BENCHMARKS.md, "Importing what editors
receive"): trafilatura finds the article but drops every ZWNJ (0 of 114 kept) and readability-lxml
drops the <h1> and the kicker and keeps «بیشتر بخوانید», so the page is read here with lxml
(already installed for python-docx) and rules: the article is ``<article>``, else ``<main>``,
else the element whose paragraphs hold the most text; navigation, header and footer, asides,
scripts, forms and elements whose class or id names an ad, a share bar, tags, related links,
comments or «read more» are dropped. ``<h1>`` is the title, a paragraph (or ``<h2>``–``<h6>``)
that is all bold a question, a figure a note, everything else text.
"""

from __future__ import annotations

import re
from pathlib import Path

from bot.ingest.blocks import ANSWER_MARK, QUESTION_MARK, Block, Kind
from bot.ingest.header import DATE, Metadata

BLOCK_TAGS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "section", "header"}
    | {"article", "main", "figure", "figcaption", "table", "tr", "td", "pre", "dl", "dt", "dd", "aside"}
)
DROPPED_TAGS = frozenset({"script", "style", "noscript", "nav", "footer", "aside", "form", "iframe", "svg"})
# Class or id words of site furniture inside or around an article.
CHROME_NAMES = re.compile(
    r"(?:^|[-_\s])(?:ads?|advert\w*|banner|related|share|social|tags?|comments?|breadcrumbs?|read-?more"
    r"|newsletter|menu|nav\w*|ticker|sidebar|promo|subscribe|print|rss|login|top-bar|logo|meta|date|time|author)(?:$|[-_\s])",
    re.IGNORECASE,
)
BOLD_TAGS = frozenset({"strong", "b"})


class NoArticle(ValueError):
    """The page has no article text to read."""


def _is_chrome(element: object) -> bool:
    from lxml import html

    assert isinstance(element, html.HtmlElement)
    names = f"{element.get('class', '')} {element.get('id', '')}"
    return bool(names.strip()) and CHROME_NAMES.search(names) is not None


def _text(element: object) -> str:
    from lxml import html

    assert isinstance(element, html.HtmlElement)
    return " ".join(element.text_content().split())


def _all_bold(element: object) -> bool:
    """Every word of the element sits inside <strong> or <b> (a last «؟» may stand outside).

    One pass over the element's text pieces, each marked bold or not by where it sits (a text
    inside a bold element, or a tail after one inside it): linear in the element's size."""
    from lxml import html

    assert isinstance(element, html.HtmlElement)
    bold_at: dict[object, bool] = {}
    bold_text = False
    for node in element.iter():
        parent = node.getparent()
        inside = node is not element and bold_at.get(parent, False)
        bold_at[node] = inside or node.tag in BOLD_TAGS
        text = node.text if isinstance(node.tag, str) else None  # a comment's text is not shown
        if text and text.strip():
            if not bold_at[node]:
                if text.strip(" \u200c؟?.:،\n\t\r"):
                    return False
            else:
                bold_text = True
        tail = node.tail if node is not element else None
        if tail and tail.strip(" \u200c؟?.:،\n\t\r") and not bold_at.get(parent, False):
            return False
    return bold_text


def _root(document: object) -> object:
    """The article: <article>, <main>, an articleBody, else the element with the most paragraph
    text. The site's own <header> (with its menu) lies outside it; an article's keeps its title."""
    from lxml import html

    assert isinstance(document, html.HtmlElement)
    for path in ("//article", "//*[@itemprop='articleBody']", "//main"):
        found = document.xpath(path)
        if found:
            return max(found, key=lambda e: len(_text(e)))
    scores: dict[object, int] = {}
    for p in document.iter("p"):
        parent = p.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + len(_text(p))
    if not scores:
        return document
    return max(scores, key=lambda e: scores[e])


CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def page_text(data: bytes) -> str:
    """The page as text: in the charset its <meta> names, else UTF-8 (a page saved without one);
    a page that is neither is named, Windows-1256 when it reads as Arabic letters in it."""
    named = CHARSET.search(data[:4096])
    encodings = [named.group(1).decode("ascii", "replace")] if named else []
    for encoding in [*encodings, "utf-8-sig"]:
        try:
            text = data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
        return XML_DECLARATION.sub("", text)  # lxml refuses text that declares its own encoding
    try:
        data.decode("cp1256")
    except UnicodeDecodeError:
        raise NoArticle("not UTF-8, and no <meta charset> says what it is: save the page as UTF-8") from None
    raise NoArticle(
        "not UTF-8, and no <meta charset> says what it is; it reads as Windows-1256 (Arabic Windows):"
        ' add <meta charset="windows-1256"> or save it as UTF-8'
    )


def page_blocks(path: Path, data: bytes) -> tuple[list[Block], Metadata]:
    """The article's blocks, and what the page's markup says of it (date, author, outlet)."""
    from lxml import etree, html

    parser = html.HTMLParser(huge_tree=True)  # libxml2's default limits drop content without a word
    try:
        document = html.document_fromstring(page_text(data), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise NoArticle(f"not an HTML page: {exc}") from None
    _refuse_what_was_cut(parser, document)
    meta = _page_meta(document)
    for element in list(document.iter(*DROPPED_TAGS)):  # scripts, menus, asides: never the article
        if element.getparent() is not None:
            element.drop_tree()
    root = _root(document)
    assert isinstance(root, html.HtmlElement)
    for element in list(root.iterdescendants()):
        if isinstance(element, html.HtmlElement) and element.getparent() is not None and _is_chrome(element):
            element.drop_tree()
    blocks: list[Block] = []
    # Which elements hold a block element: found in one pass, not again for each ancestor.
    holding = {
        ancestor
        for element in root.iterdescendants()
        if isinstance(element, html.HtmlElement) and element.tag in BLOCK_TAGS
        for ancestor in element.iterancestors()
    }

    def holds_blocks(element: html.HtmlElement) -> bool:
        return element in holding

    def emit(kind: Kind, text: str, element: html.HtmlElement) -> None:
        if text:
            blocks.append(Block(kind, text, element.sourceline or 0))

    def leaf(element: html.HtmlElement) -> None:
        text = _text(element)
        if labelled := QUESTION_MARK.match(text):  # «<p><b>س:</b> …؟</p>»
            emit(Kind.QUESTION, labelled.group(1).strip(), element)
            return
        text = ANSWER_MARK.sub("", text)
        if element.tag == "h1":
            emit(Kind.TITLE, text, element)
        elif element.tag in ("figure", "figcaption"):
            emit(Kind.NOTE, text or "(an image)", element)
        elif (element.tag in ("h2", "h3", "h4", "h5", "h6") and text.endswith(("؟", "?"))) or (
            element.tag not in ("h2", "h3", "h4", "h5", "h6") and _all_bold(element)
        ):
            emit(Kind.QUESTION, text, element)
        else:
            emit(Kind.TEXT, text, element)
            blocks.append(Block(Kind.BREAK, "", element.sourceline or 0))

    def walk(element: html.HtmlElement) -> None:
        if element.tag in ("figure",):
            leaf(element)
            return
        if element.tag in BLOCK_TAGS and not holds_blocks(element):
            leaf(element)
            return
        run = [element.text or ""]
        for child in element:
            if not isinstance(child, html.HtmlElement):
                run.append(child.tail or "")
                continue
            if child.tag in BLOCK_TAGS or holds_blocks(child):
                emit(Kind.TEXT, " ".join("".join(run).split()), element)
                run = []
                walk(child)
            else:  # inline: a <span class="kicker"> beside the <h1>
                emit(Kind.TEXT, " ".join("".join(run).split()), element)
                emit(Kind.TEXT, _text(child), child)
                run = []
            run.append(child.tail or "")
        emit(Kind.TEXT, " ".join("".join(run).split()), element)

    walk(root)
    return blocks, meta


MAX_DEPTH = 400  # elements inside elements: a real article nests a few dozen deep


def _refuse_what_was_cut(parser: object, document: object) -> None:
    """A page libxml2 cut short (nesting past its 2,048, a text past its 1 GB), or one nesting
    deeper than ``MAX_DEPTH``, is refused in one line: its content is never dropped silently."""
    from lxml import etree, html

    assert isinstance(parser, etree.HTMLParser) and isinstance(document, html.HtmlElement)
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT":
            raise NoArticle(f"the page is past the HTML parser's limits ({error.message.strip()})")
    depth: dict[object, int] = {document: 0}
    for element in document.iterdescendants():
        depth[element] = level = depth[element.getparent()] + 1
        if level > MAX_DEPTH:
            raise NoArticle(
                f"elements nest more than {MAX_DEPTH} deep (line {element.sourceline}): unclosed tags?"
                " close them, or save the article alone"
            )


def _page_meta(document: object) -> Metadata:
    from lxml import html

    assert isinstance(document, html.HtmlElement)
    meta = Metadata()
    site = document.xpath("//meta[@property='og:site_name']/@content")
    title = document.xpath("//title/text()")
    if site:
        meta.source = str(site[0]).strip()
    elif title and " | " in str(title[0]):
        meta.source = str(title[0]).rsplit(" | ", 1)[1].strip()  # «<headline> | <site>»
    for time in document.iter("time"):
        if found := DATE.search(_text(time)):
            meta.date = found.group()
            break
    authors = document.xpath("//*[contains(@class, 'author')]") or document.xpath("//*[@rel='author']")
    if authors:
        meta.interviewer = _text(authors[0])
    elif author := document.xpath("//meta[@name='author']/@content"):
        meta.interviewer = str(author[0]).strip()
    return meta
