"""The command line: ask (one query, many from stdin, JSON), index (interviews, JSONL), exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.search.ranking import load_model
from tests.helpers import FIXTURES, ROOT


@pytest.fixture(autouse=True)
def private_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own default index file, so none touches the project's var/."""
    path = tmp_path / "default.sqlite"
    monkeypatch.setenv("INTERVIEW_BOT_INDEX", str(path))
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_prints_passage_question_and_speaker(
    capsys: pytest.CaptureFixture[str], private_index: Path
) -> None:
    code, out, _ = run(capsys, "ask", "به کدام کشورها سفر کردید؟")
    assert code == 0
    assert "ما به دو کشور اتریش و آلمان سفر کردیم" in out
    assert "به کدام کشورها سفر کردید؟" in out and "محمود میرلوحی" in out
    assert private_index.exists()  # built on first use


def test_ask_json_has_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ask", "--json", "--limit", "2", "ترامپ")
    data = json.loads(out)
    assert code == 0 and data["query"] == "ترامپ"
    assert 1 <= len(data["results"]) <= 2
    first = data["results"][0]
    assert {"id", "interview", "question", "text", "score"} <= first.keys()
    assert first["id"] == "mirlohi-q1-1" and first["interview"] == "mirlohi"
    assert isinstance(first["score"], float) and isinstance(first["question"], str)
    scores = [r["score"] for r in data["results"]]
    assert scores == sorted(scores, reverse=True)
    # The ranking model's probability that the passage answers; an answer is one above its threshold.
    assert all(0.0 <= r["probability"] <= 1.0 for r in data["results"])
    assert first["confident"] is True and first["probability"] >= load_model().answer_at


def test_an_english_question_is_marked_and_its_names_searched(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ask", "--json", "What did Trump say about the Swedish girl?")
    data = json.loads(out)
    assert code == 0 and data["english"] is True
    assert data["results"][0]["id"] == "mirlohi-q1-1"  # «Trump» is «ترامپ»; «say», «girl» are dropped
    _, out, _ = run(capsys, "ask", "--json", "ترامپ چه گفت")
    assert json.loads(out)["english"] is False


@pytest.mark.parametrize("query", ["", "🙂🙂🙂", "قیمت دلار امروز چنده؟", '"NEAR(', "\udcff"])
def test_no_answer_is_valid_json_and_exit_zero(capsys: pytest.CaptureFixture[str], query: str) -> None:
    code, out, _ = run(capsys, "ask", "--json", query)
    assert code == 0
    assert json.loads(out)["results"] == []


def test_ask_reads_one_query_per_line_from_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("ترامپ\n\nبرلین\n".encode())))
    code, out, _ = run(capsys, "ask", "--json", "-")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [d["query"] for d in lines] == ["ترامپ", "", "برلین"]
    assert [bool(d["results"]) for d in lines] == [True, False, True]


@pytest.mark.parametrize(
    "argv",
    [["ask"], ["ask", "--limit", "0", "x"], ["ask", "--limit", "many", "x"], ["frobnicate"], []],
)
def test_bad_usage_exits_2_with_one_line(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("interview-bot: ")


def test_index_then_ask_from_that_db(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "mine.sqlite"
    code, out, _ = run(capsys, "index", "--db", str(db), str(FIXTURES / "corpus" / "mirlohi.md"))
    assert code == 0 and "indexed 7 passages" in out
    code, out, _ = run(capsys, "ask", "--json", "--db", str(db), "برلین")
    assert json.loads(out)["results"][0]["id"] == "mirlohi-q2-1"


def test_jsonl_passages_are_indexed_as_given(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "wiki.jsonl"
    rows = [
        {"id": "p-17", "title": "کوه دماوند", "text": "دماوند بلندترین کوه ایران است. " * 40},
        {"id": 18, "title": "", "text": "رود کارون پرآب‌ترین رود ایران است."},
    ]
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    db = tmp_path / "wiki.sqlite"
    assert run(capsys, "index", "--db", str(db), str(source))[0] == 0
    out = run(capsys, "ask", "--json", "--db", str(db), "بلندترین کوه")[1]
    result = json.loads(out)["results"][0]
    assert result["id"] == "p-17" and result["text"] == rows[0]["text"]  # not split, not renamed
    out = run(capsys, "ask", "--json", "--db", str(db), "کارون")[1]
    assert json.loads(out)["results"][0]["id"] == "18"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": "a", "text": "x"}\nnot json\n', "bad.jsonl:2: not JSON"),
        ('{"id": "a"}\n', 'bad.jsonl:1: "text" must be'),
        ('["a"]\n', "bad.jsonl:1: each line must be an object"),
        ('{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n', "appears twice"),
    ],
)
def test_bad_jsonl_exits_2_naming_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, message: str
) -> None:
    source = tmp_path / "bad.jsonl"
    source.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "index", "--db", str(tmp_path / "x.sqlite"), str(source))
    assert code == 2 and message in err and err.count("\n") == 1


def test_a_failed_rebuild_leaves_the_old_index(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "keep.sqlite"
    assert run(capsys, "index", "--db", str(db), str(FIXTURES / "corpus" / "mirlohi.md"))[0] == 0
    before = db.read_bytes()
    broken = tmp_path / "broken.md"
    broken.write_text("---\nid: broken\ntitle: t\ninterviewee: i\n---\n## Q: q\n", encoding="utf-8")
    code, _, err = run(capsys, "index", "--db", str(db), str(broken))
    assert code == 2 and "broken.md:6:" in err
    assert db.read_bytes() == before
    assert list(tmp_path.glob(".*building")) == []
    code, out, _ = run(capsys, "ask", "--json", "--db", str(db), "برلین")
    assert json.loads(out)["results"]


def test_a_missing_or_corrupt_db_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "ask", "--db", str(tmp_path / "none.sqlite"), "x")
    assert code == 2 and "no index at" in err
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    code, _, err = run(capsys, "ask", "--db", str(junk), "x")
    assert code == 2 and "not a usable index" in err


