"""PDF files, by their words' positions and fonts."""

from __future__ import annotations

from pathlib import Path

from bot.ingest.draft import Draft, read_all
from bot.ingest.size import check_size
from bot.settings import ImportLimits


def import_pdf(path: Path, limits: ImportLimits) -> list[Draft]:
    """A PDF, by its words' positions and fonts (``bot.ingest.pdf``)."""
    from bot.ingest.pdf import PdfError, pdf_blocks
    from bot.library.interview import InterviewFileError

    check_size(path, limits)
    try:
        blocks = pdf_blocks(path, limits.max_pages)
    except PdfError as exc:
        raise InterviewFileError(path, 1, str(exc)) from None
    return read_all(blocks, f"{path.name}: page×1000+y")
