"""What a file is, from its content."""

from __future__ import annotations

from pathlib import Path

from bot.ingest.forms.email import looks_like_email
from bot.ingest.forms.post import looks_like_post
from bot.ingest.forms.printed import looks_printed
from bot.ingest.forms.subtitles import looks_like_subtitles
from bot.ingest.forms.text import foreign_front_matter


def source_form(path: Path) -> str:
    """What a file is, from its first bytes (a name can lie): pdf, docx, html or text."""
    from bot.library.interview import InterviewFileError

    try:
        with path.open("rb") as file:
            start = file.read(2048)
    except OSError as exc:
        raise InterviewFileError(path, 0, f"cannot read: {exc.strerror or exc}") from None
    if start.startswith(b"%PDF-"):
        return "pdf"
    if start.startswith(b"PK\x03\x04") or path.suffix.lower() == ".docx":
        return "docx"  # a zip: a Word file, or refused as not one
    head = start.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or path.suffix.lower() in (".html", ".htm"):
        return "html"
    return "text"


def text_form(raw: str) -> str:
    """Which form a text file is, from its content: «blog Markdown» (a front matter that is not
    the format's), «subtitles», «email», «post» (Telegram, Instagram), «printed pages», else
    «text» (a transcript, marked questions, a news report or PDF-extractor text: their readers
    say which)."""
    if raw.startswith("---") and foreign_front_matter(raw) is not None:
        return "blog Markdown"
    if looks_like_subtitles(raw):
        return "subtitles"
    if looks_like_email(raw):
        return "email"
    if looks_like_post(raw):
        return "post"
    if looks_printed(raw):
        return "printed pages"
    return "text"