def test_the_default_index_is_rebuilt_when_the_corpus_changes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "mirlohi.md").write_bytes((FIXTURES / "corpus" / "mirlohi.md").read_bytes())
    monkeypatch.setenv("INTERVIEW_BOT_CORPUS", str(corpus))
    assert json.loads(run(capsys, "ask", "--json", "دماوند")[1])["results"] == []
    (corpus / "other.md").write_text(
        "---\nid: other\ntitle: کوه\ninterviewee: کوهنورد\n---\n## Q: از دماوند بگویید\nدماوند بلند است.\n",
        encoding="utf-8",
    )
    assert json.loads(run(capsys, "ask", "--json", "دماوند")[1])["results"][0]["interview"] == "other"


def test_the_default_index_is_rebuilt_when_the_analysis_changes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new version of the bot (or of hazm) may key words differently: an index built by the
    old one would no longer match its questions."""
    import bot.search.build
    from bot.search.schema import read_meta

    index = tmp_path / "index.sqlite"
    monkeypatch.setenv("INTERVIEW_BOT_INDEX", str(index))
    run(capsys, "ask", "--json", "ترامپ")
    built = read_meta(index)["fingerprint"]
    run(capsys, "ask", "--json", "ترامپ")
    assert read_meta(index)["fingerprint"] == built  # nothing changed: reused
    monkeypatch.setattr(bot.search.build, "analysis_version", lambda: "a later analyzer")
    assert json.loads(run(capsys, "ask", "--json", "ترامپ")[1])["results"]
    assert read_meta(index)["fingerprint"] != built


def test_a_bad_setting_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.settings

    (tmp_path / "settings.toml").write_text("[search]\nmin_coverage = 7\n", encoding="utf-8")
    monkeypatch.setattr(bot.settings, "CONFIG_DIR", tmp_path)
    monkeypatch.setattr("bot.cli.load_settings", lambda: bot.settings.load_settings(tmp_path))
    code, _, err = run(capsys, "ask", "x")
    assert code == 2 and "min_coverage must be a number from 0.0 to 1.0" in err


def test_console_script_runs_in_a_fresh_process(tmp_path: Path) -> None:
    env = {**os.environ, "INTERVIEW_BOT_INDEX": str(tmp_path / "i.sqlite")}
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ask", "--json", "چند روز در وین ماندید"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["results"][0]["id"] == "mirlohi-q2-1"


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (["badcommand"], "(see `interview-bot --help`)"),
        (["ask", "--limit", "x", "q"], "(see `interview-bot ask --help`)"),
    ],
)
def test_a_usage_error_names_the_command_once(
    capsys: pytest.CaptureFixture[str], argv: list[str], hint: str
) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2 and err.strip().endswith(hint) and err.count("interview-bot") == 2


def test_an_operators_config_folder_needs_only_what_it_changes(tmp_path: Path) -> None:
    """A config folder with only settings.toml: the word lists are the bundled ones."""
    from bot.resources import bundled
    from bot.settings import load_settings

    (tmp_path / "settings.toml").write_text("[search]\nlimit = 2\n", encoding="utf-8")
    (tmp_path / "synonyms.txt").write_text("مسافرت, سفر\n", encoding="utf-8")
    settings = load_settings(tmp_path)
    assert settings.search.limit == 2
    assert settings.stopwords_path == bundled("config") / "stopwords.txt"
    assert settings.synonyms_path == tmp_path / "synonyms.txt"  # the operator's own wins


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"interview-bot {version('interview-bot')}"


def test_index_onto_a_folder_says_so_in_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "ask", "--db", str(tmp_path), "سفر")
    assert code == 2 and f"interview-bot index --db {tmp_path}" in err  # what ask advises…
    code, _, err = run(capsys, "index", "--db", str(tmp_path))  # …is refused in one line, not a traceback
    assert code == 2 and err.count("\n") == 1 and "is a folder" in err and "Traceback" not in err
    assert str(tmp_path / "index.sqlite") in err
    assert list(tmp_path.iterdir()) == []  # nothing half-built left behind


def test_card_with_raqm_where_there_is_no_fribidi_says_what_to_install(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PIL import features

    monkeypatch.setattr(features, "check", lambda name: name != "raqm")
    code, _, err = run(capsys, "card", "mirlohi-q2-1", "--engine", "raqm", "-o", str(tmp_path / "c.png"))
    assert code == 2 and err.count("\n") == 1 and "libfribidi0" in err and "--engine basic" in err
    assert not (tmp_path / "c.png").exists()


def test_backup_copies_the_stats_database(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import asyncio

    from bot.stats import Stats

    async def some_rows() -> None:
        stats = await Stats.open(tmp_path / "stats.sqlite")
        await stats.record(1, None, False, "قیمت دلار")
        await stats.close()

    asyncio.run(some_rows())
    code, out, _ = run(
        capsys, "backup", str(tmp_path / "copy.sqlite"), "--stats", str(tmp_path / "stats.sqlite")
    )
    assert code == 0 and "1 question row(s)" in out
    code, _, err = run(capsys, "backup", str(tmp_path / "x.sqlite"), "--stats", str(tmp_path / "none.sqlite"))
    assert code == 2 and "no stats database" in err
