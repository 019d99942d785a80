"""What a file is, from its content."""

from __future__ import annotations

from pathlib import Path


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
