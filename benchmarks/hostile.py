"""Hostile files of every form, made here (small, from nothing), and what importing each costs.

    uv run python -m benchmarks.hostile            # print the table
    uv run python -m benchmarks.hostile --write    # and put it in BENCHMARKS.md

Each file is imported as ``interview-bot import`` does (``import_interviews``: the reader in a
worker process under ``[import]`` limits); the table gives the outcome (imported, or the one line
that refused it), the wall seconds and the worker's peak resident memory. The tests
(``tests/library/test_hostile_files.py``) use the same makers.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import struct
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from bot.settings import ImportLimits

QA = "س: چرا؟\nج: پاسخ.\n"


def long_word_text(letters: int) -> bytes:
    """One word of ``letters`` letters, then a question and its answer (item 1 of issue 28)."""
    return ("ب" * letters + "\n\n" + QA).encode()


def unclosed_divs_page(pairs: int) -> bytes:
    """``pairs`` questions and answers, each in a <div> never closed (nesting ``pairs`` deep)."""
    body = "".join(f"<div><p><b>پرسش {i} چیست؟</b></p><p>پاسخ {i}.</p>\n" for i in range(pairs))
    head = "<html><head><meta charset='utf-8'></head><body><article><h1>عنوان</h1>"
    return f"{head}{body}</article></body></html>".encode()


def big_paragraph_page(size: int) -> bytes:
    """A question, then one paragraph of ``size`` bytes (past libxml2's 10 MB text node)."""
    text = " ".join(["واژه"] * (size // 9))  # 8 bytes of UTF-8 and a space
    return (
        "<html><head><meta charset='utf-8'></head><body><article><h1>عنوان</h1>"
        f"<p><b>چرا؟</b></p><p>{text}.</p></article></body></html>"
    ).encode()


def many_bolds_page(bolds: int) -> bytes:
    """One paragraph of ``bolds`` <b> elements (``_all_bold`` was quadratic in them)."""
    inner = "".join(f"<b>واژه{i}</b> " for i in range(bolds))
    return (
        "<html><head><meta charset='utf-8'></head><body><article><h1>عنوان</h1>"
        f"<p>{inner}؟</p><p>پاسخ.</p></article></body></html>"
    ).encode()


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of these objects (1 is the catalog), with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def nested_forms_pdf(levels: int, fanout: int = 10) -> bytes:
    """One page drawing a Form XObject that draws the next ``fanout`` times, ``levels`` deep: a
    couple of KB that renders ``fanout ** levels`` texts (item 3)."""
    # 1 catalog, 2 pages, 3 page, 4 page content, 5 font, 6.. forms (6 the innermost)
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    forms = []
    for level in range(levels):
        resources = b"/Resources << /Font << /F1 5 0 R >>"
        if level == 0:
            content = b"BT /F1 12 Tf 10 10 Td (abc) Tj ET"
        else:
            resources += b" /XObject << /X %d 0 R >>" % (6 + level - 1)
            content = b" ".join([b"q /X Do Q"] * fanout)
        resources += b" >>"
        forms.append(_stream(content, b"/Type /XObject /Subtype /Form /BBox [0 0 600 800] " + resources))
    top = 6 + levels - 1
    page_content = _stream(b"q /Top Do Q")
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> /XObject << /Top %d 0 R >> >> >>" % top
    )
    return _pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page,
         page_content, font, *forms]
    )  # fmt: skip


def many_pages_pdf(pages: int) -> bytes:
    """``pages`` pages sharing one content stream: small per page, long to build (item 3)."""
    first = 5
    kids = b" ".join(b"%d 0 R" % (first + i) for i in range(pages))
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 3 0 R"
        b" /Resources << /Font << /F1 4 0 R >> >> >>"
    )
    return _pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
         _stream(b"BT /F1 12 Tf 10 700 Td (page) Tj ET"),
         b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", *([page] * pages)]
    )  # fmt: skip


def huge_mediabox_pdf() -> bytes:
    """A page whose MediaBox is [0 0 1e30 -1e30] (pdfplumber's MalformedPDFException, item 4)."""
    return _pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
         b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1e30 -1e30] /Contents 4 0 R"
         b" /Resources << /Font << /F1 5 0 R >> >> >>",
         _stream(b"BT /F1 12 Tf 10 10 Td (abc) Tj ET"),
         b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    )  # fmt: skip


DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_with(document_xml: bytes) -> bytes:
    """A minimal Word file whose ``word/document.xml`` is the given bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", DOCX_TYPES)
        archive.writestr("_rels/.rels", DOCX_RELS)
        archive.writestr("word/document.xml", document_xml)
    return out.getvalue()


def good_docx() -> bytes:
    paragraphs = (
        "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>چرا؟</w:t></w:r></w:p><w:p><w:r><w:t>پاسخ.</w:t></w:r></w:p>"
    )
    return docx_with(f'<w:document xmlns:w="{W}"><w:body>{paragraphs}</w:body></w:document>'.encode())


def malformed_docx() -> bytes:
    """A Word file whose document.xml is not well-formed XML (item 4)."""
    return docx_with(f'<w:document xmlns:w="{W}"><w:body><w:p></w:body>'.encode())


def deep_docx(depth: int = 300) -> bytes:
    """A Word file whose XML nests ``depth`` deep, past libxml2's 256 (item 4)."""
    nested = "<w:p>" * depth + "</w:p>" * depth
    return docx_with(f'<w:document xmlns:w="{W}"><w:body>{nested}</w:body></w:document>'.encode())


