"""The built wheel, installed by deploy/install.sh (the image's install steps) into a fresh
environment and run from another folder: it answers, draws a card, reports a bad config in one
line with its defaults found inside the package, and runs the bot against the fake Bot API."""

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

pytestmark = pytest.mark.slow  # builds the wheel and installs it into a fresh environment


def uv() -> str:
    found = os.environ.get("UV") or shutil.which("uv")
    if not found:
        pytest.skip("uv is not on this machine")
    return found


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A venv made by deploy/install.sh from the wheel built from this checkout and the locked
    versions, as the Dockerfile makes the image's (without --system: no apt here)."""
    root = tmp_path_factory.mktemp("wheel")
    dist = root / "dist"
    subprocess.run(
        [uv(), "build", "--wheel", "--out-dir", str(dist), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    subprocess.run(
        [uv(), "export", "--frozen", "--no-dev", "--no-emit-project", "--no-hashes",
         "-o", str(dist / "constraints.txt")],
        check=True, capture_output=True, timeout=120, cwd=ROOT,
    )  # fmt: skip
    done = subprocess.run(
        ["sh", str(ROOT / "deploy" / "install.sh"), str(dist), str(root / "venv")],
        capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHON": sys.executable, "PATH": f"{Path(uv()).parent}:{os.environ['PATH']}"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    from importlib.metadata import version

    assert done.stdout.strip() == f"interview-bot {version('interview-bot')}"  # its last step
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
    done = run_elsewhere(
        installed, tmp_path, "ask", "--json", "--interview", "mirlohi", "به کدام کشورها سفر کردید؟"
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["results"][0]["id"] == "mirlohi-q2-1"
    # The corpus folder and the index went to the user's data folder, not into the package or the
    # working folder; the folder was created with the bundled interview in it.
    data = tmp_path / ".local" / "share" / "interview-bot"
    assert (data / "var" / "index.sqlite").is_file() and (data / "corpus" / "mirlohi.md").is_file()
    assert f"created the corpus folder {data / 'corpus'}" in done.stderr
    assert not (tmp_path / "work" / "var").exists()


RAW = (
    "گفت‌وگو با مریم معمار، معمار شهری\n\nپرسش: دربارهٔ دوچرخه در شهر چه فکر می‌کنید؟\n"
    "دوچرخه قلب شهر است و باید جای خود را داشته باشد.\n"
)


@pytest.mark.parametrize("configured", [False, True], ids=["default folder", "folder from settings.toml"])
def test_adding_an_interview_works_from_the_installed_wheel(
    installed: Path, tmp_path: Path, configured: bool
) -> None:
    """The README's two commands, as an editor runs them with the installed program: import, then
    index the file; the next questions are answered from it, and it stays in the corpus."""
    env: dict[str, str] = {}
    folder = tmp_path / ".local" / "share" / "interview-bot" / "corpus"
    if configured:
        config = tmp_path / "config"
        config.mkdir()
        folder = tmp_path / "library" / "interviews"
        (config / "settings.toml").write_text(f'[corpus]\nfolder = "{folder}"\n', encoding="utf-8")
        env["INTERVIEW_BOT_CONFIG"] = str(config)
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "raw.txt").write_text(RAW, encoding="utf-8")
    done = run_elsewhere(installed, tmp_path, "import", "raw.txt", "-o", "bike.md", **env)
    assert done.returncode == 0, done.stderr
    done = run_elsewhere(installed, tmp_path, "index", "bike.md", **env)
    assert done.returncode == 0, done.stderr
    assert f"added bike.md to the corpus folder {folder}" in done.stderr
    assert (folder / "bike.md").is_file() and (folder / "mirlohi.md").is_file()
    for _ in range(2):  # `ask` keeps the default index in step with the corpus: the new one stays
        done = run_elsewhere(installed, tmp_path, "ask", "--json", "دوچرخه در شهر", **env)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["results"][0]["interview"] == "bike"


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


def test_the_installed_bot_answers_over_the_fake_bot_api(installed: Path, tmp_path: Path) -> None:
    from tests.e2e.test_e2e import READER, TOKEN, free_port
    from tests.e2e.test_operate_e2e import up
    from tests.fake_bot_api import FakeBotApi
    from tests.waiting import wait_until

    port = free_port()
    with FakeBotApi(TOKEN) as api:
        folder = tmp_path / "work"
        folder.mkdir()
        clean = {
            k: v for k, v in os.environ.items() if not k.startswith(("INTERVIEW_BOT_", "VIRTUAL_ENV", "UV_"))
        }
        env = {**clean, "HOME": str(tmp_path), "XDG_DATA_HOME": "", "TELEGRAM_BOT_TOKEN": TOKEN,
               "TELEGRAM_API_URL": api.url, "METRICS_PORT": str(port)}  # fmt: skip
        env.pop("PYTHONPATH", None)
        with (tmp_path / "bot.log").open("w") as log:
            process = subprocess.Popen([str(installed), "run"], cwd=folder, env=env, stdout=log, stderr=log)
            try:
                wait_until(lambda: up(port) is not None, 90, "the installed bot's /healthz")
                api.send_text("به کدام کشورها سفر کردید؟", READER)
                assert "سفر" in api.wait_for("sendMessage", chat_id=READER["id"], timeout=30)["text"]
            finally:
                process.terminate()
                assert process.wait(timeout=60) == 0


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
