"""A magazine PDF as the importer's blocks, read from the words' positions and fonts.

Measured on the development corpus's two-column page (BENCHMARKS.md): pdfminer.six's text
gives every Persian word with its letters in visual order, pypdf gives them in order but with
digits reversed and no font or position, and both interleave or join the columns; pdfplumber
(on pdfminer.six) gives each word's box and font, so the page is rebuilt here:

- words are read right to left (pdfplumber's ``char_dir="rtl"``), presentation forms folded
  (NFKC, so a broken lam-alef ligature is «لا» again), runs of digits and Latin turned back to
  left-to-right («۸۲۳۱» → «۱۳۲۸», «ebuTuoY» → «YouTube»); two boxes that touch are one word
  with a ZWNJ between («سه» + «تار» → «سه‌تار»), as the PDF keeps no ZWNJ;
- the columns are found from the empty vertical bands of a page, read right to left; a line that
  crosses a band (a title, a box over both columns) is read in its place, between them;
- a line in a font well above the body's is the title; bold paragraphs ending in «؟» are the
  questions; a line repeated at the same place on every page (a running head), and bare page
  numbers, are dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from statistics import median

from bot.analysis.chars import fold_compatibility_forms
from bot.ingest.blocks import ANSWER_MARK, QUESTION_MARK, Block, Kind

LTR_RUN = re.compile(r"[0-9۰-۹A-Za-z][0-9۰-۹A-Za-z.,:/%+\-٫٬]*[0-9۰-۹A-Za-z]|[0-9۰-۹A-Za-z]")
RTL_LETTER = re.compile(r"[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
BULLETS = "■●◆▪•"  # a question's decorative bullet in a layout that does not set it in bold
TOUCHING = 1.0  # points: boxes closer than this are one word, joined by a ZWNJ
GUTTER = 8  # points: an empty vertical band at least this wide between columns


# Bounds on one page's work, checked before pdfplumber renders it: a Form XObject drawing another
# ten times, seven deep, is 2 KB of file and ten million drawings (2.8 GB after 600 s).
MAX_FORM_DEPTH = 8  # Form XObjects inside Form XObjects
MAX_DRAWS = 10_000  # Form XObjects drawn on one page, counting each drawing inside another
MAX_PAGE_CONTENT = 32 << 20  # content-stream bytes one page runs, each drawn form counted each time
MAX_PAGE_CHARS = 200_000  # letters on one page (a dense magazine page holds about 10,000)
DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s+Do(?![^\s/\[\]()<>{}%])")


class PdfError(ValueError):
    """A PDF that cannot be read: corrupt, encrypted, scanned, too long."""


@dataclass(frozen=True)
class Word:
    """A word's box as pdfplumber found it, its letters in reading order."""

    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    size: float
    bold: bool

    @classmethod
    def of(cls, found: dict[str, object]) -> Word:
        def number(key: str) -> float:
            value = found[key]
            return float(value) if isinstance(value, (int, float)) else 0.0

        return cls(
            number("x0"), number("x1"), number("top"), number("bottom"), logical(str(found["text"])),
            number("size"), "bold" in str(found.get("fontname", "")).lower(),
        )  # fmt: skip


@dataclass(frozen=True)
class Line:
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    text: str
    size: float
    bold: bool
    column: int  # 0 the rightmost; -1 a line across the columns


def logical(word: str) -> str:
    """A word pdfplumber read right to left: presentation forms folded, ۀ as «هٔ», and runs of
    digits or Latin letters back in their own left-to-right order."""
    word = fold_compatibility_forms(word).replace("\u06c0", "\u0647\u0654")
    return LTR_RUN.sub(lambda m: m.group()[::-1], word)


def _lines_of(page_number: int, words: list[Word], width: float) -> list[Line]:
    bands = _gutters(words, width)
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: w.bottom):
        if rows and abs(rows[-1][-1].bottom - word.bottom) <= 3:
            rows[-1].append(word)
        else:
            rows.append([word])
    lines: list[Line] = []
    for row in rows:
        crosses = any(_crosses(row, low, high) for low, high in bands)
        groups: dict[int, list[Word]] = {}
        for word in row:
            groups.setdefault(-1 if crosses else _column(word, bands), []).append(word)
        for column, group in groups.items():
            lines.append(_line(page_number, column, group))
    return lines


