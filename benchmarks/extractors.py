"""The HTML and PDF extractors measured before choosing the importer's (development corpus).

    uv run --with trafilatura --with readability-lxml --with pypdf \\
        python -m benchmarks.extractors

For the saved page (``salehinia.html``): how many of its ZWNJ each keeps, and whether the <h1>,
the «گفت‌وگو با» kicker and the «بیشتر بخوانید» link inside the body come out. For the two-column
PDF (``farahmand.pdf``): the share of the gold file's paragraphs whose first 40 letters appear, in
order, in the extractor's text (ZWNJ and spacing aside): letters in visual order, digits reversed
or columns interleaved all lower it. The importer's own readers (lxml with rules; pdfplumber's
word boxes) are measured the same way. Libraries that are not installed are reported so.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from benchmarks.dev import DEV
from bot.library.interview import load_interview


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u06c0", "ه").replace("\u0654", "")
    return re.sub(r"[\s\u200c]+", "", text)


def html_candidates() -> dict[str, Callable[[str], str]]:
    def trafilatura_text(page: str) -> str:
        import trafilatura

        return trafilatura.extract(page, output_format="markdown", include_formatting=True) or ""

    def readability_text(page: str) -> str:
        from lxml import html
        from readability import Document

        return str(html.fromstring(Document(page).summary(html_partial=True)).text_content())

    def ours(page: str) -> str:
        from bot.ingest.webpage import page_blocks

        blocks, _ = page_blocks(Path("page.html"), page.encode("utf-8"))
        return "\n".join(b.text for b in blocks)

    return {
        "trafilatura": trafilatura_text,
        "readability-lxml": readability_text,
        "lxml + rules (ours)": ours,
    }


def pdf_candidates() -> dict[str, Callable[[Path], str]]:
    def pdfminer_text(path: Path) -> str:
        from pdfminer.high_level import extract_text

        return str(extract_text(str(path)))

    def pypdf_text(path: Path) -> str:
        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)

    def ours(path: Path) -> str:
        from bot.ingest.pdf import pdf_blocks

        return "\n".join(b.text for b in pdf_blocks(path, 60))

    return {"pdfminer.six": pdfminer_text, "pypdf": pypdf_text, "pdfplumber word boxes (ours)": ours}


MODULES = {
    "trafilatura": "trafilatura",
    "readability-lxml": "readability",
    "pypdf": "pypdf",
    "pdfminer.six": "pdfminer",
}


def yes(found: bool) -> str:
    return "yes" if found else "no"


def main() -> None:
    if not DEV.is_dir():
        print(f"skipped: no development corpus at {DEV}")
        return
    page = (DEV / "salehinia.html").read_text(encoding="utf-8")
    zwnj = page.count("\u200c") + page.count("&zwnj;")
    print("| HTML extractor | ZWNJ kept | <h1> | kicker | «بیشتر بخوانید» left in |")
    print("|---|---|---|---|---|")
    for name, extract in html_candidates().items():
        if name in MODULES and importlib.util.find_spec(MODULES[name]) is None:
            print(f"| {name} | not installed | | | |")
            continue
        text = extract(page)
        marks = [yes(phrase in text) for phrase in ("مسکن دیگر سرپناه", "گفت‌وگو با دکتر", "بیشتر بخوانید")]
        print(f"| {name} | {text.count(chr(0x200C))}/{zwnj} | {' | '.join(marks)} |")
    gold = load_interview(DEV / "farahmand.md")
    starts = [_plain(p)[:40] for s in gold.segments for p in s.paragraphs]
    print()
    print("| PDF extractor | gold paragraphs found in order |")
    print("|---|---|")
    for name, read in pdf_candidates().items():
        if name in MODULES and importlib.util.find_spec(MODULES[name]) is None:
            print(f"| {name} | not installed |")
            continue
        text, at, found = _plain(read(DEV / "farahmand.pdf")), 0, 0
        for start in starts:
            where = text.find(start, at)
            if where >= 0:
                found, at = found + 1, where
        print(f"| {name} | {found}/{len(starts)} |")


if __name__ == "__main__":
    main()
