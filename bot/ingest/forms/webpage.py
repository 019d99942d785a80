"""Saved web pages."""

from __future__ import annotations

from pathlib import Path

from bot.ingest.draft import Draft, read_all
from bot.ingest.size import check_size
from bot.settings import ImportLimits


def import_html(path: Path, limits: ImportLimits) -> list[Draft]:
    """A saved web page: its article (``bot.ingest.webpage``), what its markup says of the date,
    the author and the site filling what the text does not."""
    from bot.ingest.webpage import NoArticle, page_blocks
    from bot.library.interview import InterviewFileError

    check_size(path, limits)
    try:
        blocks, meta = page_blocks(path, path.read_bytes())
    except NoArticle as exc:
        raise InterviewFileError(path, 1, str(exc)) from None
    drafts = read_all(blocks, f"{path.name}: line")
    if len(drafts) == 1:  # the page's date and author are the interview's when it is the only one
        drafts[0].fill(meta)
    return drafts