def _gutters(words: list[Word], width: float) -> list[tuple[float, float]]:
    """The empty vertical bands between columns, right to left: x ranges that (nearly) no word in
    the body's type covers; a title or a masthead in other type may cross them."""
    if not words:
        return []
    sizes = Counter[float]()
    for word in words:
        sizes[round(word.size * 2) / 2] += len(word.text)
    body = sizes.most_common(1)[0][0]
    words = [w for w in words if abs(w.size - body) <= 0.6]  # body type only
    covered = [0] * (int(width) + 2)
    for word in words:
        for x in range(max(0, int(word.x0)), min(len(covered), int(word.x1) + 1)):
            covered[x] += 1
    rows = len({round(w.bottom) for w in words})
    left, right = int(min(w.x0 for w in words)), int(max(w.x1 for w in words))
    quiet = [count <= rows // 20 for count in covered]  # one line in twenty may cross it
    bands: list[tuple[float, float]] = []
    x = left + 1
    while x < right:
        if quiet[x]:
            start = x
            while x < right and quiet[x]:
                x += 1
            either_side = (sum(1 for w in words if w.x1 <= start), sum(1 for w in words if w.x0 >= x))
            if x - start >= GUTTER and min(either_side) >= 3:  # a column of text on each side
                bands.append((start, x))
        x += 1
    return sorted(bands, reverse=True)


def _crosses(row: list[Word], low: float, high: float) -> bool:
    """A row runs across the band: a word lies in it, or the words either side of it are only a
    word space apart (a centred line), not a gutter."""
    spans = sorted((w.x0, w.x1) for w in row)
    if any(x0 < high and x1 > low for x0, x1 in spans):
        return True
    return any(a1 <= low and b0 >= high and b0 - a1 < GUTTER * 1.5 for (_, a1), (b0, _) in pairwise(spans))


def _column(word: Word, bands: list[tuple[float, float]]) -> int:
    middle = (word.x0 + word.x1) / 2
    return sum(1 for low, _ in bands if middle < low)  # bands right to left: 0 is the rightmost


def _line(page: int, column: int, words: list[Word]) -> Line:
    words = sorted(words, key=lambda w: -w.x1)
    # Left-to-right words side by side («Google Maps») stand in their own order.
    i = 0
    while i < len(words):
        j = i
        while j < len(words) and not RTL_LETTER.search(words[j].text):
            j += 1
        if j - i > 1:
            words[i:j] = words[i:j][::-1]
        i = max(j, i + 1)
    out = words[0].text
    for previous, word in pairwise(words):
        gap = min(abs(previous.x0 - word.x1), abs(word.x0 - previous.x1))
        touching = gap < TOUCHING and RTL_LETTER.search(out[-1:]) and RTL_LETTER.search(word.text[:1])
        out += ("\u200c" if touching else " ") + word.text
    sizes = Counter(round(w.size, 1) for w in words)
    return Line(
        page=page,
        top=min(w.top for w in words),
        bottom=max(w.bottom for w in words),
        x0=min(w.x0 for w in words),
        x1=max(w.x1 for w in words),
        text=out,
        size=sizes.most_common(1)[0][0],
        bold=sum(1 for w in words if w.bold) > len(words) / 2,
        column=column,
    )


def reading_order(lines: list[Line]) -> list[Line]:
    """A page's lines as they are read: top to bottom, a line across the columns in its place,
    and between two such lines each column whole, the rightmost first."""
    ordered: list[Line] = []
    run: list[Line] = []
    for line in sorted(lines, key=lambda x: x.bottom):
        if line.column == -1:
            ordered += sorted(run, key=lambda x: (x.column, x.bottom))
            run = []
            ordered.append(line)
        else:
            run.append(line)
    return ordered + sorted(run, key=lambda x: (x.column, x.bottom))


def _too_many_pages(count: int | str, max_pages: int) -> PdfError:
    return PdfError(
        f"the PDF has {count} pages; the limit is {max_pages} ([import] max_pages):"
        " split out the interview's pages first"
    )


def check_structure(path: Path, max_pages: int) -> None:
    """Refuse, before any page is rendered, a PDF over the page limit (its page tree is walked,
    no page built) or a page whose Form XObjects nest or repeat past the bounds above."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    with path.open("rb") as file:
        document = PDFDocument(PDFParser(file))
        declared = resolve1(resolve1(document.catalog.get("Pages")) or {}).get("Count")
        if isinstance(declared, int) and declared > max_pages:
            raise _too_many_pages(f"{declared:,}", max_pages)
        for number, page in enumerate(PDFPage.create_pages(document), start=1):
            if number > max_pages:
                raise _too_many_pages(f"more than {max_pages}", max_pages)
            _check_page(number, page.contents, resolve1(page.resources) or {})


def _check_page(number: int, contents: list[object], resources: dict[str, object]) -> None:
    memo: dict[int, tuple[int, int]] = {}
    draws = size = 0
    for stream in contents:
        more, bytes_ = _stream_cost(number, stream, resources, 0, memo)
        draws, size = draws + more, size + bytes_
        _within(number, draws, size)


def _within(number: int, draws: int, size: int) -> None:
    if draws > MAX_DRAWS:
        raise PdfError(f"page {number} draws its Form XObjects more than {MAX_DRAWS:,} times (the limit)")
    if size > MAX_PAGE_CONTENT:
        raise PdfError(f"page {number} runs more than {MAX_PAGE_CONTENT >> 20} MB of drawing (the limit)")


def _stream_cost(
    number: int, stream: object, resources: dict[str, object], depth: int, memo: dict[int, tuple[int, int]]
) -> tuple[int, int]:
    """(forms drawn, content bytes run) by one content stream, forms inside it included."""
    from pdfminer.pdftypes import PDFObjRef, PDFStream, resolve1
    from pdfminer.psparser import LIT

    stream = resolve1(stream)
    if not isinstance(stream, PDFStream):
        return 0, 0
    data = stream.get_data()
    draws, size = 0, len(data)
    xobjects = resolve1(resources.get("XObject")) if isinstance(resources, dict) else None
    if not isinstance(xobjects, dict):
        return 0, size
    for found in DO.finditer(data):
        name = re.sub(rb"#([0-9a-fA-F]{2})", lambda m: bytes([int(m.group(1), 16)]), found.group(1))
        reference = xobjects.get(name.decode("latin-1"))
        form = resolve1(reference)
        if not isinstance(form, PDFStream) or form.get("Subtype") is not LIT("Form"):
            continue
        if depth + 1 > MAX_FORM_DEPTH:
            raise PdfError(f"page {number} nests Form XObjects more than {MAX_FORM_DEPTH} deep (the limit)")
        key = reference.objid if isinstance(reference, PDFObjRef) else id(form)
        if key not in memo:
            inner = resolve1(form.get("Resources")) or resources
            memo[key] = _stream_cost(number, form, inner, depth + 1, memo)
        more, bytes_ = memo[key]
        draws, size = draws + 1 + more, size + bytes_
        _within(number, draws, size)
    return draws, size


def pdf_lines(path: Path, max_pages: int) -> list[Line]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    try:
        check_structure(path, max_pages)
        with pdfplumber.open(path) as pdf:
            lines: list[Line] = []
            for number, page in enumerate(pdf.pages, start=1):
                found = page.extract_words(char_dir="rtl", extra_attrs=["fontname", "size"])
                if sum(len(str(w["text"])) for w in found) > MAX_PAGE_CHARS:  # before the layout's work
                    raise PdfError(f"page {number} holds more than {MAX_PAGE_CHARS:,} letters (the limit)")
                lines += reading_order(_lines_of(number, [Word.of(w) for w in found], float(page.width)))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise PdfError("the PDF is encrypted: save an unprotected copy and import that") from None
    except (
        PdfminerException, MalformedPDFException, PDFSyntaxError, PSException, KeyError, ValueError,
        TypeError, AttributeError, IndexError, RecursionError,
    ) as exc:  # fmt: skip
        if isinstance(exc, PdfError):
            raise
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise PdfError("the PDF is encrypted: save an unprotected copy and import that") from None
        raise PdfError(f"not a readable PDF ({type(cause).__name__}): is the file complete?") from None
    if not any(line.text.strip() for line in lines):
        raise PdfError("the PDF has no text layer (a scanned page): OCR it first, e.g. with ocrmypdf")
    return lines


def pdf_blocks(path: Path, max_pages: int) -> list[Block]:
    """The PDF's blocks: the title, paragraphs (bold ones ending in «؟» questions) and breaks."""
    lines = pdf_lines(path, max_pages)
    pages = len({line.page for line in lines})
    places = Counter((line.text, round(line.top)) for line in lines)
    lines = [
        line
        for line in lines
        if not (pages > 1 and places[(line.text, round(line.top))] >= pages)  # a running head
        and not re.fullmatch(r"[\d۰-۹\s\-–|]+", line.text)  # a page number
    ]
    if not lines:
        return []
    weights = Counter[float]()
    for line in lines:
        weights[line.size] += len(line.text)
    body = weights.most_common(1)[0][0]
    pitches = [
        b.bottom - a.bottom
        for a, b in pairwise(lines)
        if a.page == b.page and a.column == b.column and 0 < b.bottom - a.bottom < 3 * body
    ]
    pitch = median(pitches) if pitches else 1.5 * body
    blocks: list[Block] = []
    paragraph: list[Line] = []

    def flush() -> None:
        if not paragraph:
            return
        text = " ".join(line.text for line in paragraph)
        line_number = paragraph[0].page * 1000 + round(paragraph[0].top)
        asks = text.rstrip().endswith(("؟", "?"))
        bullet = text[:1] in BULLETS
        if paragraph[0].size >= 1.4 * body:
            blocks.append(Block(Kind.TITLE, text, line_number))
        elif labelled := QUESTION_MARK.match(text):  # «س: …»
            blocks.append(Block(Kind.QUESTION, labelled.group(1).strip(), line_number))
        elif asks and (all(line.bold for line in paragraph) or bullet):  # bold, or «■ …؟»
            blocks.append(Block(Kind.QUESTION, text.lstrip("".join(BULLETS) + " "), line_number))
        else:
            text = ANSWER_MARK.sub("", text)
            blocks.extend([Block(Kind.TEXT, text, line_number), Block(Kind.BREAK, "", line_number)])
        paragraph.clear()

    for line in lines:
        if paragraph:
            last = paragraph[-1]
            same_place = line.page == last.page and line.column == last.column
            flowed = not same_place and not last.text.endswith((".", "؟", "?", "!", "»", ":"))
            if (
                line.bold != last.bold
                or abs(line.size - last.size) > 0.5
                or (same_place and line.bottom - last.bottom > 1.3 * pitch * line.size / body)
                or (not same_place and not flowed)
                or (line.column == -1) != (last.column == -1)
            ):
                flush()
        paragraph.append(line)
    flush()
    return blocks
