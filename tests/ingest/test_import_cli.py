"""`interview-bot import` as an editor uses it: several files or a folder, ids, --check, progress."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.cli import main
from bot.ingest.ids import ascii_id, fresh_id, ids_in
from bot.library.interview import load_interview

ONE = "# باران آمد\n\nگفت‌وگو با مینا کرمی، کشاورز\n\n### باران کی آمد؟\n\nدیروز آمد.\n"
TWO = "س: برف چقدر بود؟\nج: زیاد بود.\n\nس: سرد بود؟\nج: خیلی.\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ids_are_ascii_short_and_never_taken(tmp_path: Path) -> None:
    assert ascii_id("گفت‌وگو با آرش") == "gftvgv-ba-arsh"
    assert ascii_id("Pakzad Interview 2023") == "pakzad-interview"  # cut at a word, 20 at most
    assert ascii_id("؟؟") == ""
    assert fresh_id("rain", {"rain", "rain-2"}) == "rain-3"
    assert len(fresh_id("a" * 20, {"a" * 20})) <= 20
    (tmp_path / "x.md").write_text("---\nid: rain\ntitle: t\n---\n", encoding="utf-8")
    assert ids_in(tmp_path) == {"x", "rain"}


def test_a_folder_of_files_is_imported_with_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox, corpus = tmp_path / "inbox", tmp_path / "corpus"
    inbox.mkdir()
    corpus.mkdir()
    (inbox / "باران.md").write_text(ONE, encoding="utf-8")  # a Persian name: an ascii id
    (inbox / "snow.txt").write_text(TWO, encoding="utf-8")
    (inbox / "notes.txt").write_text("nothing asked here\n", encoding="utf-8")
    (corpus / "snow.md").write_text("---\nid: snow\ntitle: old\ninterviewee: x\n---\n## Q: a?\nb\n", "utf-8")
    code, _, err = run(capsys, "import", str(inbox), "-o", str(corpus))
    assert code == 2  # one file refused, said in one line
    assert "notes.txt:1: no questions found" in err
    assert (
        "imported 2 of 3 file(s)" in err
        and "2 interview(s), 3 question(s)" in err
        and "refused: notes.txt" in err
    )
    written = sorted(p.name for p in corpus.glob("*.md"))
    assert written == ["baran.md", "snow-2.md", "snow.md"]  # the old snow.md is kept
    assert load_interview(corpus / "snow-2.md").id == "snow-2"
    assert load_interview(corpus / "baran.md").interviewee == "مینا کرمی"


def test_several_files_need_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(TWO, encoding="utf-8")
    b.write_text(TWO, encoding="utf-8")
    code, _, err = run(capsys, "import", str(a), str(b))
    assert code == 2 and "give -o FOLDER" in err
    code, _, err = run(capsys, "import", str(a), str(b), "-o", str(tmp_path / "none"), "--id", "x")
    assert code == 2 and "no such folder" in err


def test_the_id_comes_from_the_output_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "مصاحبه.txt"
    source.write_text(TWO, encoding="utf-8")
    code, _, _ = run(capsys, "import", str(source), "-o", str(tmp_path / "winter-talk.md"))
    assert code == 0 and load_interview(tmp_path / "winter-talk.md").id == "winter-talk"


def test_check_prints_the_figures_against_a_gold_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, gold = tmp_path / "snow.txt", tmp_path / "gold.md"
    source.write_text(TWO, encoding="utf-8")
    gold.write_text(
        "---\nid: snow\ntitle: بی‌عنوان\ninterviewee: ناشناخته\n---\n\n## Q: برف چقدر بود؟\n\nزیاد بود.\n\n"
        "## Q: باد آمد؟\n\nنه.\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "import", str(source), "--check", str(gold))
    assert code == 0
    assert out.startswith("questions found 1/2, invented 1, answers attached 1/2")


def test_a_two_interview_file_goes_to_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    issue = tmp_path / "issue.md"
    issue.write_text(ONE + "\n# برف آمد\n\n### برف چقدر بود؟\n\nزیاد.\n", encoding="utf-8")
    code, _, err = run(capsys, "import", str(issue), "-o", str(tmp_path / "one.md"))
    assert code == 2 and "holds 2 interviews" in err and "-o FOLDER" in err
    out = tmp_path / "out"
    out.mkdir()
    code, _, _ = run(capsys, "import", str(issue), "-o", str(out))
    assert code == 0 and sorted(p.name for p in out.glob("*.md")) == ["issue-1.md", "issue-2.md"]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_import_and_index_show_progress_only_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox, corpus = tmp_path / "inbox", tmp_path / "corpus"
    inbox.mkdir()
    corpus.mkdir()
    for name in ("a", "b", "c"):
        (inbox / f"{name}.txt").write_text(TWO, encoding="utf-8")
    run(capsys, "import", str(inbox), "-o", str(corpus))
    _, _, quiet = run(capsys, "index", *map(str, corpus.glob("*.md")), "--db", str(tmp_path / "i.db"))
    assert "\r" not in quiet and "passage/s" not in quiet
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert main(["index", *map(str, corpus.glob("*.md")), "--db", str(tmp_path / "j.db")]) == 0
    assert "index" in terminal.getvalue() and "passage" in terminal.getvalue()
    terminal.truncate(0)
    (corpus / "x").mkdir()
    assert main(["import", str(inbox), "-o", str(corpus / "x")]) == 0
    assert "import" in terminal.getvalue() and "file" in terminal.getvalue()
