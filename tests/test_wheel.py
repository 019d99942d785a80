"""The built wheel: installed into a fresh environment, run from another folder, it answers, draws a
card and reports a bad config in one line, with its defaults found inside the package."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import ROOT


def uv() -> str:
    found = os.environ.get("UV") or shutil.which("uv")
    if not found:
        pytest.skip("uv is not on this machine")
    return found


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A venv with the wheel built from this checkout installed (not editable), and nothing else."""
    root = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [uv(), "build", "--wheel", "--out-dir", str(root / "dist"), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    (wheel,) = (root / "dist").glob("interview_bot-*.whl")
    subprocess.run(
        [uv(), "venv", "-q", "--python", sys.executable, str(root / "venv")], check=True, timeout=120
    )
    subprocess.run(
        [uv(), "pip", "install", "-q", "--python", str(root / "venv" / "bin" / "python"), str(wheel)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    yield root / "venv" / "bin" / "interview-bot"


def run_elsewhere(program: Path, home: Path, *argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The program as a user runs it: from an empty folder, with nothing of the checkout around."""
    folder = home / "work"
    folder.mkdir(parents=True, exist_ok=True)
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("INTERVIEW_BOT_", "VIRTUAL_ENV", "UV_"))
    }
    clean.pop("PYTHONPATH", None)
    return subprocess.run(
        [str(program), *argv],
        cwd=folder, capture_output=True, text=True, timeout=120,
        env={**clean, "HOME": str(home), "XDG_DATA_HOME": "", "XDG_CACHE_HOME": "", **env},
    )  # fmt: skip


def test_the_installed_wheel_answers_from_its_bundled_interview(installed: Path, tmp_path: Path) -> None:
    done = run_elsewhere(installed, tmp_path, "ask", "--json", "به کدام کشورها سفر کردید؟")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["results"][0]["id"] == "mirlohi-q2-1"
    # The index went to the user's data folder, not into the package or the working folder.
    assert (tmp_path / ".local" / "share" / "interview-bot" / "var" / "index.sqlite").is_file()
    assert not (tmp_path / "work" / "var").exists()


def test_the_installed_wheel_draws_a_card_with_its_bundled_font(installed: Path, tmp_path: Path) -> None:
    done = run_elsewhere(installed, tmp_path, "card", "mirlohi-q2-1", "-o", str(tmp_path / "card.png"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "card.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_installed_wheel_reports_a_bad_config_in_one_line(installed: Path, tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text("[search]\nlimit = 0\n", encoding="utf-8")
    done = run_elsewhere(installed, tmp_path, "ask", "سفر", INTERVIEW_BOT_CONFIG=str(config))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "limit must be a whole number" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_installed_wheel_ships_the_meaning_signals_tables(installed: Path, tmp_path: Path) -> None:
    code = (
        "from bot.search.meaning import SYNONYMS, Associations as A;"
        "print(len(A.load()), len(A.load(SYNONYMS)))"
    )
    done = run_elsewhere(installed.parent / "python", tmp_path, "-c", code)
    assert done.returncode == 0, done.stderr
    learnt, synonyms = map(int, done.stdout.split())
    assert learnt > 100 and synonyms > 1000


def test_the_installed_wheel_ships_the_ranking_model(installed: Path, tmp_path: Path) -> None:
    code = "from bot.search.ranking import load_model; print(len(load_model().rank.names))"
    done = run_elsewhere(installed.parent / "python", tmp_path, "-c", code)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 1