def lying_zip_bomb_docx(inflated: int, declared: int = 5_000) -> bytes:
    """A Word file whose document.xml inflates to ``inflated`` bytes while its zip headers
    declare ``declared`` (item 5): the local and central headers' sizes are patched."""
    data = docx_with(b"\0" * inflated)
    name = b"word/document.xml"
    out = bytearray(data)
    for signature, size_offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (at := out.find(signature, start)) >= 0:
            name_length = struct.unpack_from("<H", out, at + (26 if signature == b"PK\x03\x04" else 28))[0]
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if bytes(out[name_at : name_at + name_length]) == name:
                struct.pack_into("<I", out, at + size_offset, declared)
            start = at + 4
    return bytes(out)


def many_questions_interview(questions: int) -> bytes:
    """An interview file in the format with ``questions`` questions (parse_interview's count)."""
    head = "---\nid: many\ntitle: بسیار\ninterviewee: کسی\n---\n"
    return (head + "".join(f"\n## Q: پرسش {i}؟\n\nپاسخ {i}.\n" for i in range(questions))).encode()


CASES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "text: one 200,000-letter word": ("word.txt", lambda: long_word_text(200_000)),
    "HTML: 300 unclosed <div>": ("divs.html", lambda: unclosed_divs_page(300)),
    "HTML: a 17 MB paragraph": ("big.html", lambda: big_paragraph_page(17_000_000)),
    "HTML: 100,000 <b> in one paragraph": ("bolds.html", lambda: many_bolds_page(100_000)),
    "PDF: Form XObjects 7 deep × 10": ("forms.pdf", lambda: nested_forms_pdf(7)),
    "PDF: 100,000 pages": ("pages.pdf", lambda: many_pages_pdf(100_000)),
    "PDF: MediaBox [0 0 1e30 -1e30]": ("mediabox.pdf", huge_mediabox_pdf),
    "Word: malformed XML": ("bad.docx", malformed_docx),
    "Word: XML 300 deep": ("deep.docx", deep_docx),
    "Word: zip bomb declaring 5,000 bytes (1 GB inside)": ("bomb.docx", lambda: lying_zip_bomb_docx(1 << 30)),
    "interview file: 100,000 questions": ("many.md", lambda: many_questions_interview(100_000)),
}


def measure(folder: Path) -> list[tuple[str, int, str, float, float]]:
    """(case, file bytes, outcome, seconds, the reader's peak MB) for each hostile case."""
    from bot.ingest.importer import import_interviews
    from bot.ingest.limits import run_measured
    from bot.library.interview import InterviewFileError
    from bot.settings import load_settings

    limits = load_settings().imports
    rows = []
    for case, (name, make) in CASES.items():
        path = folder / name
        path.write_bytes(make())
        started = time.perf_counter()
        try:
            found = import_interviews(path, lambda draft, index, count: "hostile", limits)
            outcome = f"imported: {sum(i.questions for i in found)} question(s)"
        except InterviewFileError as exc:
            outcome = "refused: " + exc.message
        seconds = time.perf_counter() - started
        try:  # the same reading again in a worker of its own, for its peak memory
            peak = run_measured(path, limits, read_only, path, limits)[1].peak_bytes / 1e6
        except InterviewFileError:
            peak = 0.0  # killed at a limit: no figure comes back
        rows.append((case, path.stat().st_size, outcome, seconds, peak))
        path.unlink()
    return rows


def read_only(path: Path, limits: ImportLimits) -> None:
    """What ``import_interviews`` reads, in this process, whatever the outcome."""
    from bot.ingest.importer import import_drafts, text_drafts
    from bot.ingest.sniff import source_form
    from bot.library.interview import InterviewFileError, parse_interview, read_text

    with contextlib.suppress(InterviewFileError, Exception):  # a refusal too: its cost is the figure
        if source_form(path) != "text":
            import_drafts(path, limits)
            return
        raw = read_text(path, limits.max_bytes)
        parse_interview(raw, path) if raw.startswith("---") else text_drafts(raw, path.name)


def main() -> None:
    import tempfile

    from benchmarks.questions import machine, publish

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="put the table in BENCHMARKS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        rows = measure(Path(folder))
    lines = [
        "<!-- hostile:begin -->",
        "## Hostile files",
        "",
        f"`uv run python -m benchmarks.hostile --write` on {time.strftime('%Y-%m-%d')}, {machine()}, with"
        " the default `[import]` limits (60 s, 1,024 MB, 60 pages, 20 MB). Each file is made by"
        " `benchmarks/hostile.py` and imported as `interview-bot import` does; seconds are the whole"
        " import, the peak is the reader's worker process (– when the kernel killed it at a limit).",
        "",
        "| hostile file | bytes | outcome | seconds | reader's peak RSS |",
        "|---|---:|---|---:|---:|",
    ]
    for case, size, outcome, seconds, peak in rows:
        shown = outcome if len(outcome) < 120 else outcome[:117] + "…"
        memory = f"{peak:.0f} MB" if peak else "–"
        lines.append(f"| {case} | {size:,} | {shown} | {seconds:.2f} | {memory} |")
    lines.append("<!-- hostile:end -->")
    publish(lines, args.write)


if __name__ == "__main__":
    main()
