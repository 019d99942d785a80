"""The corpus folder where editors add interviews: set in the configuration, created if missing,
grown by `index FILE` (which the next `ask` keeps), and never the one the tests read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import bot.resources
import bot.search.build
from bot.cli import main
from bot.library.corpus import add_interview, prepare_corpus
from bot.library.interview import InterviewFileError
from bot.settings import load_settings
from tests.helpers import FIXTURES, ROOT

OTHER = "---\nid: other\ntitle: کوه\ninterviewee: کوهنورد\n---\n## Q: از دماوند بگویید\nدماوند بلند است.\n"


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "corpus", folder)
    monkeypatch.setenv("INTERVIEW_BOT_CORPUS", str(folder))
    monkeypatch.setenv("INTERVIEW_BOT_INDEX", str(tmp_path / "var" / "index.sqlite"))
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_tests_read_a_copy_of_the_seed_never_the_live_corpus() -> None:
    folder = load_settings().corpus_dir.resolve()
    assert folder != (ROOT / "corpus").resolve() and ROOT.resolve() not in folder.parents
    assert [p.name for p in folder.glob("*.md")] == ["mirlohi.md"]


def test_index_file_adds_it_to_the_corpus_and_the_next_ask_keeps_it(
    capsys: pytest.CaptureFixture[str], corpus: Path, tmp_path: Path
) -> None:
    new = tmp_path / "inbox" / "kooh.md"
    new.parent.mkdir()
    new.write_text(OTHER, encoding="utf-8")
    code, out, err = run(capsys, "index", str(new))
    assert code == 0, err
    assert f"added kooh.md to the corpus folder {corpus}" in err
    assert "from 2 file(s)" in out  # the default index is the whole corpus, the new file in it
    assert (corpus / "kooh.md").read_text(encoding="utf-8") == OTHER
    # `ask` rebuilds the default index when the corpus changes: the new interview stays in it.
    for _ in range(2):
        results = json.loads(run(capsys, "ask", "--json", "دماوند")[1])["results"]
        assert results and results[0]["interview"] == "other"
    assert json.loads(run(capsys, "ask", "--json", "به کدام کشورها سفر کردید؟")[1])["results"]
    # The same file again adds nothing and is no error.
    assert run(capsys, "index", str(new))[0] == 0 and sorted(p.name for p in corpus.glob("*.md")) == [
        "kooh.md",
        "mirlohi.md",
    ]


def test_index_file_never_replaces_an_interview_of_the_corpus(
    capsys: pytest.CaptureFixture[str], corpus: Path, tmp_path: Path
) -> None:
    before = {p.name: p.read_bytes() for p in corpus.iterdir()}
    same_id = tmp_path / "seed-again.md"
    same_id.write_text(OTHER.replace("id: other", "id: mirlohi"), encoding="utf-8")
    code, _, err = run(capsys, "index", str(same_id))
    assert code == 2 and err.count("\n") == 1 and "already holds an interview with id 'mirlohi'" in err
    same_name = tmp_path / "mirlohi.md"
    same_name.write_text(OTHER, encoding="utf-8")
    code, _, err = run(capsys, "index", str(same_name))
    assert code == 2 and "a different interview file of this name" in err
    # Two files, the second refused: the first is not left behind.
    good = tmp_path / "kooh.md"
    good.write_text(OTHER, encoding="utf-8")
    assert run(capsys, "index", str(good), str(same_id))[0] == 2
    assert {p.name: p.read_bytes() for p in corpus.iterdir()} == before


def test_passages_without_db_are_refused_with_the_way_to_index_them(
    capsys: pytest.CaptureFixture[str], corpus: Path, tmp_path: Path
) -> None:
    passages = tmp_path / "p.jsonl"
    passages.write_text('{"id": "a", "text": "دماوند بلند است"}\n', encoding="utf-8")
    code, _, err = run(capsys, "index", str(passages))
    assert code == 2 and "--db FILE" in err and err.count("\n") == 1
    assert run(capsys, "index", "--db", str(tmp_path / "p.sqlite"), str(passages))[0] == 0


def test_a_missing_corpus_folder_is_created_with_the_bundled_interview(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "new" / "corpus"
    monkeypatch.setenv("INTERVIEW_BOT_CORPUS", str(folder))
    monkeypatch.setenv("INTERVIEW_BOT_INDEX", str(tmp_path / "index.sqlite"))

    def seed(name: bot.resources.Bundled) -> Path:
        return FIXTURES / "corpus" if name == "corpus" else bot.resources.CHECKOUT / name

    monkeypatch.setattr(bot.resources, "bundled", seed)
    monkeypatch.setattr(bot.search.build, "bundled", seed)
    code, out, err = run(capsys, "ask", "--json", "به کدام کشورها سفر کردید؟")
    assert code == 0 and f"created the corpus folder {folder}" in err
    assert json.loads(out)["results"][0]["id"] == "mirlohi-q2-1"
    # A folder that exists is left alone, even an empty one.
    empty = tmp_path / "empty"
    empty.mkdir()
    assert not prepare_corpus(empty, FIXTURES / "corpus") and not list(empty.iterdir())


def test_a_relative_corpus_folder_starts_from_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text('[corpus]\nfolder = "interviews"\n', encoding="utf-8")
    monkeypatch.delenv("INTERVIEW_BOT_CORPUS")
    monkeypatch.setenv("INTERVIEW_BOT_DATA", str(tmp_path / "data"))
    assert load_settings(config).corpus_dir == tmp_path / "data" / "interviews"


def test_add_interview_checks_the_file_first(tmp_path: Path) -> None:
    with pytest.raises(InterviewFileError):
        add_interview(tmp_path, "---\nid: Bad Id\ntitle: t\ninterviewee: x\n---\n## Q: a?\nb\n")
    assert list(tmp_path.iterdir()) == []
    written = add_interview(tmp_path, OTHER)
    assert written == tmp_path / "other.md" and add_interview(tmp_path, OTHER) is None
