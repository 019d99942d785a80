"""Word files (python-docx), read by their structure."""

from __future__ import annotations

from pathlib import Path

from bot.ingest.blocks import ANSWER_MARK, QUESTION_MARK, Block, Kind
from bot.ingest.draft import Draft, read_all
from bot.ingest.size import check_size
from bot.settings import ImportLimits


def import_docx(path: Path, limits: ImportLimits) -> list[Draft]:
    """A Word file (python-docx), read by its structure: the Heading 1 (or Title) paragraph is
    the title, «گفت‌وگو با …» the interviewee and role, «گفت‌وگو: <name>» the interviewer, a bold
    paragraph a question (a last «؟» that is not bold too), the other paragraphs the lead before
    the first question and answers after it. Italic notes (a photo caption) are left out."""
    from zipfile import BadZipFile, ZipFile

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

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
        document = Document(str(path))
    except (BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        if isinstance(exc, InterviewFileError):
            raise
        raise InterviewFileError(path, 1, f"not a Word file (.docx): {exc}") from None
    blocks: list[Block] = []
    styled_title = any(
        p.style is not None and p.style.name in ("Title", "Heading 1") for p in document.paragraphs
    )
    for number, paragraph in enumerate(document.paragraphs, start=1):
        text = paragraph.text.strip()
        if not text:
            continue
        if not styled_title and not blocks and not text.endswith(("؟", "?")):
            blocks.append(Block(Kind.TITLE, text, number))  # no heading style: the first line heads it
            continue
        runs = [run for run in paragraph.runs if run.text.strip(" \u200c؟?.:،")]
        style = paragraph.style.name if paragraph.style is not None else ""
        if labelled := QUESTION_MARK.match(text):  # «س: …» in plain type
            blocks.append(Block(Kind.QUESTION, labelled.group(1).strip(), number))
        elif style in ("Title", "Heading 1"):
            blocks.append(Block(Kind.TITLE, text, number))
        elif runs and all(run.italic for run in runs):
            blocks.append(Block(Kind.NOTE, text, number))
        elif (runs and all(run.bold for run in runs)) or style.startswith("Heading"):
            blocks.append(Block(Kind.QUESTION, text, number))
        else:
            blocks.extend(
                [Block(Kind.TEXT, ANSWER_MARK.sub("", text), number), Block(Kind.BREAK, "", number)]
            )
    return read_all(blocks, f"{path.name}: paragraph")
