"""PDF import, on magazine pages drawn here the way a layout program draws them: Persian in
visual order and presentation forms (arabic-reshaper + python-bidi, as the basic card engine),
no ZWNJ kept, two columns read right to left, a title over both, bold questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ingest.importer import import_file
from bot.ingest.pdf import logical
from bot.library.interview import InterviewFileError, parse_interview
from bot.present.card import visual_order
from bot.settings import ImportLimits

FONTS = Path(__file__).resolve().parents[2] / "assets" / "fonts"
WIDTH, HEIGHT = 595.0, 842.0
RIGHT = (309.0, 556.0)  # the right column's x range
LEFT = (40.0, 286.0)
PITCH = 17.0


class Page:
    """Lines placed right-aligned in a column, or centred across both."""

    def __init__(self) -> None:
        from fpdf import FPDF

        self.pdf = FPDF(unit="pt", format=(WIDTH, HEIGHT))
        self.pdf.add_font("vazir", "", str(FONTS / "Vazirmatn-Regular.ttf"))
        self.pdf.add_font("vazir", "B", str(FONTS / "Vazirmatn-Bold.ttf"))
        self.pdf.set_auto_page_break(False)
        self.pdf.add_page()

    def new_page(self) -> None:
        self.pdf.add_page()

    def line(
        self, text: str, y: float, column: tuple[float, float] | None, size: float = 10, bold: bool = False
    ) -> None:
        self.pdf.set_font("vazir", "B" if bold else "", size)
        shown = visual_order(text).replace("\u200c", "")  # a layout program keeps no ZWNJ
        width = self.pdf.get_string_width(shown)
        x = (WIDTH - width) / 2 if column is None else column[1] - width  # centred, or right-aligned
        self.pdf.text(x, y, shown)

    def save(self, path: Path) -> Path:
        self.pdf.output(str(path))
        return path


def magazine(tmp_path: Path) -> Path:
    page = Page()
    page.line("ماهنامهٔ باغ | شمارهٔ ۹ | بهار ۱۴۰۳", 40, None, size=8)
    page.line("«باغ را باید با حوصله ساخت»", 90, None, size=22, bold=True)
    page.line("گفت‌وگو با مهندس سیما رحیمی، طراح باغ", 120, None, size=11)
    page.line("گفت‌وگو: کاوه نوری", 140, None, size=9)
    lead = ["سیما رحیمی بیست سال است که باغ‌های", "شهری را طراحی می‌کند و حالا کتابی", "تازه دارد."]
    y = 180.0
    for text in lead:
        page.line(text, y, RIGHT, size=10.5, bold=True)
        y += PITCH
    y += 8
    page.line("باغ خوب از کجا شروع می‌شود؟", y, RIGHT, bold=True)
    y += PITCH + 6
    answer = ["از خاک. من همیشه اول خاک را می‌بینم و", "بعد آب را. در سال 1398 در کرج 3 باغ", "ساختیم که هنوز"]
    for text in answer:
        page.line(text, y, RIGHT)
        y += PITCH
    # the right column ends mid-sentence; the answer goes on at the top of the left column
    y = 180.0
    for text in ["سبز است و از اپلیکیشن Google Maps", "پیدایشان می‌کنید."]:
        page.line(text, y, LEFT)
        y += PITCH
    y += 8
    page.line("گیاه بومی چه فرقی دارد؟", y, LEFT, bold=True)
    y += PITCH + 6
    page.line("آب کمتری می‌خواهد.", y, LEFT)
    page.new_page()
    page.line("و از سرما نمی‌ترسد.", 60, RIGHT)
    page.line("■", 80, RIGHT)
    page.line("12", 820, None, size=8)
    return page.save(tmp_path / "garden.pdf")


def test_a_two_column_magazine_page_is_read_in_order(tmp_path: Path) -> None:
    markdown, _ = import_file(magazine(tmp_path), "garden")
    interview = parse_interview(markdown, "garden.md")
    assert interview.title == "«باغ را باید با حوصله ساخت»"
    assert (interview.interviewee, interview.role) == ("سیما رحیمی", "طراح باغ")
    assert interview.meta["interviewer"] == "کاوه نوری"
    assert interview.meta["date"] == "بهار ۱۴۰۳"
    assert [s.question for s in interview.questions] == [
        "باغ خوب از کجا شروع می‌شود؟",
        "گیاه بومی چه فرقی دارد؟",
    ]
    first = " ".join(interview.questions[0].paragraphs)
    # the column break is inside the sentence; digits and the Latin name read left to right
    assert "در سال ۱۳۹۸ در کرج ۳ باغ ساختیم که هنوز سبز است و از اپلیکیشن Google Maps" in first
    assert "می‌بینم" in first  # touching boxes are one word with a ZWNJ
    assert " ".join(interview.questions[1].paragraphs) == "آب کمتری می‌خواهد. و از سرما نمی‌ترسد."
    lead = next(s for s in interview.segments if s.question is None)
    assert (
        " ".join(lead.paragraphs)
        == "سیما رحیمی بیست سال است که باغ‌های شهری را طراحی می‌کند و حالا کتابی تازه دارد."
    )
    assert "■" not in markdown and "۱۲" not in markdown.split("---")[-1]


def test_words_come_back_in_logical_order() -> None:
    assert logical("\ufeeb\ufeea") == "هه"  # presentation forms are letters again
    assert logical("۸۲۳۱") == "۱۳۲۸" and logical("ebuTuoY") == "YouTube"
    assert logical("\ufefb") == "لا"  # the lam-alef ligature is two letters again
    assert logical("\u06c0") == "هٔ"


def test_a_pdf_without_a_text_layer_is_refused_in_one_line(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(unit="pt")
    pdf.add_page()
    pdf.rect(50, 50, 200, 100, style="F")  # a scan: drawn, nothing to read
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(InterviewFileError, match=r"no text layer .*OCR"):
        import_file(path, "scan")


def test_bad_pdfs_get_one_clear_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntrailer garbage")
    with pytest.raises(InterviewFileError, match=r"not a readable PDF|no text layer"):
        import_file(broken, "broken")
    long = magazine(tmp_path)
    with pytest.raises(InterviewFileError, match="has 2 pages; the limit is 1"):
        import_file(long, "long", ImportLimits(max_pages=1))
    with pytest.raises(InterviewFileError, match="the limit is 1,000"):
        import_file(long, "long", ImportLimits(max_bytes=1000))


def test_an_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(unit="pt")
    pdf.add_page()
    pdf.add_font("vazir", "", str(FONTS / "Vazirmatn-Regular.ttf"))
    pdf.set_font("vazir", "", 10)
    pdf.text(50, 50, "text")
    pdf.set_encryption(owner_password="owner", user_password="secret")
    path = tmp_path / "locked.pdf"
    pdf.output(str(path))
    with pytest.raises(InterviewFileError, match="encrypted"):
        import_file(path, "locked")
