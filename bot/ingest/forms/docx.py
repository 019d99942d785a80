"""Word files (python-docx), read by their structure."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from bot.ingest.blocks import ANSWER_MARK, QUESTION_MARK, Block, Kind
from bot.ingest.draft import Draft, read_all
from bot.ingest.size import LIMIT_SETTING, check_size
from bot.settings import ImportLimits

if TYPE_CHECKING:
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run


def import_docx(path: Path, limits: ImportLimits) -> list[Draft]:
    """A Word file (python-docx), read by its structure: the Heading 1 (or Title) paragraph is
    the title, «گفت‌وگو با …» the interviewee and role, «گفت‌وگو: <name>» the interviewer, a bold
    paragraph a question (a last «؟» that is not bold too), the other paragraphs the lead before
    the first question and answers after it. Italic notes (a photo caption) are left out."""
    from zipfile import BadZipFile, ZipFile

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    from bot.ingest.limits import inflated_size
    from bot.library.interview import InterviewFileError

    check_size(path, limits)
    try:
        with ZipFile(path) as archive:  # a zip bomb is refused before anything is unpacked
            unpacked = sum(entry.file_size for entry in archive.infolist())
        if unpacked > limits.max_bytes:
            raise InterviewFileError(
                path, 1, f"the Word file unpacks to {unpacked:,} bytes; the limit is {limits.max_bytes:,}"
                " ([import] max_bytes)",
            )  # fmt: skip
        inflated_size(path, limits.max_bytes, LIMIT_SETTING)  # what it really unpacks to: sizes can lie
        document = Document(str(path))
    except (BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        if isinstance(exc, InterviewFileError):
            raise
        raise InterviewFileError(path, 1, f"not a Word file (.docx): {exc}") from None
    from docx.table import Table

    blocks: list[Block] = []
    styled_title = any(
        p.style is not None and p.style.name in ("Title", "Heading 1") for p in document.paragraphs
    )
    for number, item in enumerate(document.iter_inner_content(), start=1):
        if isinstance(item, Table):  # a table inside an answer: its rows as sentences
            rows = [[cell.text.strip() for cell in row.cells] for row in item.rows]
            asked = [row for row in rows if len(row) >= 2 and row[0].endswith(("؟", "?"))]
            if len(asked) >= 2 and len(asked) >= len(rows) - 1:  # a question per row, its answer beside it
                for row in asked:
                    blocks.append(Block(Kind.QUESTION, QUESTION_MARK.sub(r"\1", row[0]).strip(), number))
                    for cell in dict.fromkeys(row[1:]):  # merged cells repeat their text
                        blocks.extend(
                            [
                                Block(Kind.TEXT, ANSWER_MARK.sub("", cell), number),
                                Block(Kind.BREAK, "", number),
                            ]
                        )
                continue
            if text := table_text(rows):
                blocks.extend([Block(Kind.TEXT, text, number), Block(Kind.BREAK, "", number)])
            continue
        paragraph = item
        text = paragraph.text.strip()
        if not text:
            continue
        if not styled_title and not blocks and not text.endswith(("؟", "?")):
            blocks.append(Block(Kind.TITLE, text, number))  # no heading style: the first line heads it
            continue
        runs = [run for run in paragraph.runs if run.text.strip(" \u200c؟?.:،")]
        style = paragraph.style.name if paragraph.style is not None else ""
        asks = text.endswith(("؟", "?"))
        if labelled := QUESTION_MARK.match(text):  # «س: …», «پرسش ۱: …» in any type
            blocks.append(Block(Kind.QUESTION, labelled.group(1).strip(), number))
        elif style in ("Title", "Heading 1"):
            blocks.append(Block(Kind.TITLE, text, number))
        elif runs and all(run.italic for run in runs):
            blocks.append(Block(Kind.NOTE, text, number))
        elif (runs and all(run.bold for run in runs)) or style.startswith("Heading"):
            blocks.append(Block(Kind.QUESTION, text, number))
        elif asks and (_numbered(paragraph) or (runs and all(_coloured(run) for run in runs))):
            blocks.append(Block(Kind.QUESTION, text, number))  # a numbered or coloured question
        else:
            blocks.extend(
                [Block(Kind.TEXT, ANSWER_MARK.sub("", text), number), Block(Kind.BREAK, "", number)]
            )
    return read_all(blocks, f"{path.name}: paragraph")


def _numbered(paragraph: Paragraph) -> bool:
    """An item of a numbered list: Word's list style, or numbering set on the paragraph."""
    style = paragraph.style.name if paragraph.style is not None else ""
    properties = paragraph._p.pPr
    return style.startswith("List Number") or (properties is not None and properties.numPr is not None)


def _coloured(run: Run) -> bool:
    """A run in a colour other than black or the theme's text colour."""
    color = run.font.color
    return color is not None and color.type is not None and str(color.rgb or "000000") != "000000"


def table_text(rows: list[list[str]]) -> str:
    """A table written as sentences, one per row: with a header row («سال» | «صادرات (تن)»),
    «سال ۱۳۹۸: ۳۱۰ تن.»; a unit in brackets in a header follows the value; without one, the
    cells of a row joined by «، »."""
    rows = [row for row in rows if any(row)]
    if len(rows) < 2:
        return " ".join(" ".join(row) for row in rows)
    header, body = rows[0], rows[1:]
    numeric = all(re.search(r"[0-9۰-۹]", row[-1]) for row in body if row)
    if not numeric or len(header) < 2:
        return " ".join("، ".join(c for c in row if c) + "." for row in rows)
    out = []
    for row in body:
        values = []
        for name, cell in zip(header[1:], row[1:], strict=False):
            unit = re.search(r"\(([^)]+)\)", name)
            values.append(f"{cell} {unit.group(1)}" if unit else f"{name} {cell}")
        out.append(f"{header[0]} {row[0]}: {'، '.join(values)}.")
    return " ".join(out)
