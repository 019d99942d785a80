"""Hostile files (issue 28): each made here, small, and each import bounded by the importer's own
limits (a worker process with CPU, memory and wall-time limits; structural limits before that),
never by the test. Refused files are one line, exit 2; content is never dropped silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import hostile
from bot.cli import main
from bot.ingest.header import SAYS, speaker_in
from bot.ingest.importer import import_file
from bot.ingest.limits import run_bounded
from bot.ingest.webpage import _all_bold
from bot.ingest.write import to_markdown
from bot.library.interview import InterviewFileError, load_interview, parse_interview
from bot.settings import ImportLimits

# Generous on a loaded two-core machine; what each test asserts is the outcome, never a time.
LIMITS = ImportLimits(max_seconds=30)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# 1. One long word: SAYS tried from each of its letters was quadratic (200,000 letters: ~2.8 h).


def test_a_long_word_imports_within_the_limits(tmp_path: Path) -> None:
    path = write(tmp_path, "word.txt", hostile.long_word_text(200_000))
    markdown, _ = import_file(path, "word", LIMITS)  # over 30 s it would be refused, naming the limit
    assert parse_interview(markdown).questions[0].question == "چرا؟"


def test_says_finds_a_surname_only_where_a_word_starts() -> None:
    text = "به گفتهٔ او، رضایی می‌گوید و علی‌رضایی معتقد است که ۱۲کاظمی گفت: نه"
    assert [m.group("surname") for m in SAYS.finditer(text)] == ["رضایی", "علی‌رضایی", "کاظمی"]
    long_word = run_bounded(Path("x"), LIMITS, speaker_in, ["ب" * 300_000 + "، حسینی می‌گوید"])
    assert long_word == "حسینی"


# 2. HTML: libxml2's default limits dropped content with exit 0 and no warning.


def test_three_hundred_unclosed_divs_keep_every_question(tmp_path: Path) -> None:
    path = write(tmp_path, "divs.html", hostile.unclosed_divs_page(300))
    markdown, _ = import_file(path, "divs", LIMITS)
    assert len(parse_interview(markdown).questions) == 300  # was 251, with exit 0


def test_a_17_mb_paragraph_is_kept(tmp_path: Path) -> None:
    path = write(tmp_path, "big.html", hostile.big_paragraph_page(17_000_000))
    markdown, _ = import_file(path, "big", LIMITS)
    answer = parse_interview(markdown).questions[0].paragraphs[0]
    assert len(answer.encode()) > 16_000_000  # it vanished without a word


def test_nesting_past_the_limit_is_refused_not_cut(tmp_path: Path) -> None:
    path = write(tmp_path, "deep.html", hostile.unclosed_divs_page(3000))
    with pytest.raises(InterviewFileError, match=r"nest more than 400 deep|past the HTML parser's limits"):
        import_file(path, "deep", LIMITS)


# 3. PDF: bounded before rendering (page tree, Form XObjects), and by the worker's limits.


def test_nested_form_xobjects_are_refused_before_rendering(tmp_path: Path) -> None:
    path = write(tmp_path, "forms.pdf", hostile.nested_forms_pdf(7))  # 10 million drawings
    with pytest.raises(InterviewFileError, match="more than 10,000 times"):
        import_file(path, "forms", LIMITS)


def test_a_pdf_over_the_page_limit_is_refused_before_any_page_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pdfplumber

    from bot.ingest.pdf import PdfError, pdf_blocks

    opened: list[object] = []
    monkeypatch.setattr(pdfplumber, "open", lambda *a, **k: opened.append(a) or pytest.fail("opened"))
    path = write(tmp_path, "pages.pdf", hostile.many_pages_pdf(5_000))
    with pytest.raises(PdfError, match="has 5,000 pages; the limit is 60"):
        pdf_blocks(path, 60)
    assert opened == []


def test_a_page_over_the_letters_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.ingest.pdf
    from bot.ingest.pdf import PdfError, pdf_blocks

    path = write(tmp_path, "dense.pdf", hostile.nested_forms_pdf(3))  # 100 drawings of «abc»
    monkeypatch.setattr(bot.ingest.pdf, "MAX_PAGE_CHARS", 200)  # the limit, scaled to the file
    with pytest.raises(PdfError, match="page 1 holds more than 200 letters"):
        pdf_blocks(path, 60)


def spin_forever() -> None:
    while True:
        pass


def allocate(megabytes: int) -> int:
    return len(bytearray(megabytes << 20))


def test_a_reader_over_its_time_is_stopped_in_one_line() -> None:
    with pytest.raises(InterviewFileError, match=r"longer than 2 s \(\[import\] max_seconds\)"):
        run_bounded(Path("slow.pdf"), ImportLimits(max_seconds=2), spin_forever)


def test_a_reader_over_its_memory_is_stopped_in_one_line() -> None:
    limits = ImportLimits(max_seconds=30, max_memory_mb=64)
    with pytest.raises(InterviewFileError, match=r"more memory than .*max_memory_mb"):
        run_bounded(Path("big.pdf"), limits, allocate, 2048)
    assert run_bounded(Path("small.pdf"), limits, allocate, 8) == 8 << 20


# 4. Every reader's error is the importer's one line, exit 2; a folder imports the rest.


@pytest.mark.parametrize(
    ("name", "make", "said"),
    [
        ("bad.docx", hostile.malformed_docx, "malformed XML"),
        ("deep.docx", hostile.deep_docx, "malformed XML"),
        ("mediabox.pdf", hostile.huge_mediabox_pdf, "not a readable PDF"),
    ],
)
def test_a_readers_error_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, make: object, said: str
) -> None:
    assert callable(make)
    path = write(tmp_path, name, make())
    code, out, err = run(capsys, "import", str(path))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and f"{name}:1: {said}" in err and "Traceback" not in err


def test_a_folder_with_a_bad_word_file_imports_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox, corpus = tmp_path / "inbox", tmp_path / "corpus"
    inbox.mkdir()
    corpus.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (inbox / name).write_bytes(hostile.QA.encode())
    write(inbox, "bad.docx", hostile.malformed_docx())
    code, _, err = run(capsys, "import", str(inbox), "-o", str(corpus))
    assert code == 2
    assert (
        "bad.docx:1: malformed XML" in err and "imported 3 of 4 file(s)" in err and "refused: bad.docx" in err
    )
    assert sorted(p.name for p in corpus.glob("*.md")) == ["a.md", "b.md", "c.md"]


# 5. A zip's declared sizes lie: what it really unpacks to is counted while unpacking.


def test_a_zip_bomb_with_a_lying_size_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "bomb.docx", hostile.lying_zip_bomb_docx(200 << 20))  # declares 5,000
    limits = ImportLimits(max_seconds=30, max_memory_mb=150)  # inflating it whole would pass this
    with pytest.raises(InterviewFileError, match=r"not a Word file|unpacks to more than"):
        import_file(path, "bomb", limits)


def test_what_a_zip_really_unpacks_to_is_counted(tmp_path: Path) -> None:
    from bot.ingest.limits import inflated_size

    honest = write(tmp_path, "big.docx", hostile.docx_with(b"\0" * 3_000_000))
    assert inflated_size(honest, 10_000_000, "x") > 3_000_000
    with pytest.raises(InterviewFileError, match="unpacks to more than 1,000,000 bytes"):
        inflated_size(honest, 1_000_000, "[import] max_bytes")
    good = write(tmp_path, "good.docx", hostile.good_docx())
    assert parse_interview(import_file(good, "good", LIMITS)[0]).questions[0].question == "چرا؟"


# 12. A file name (or any value) cannot add front-matter fields.


def test_a_file_name_cannot_add_a_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "x\nnote: injected #.txt", hostile.QA.encode())
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    code, _, _ = run(capsys, "import", str(path), "-o", str(corpus / "x.md"))
    assert code == 0
    interview = load_interview(corpus / "x.md")
    assert "note" not in interview.meta


def test_no_value_can_add_a_field() -> None:
    from bot.ingest.draft import Draft

    hostile_value = "a\nnote: one\u2028note: two\x85note: three"
    draft = Draft(title=hostile_value, interviewee=hostile_value, role=hostile_value)
    draft.questions.append(("چرا؟", ["پاسخ."]))
    interview = parse_interview(to_markdown(draft, "x", "y\nnote: four"))
    assert "note" not in interview.meta
    assert interview.meta["title"] == " ".join(hostile_value.split())


# 13. Smaller: quadratic loops, a folder named with «/» that does not exist.


def all_bold(markup: str) -> bool:
    from lxml import html

    return _all_bold(html.fromstring(markup))


def test_many_bold_elements_are_read_in_one_pass() -> None:
    from lxml import html

    assert run_bounded(Path("x"), LIMITS, all_bold, "<p>" + "<b>واژه</b> " * 100_000 + "؟</p>")
    assert not _all_bold(html.fromstring("<p><b>نیمی</b> نه</p>"))
    assert _all_bold(html.fromstring("<p><b>همه <i>کج</i></b><!-- note --> ؟</p>"))


def count_questions(questions: int) -> int:
    return len(parse_interview(hostile.many_questions_interview(questions).decode()).questions)


def test_a_hundred_thousand_questions_are_counted_in_one_pass() -> None:
    assert run_bounded(Path("many.md"), LIMITS, count_questions, 100_000) == 100_000


def test_a_missing_folder_named_with_a_slash_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path, "a.txt", hostile.QA.encode())
    code, _, err = run(capsys, "import", str(source), "-o", f"{tmp_path / 'nodir'}/")
    assert code == 2 and "nodir: no such folder" in err
    assert not (tmp_path / "nodir").exists()


# What held, kept: external entities are never resolved.


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = write(tmp_path, "secret.txt", b"TOP-SECRET-LINE")
    entity = f'<!DOCTYPE x [<!ENTITY x SYSTEM "file://{secret}">]>'
    page = (
        f"{entity}<html><body><article><h1>t</h1><p><b>چرا؟</b></p><p>&x; پاسخ.</p></article></body></html>"
    )
    path = write(tmp_path, "xxe.html", page.encode())
    assert "TOP-SECRET" not in import_file(path, "xxe", LIMITS)[0]
    paragraph = "<w:p><w:r><w:t>&x;</w:t></w:r></w:p>"
    body = f'<w:document xmlns:w="{hostile.W}"><w:body>{paragraph}</w:body></w:document>'
    word = write(tmp_path, "xxe.docx", hostile.docx_with(f'<?xml version="1.0"?>{entity}{body}'.encode()))
    try:
        markdown = import_file(word, "xxe", LIMITS)[0]
    except InterviewFileError as refused:
        markdown = str(refused)
    assert "TOP-SECRET" not in markdown
