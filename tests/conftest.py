"""Shared fixtures: the real analyzer, the seed interview, and an index built from it.

The tests never read the live ``corpus/`` folder, where editors add interviews: before anything
loads the settings, ``INTERVIEW_BOT_CORPUS`` names a copy of ``tests/fixtures/corpus`` (the seed
interview) made for this run, and ``INTERVIEW_BOT_INDEX`` / ``INTERVIEW_BOT_STATS`` files beside
it, so nothing is written into the checkout's ``var/`` either. The bot processes the end-to-end
tests start inherit them.
"""

from __future__ import annotations

import atexit
import gc
import os
import shutil
import subprocess
import tempfile
from collections.abc import AsyncIterator, Iterator
from itertools import count
from pathlib import Path

import pytest

from bot.analysis.analyzer import Analyzer, build_analyzer
from bot.library.corpus import corpus_files
from bot.library.interview import Interview, load_interview
from bot.search.build import build_from_files
from bot.search.searcher import Searcher
from bot.settings import Settings, load_settings
from tests.postgres import PostgresServer

# Settings are read when they are loaded, not when bot.settings is imported: set before any test.
_RUN = Path(tempfile.mkdtemp(prefix="interview-bot-tests-"))
atexit.register(shutil.rmtree, _RUN, True)
shutil.copytree(Path(__file__).resolve().parent / "fixtures" / "corpus", _RUN / "corpus")
os.environ["INTERVIEW_BOT_CORPUS"] = str(_RUN / "corpus")
os.environ["INTERVIEW_BOT_INDEX"] = str(_RUN / "var" / "index.sqlite")
os.environ["INTERVIEW_BOT_STATS"] = str(_RUN / "var" / "stats.sqlite")


@pytest.fixture(autouse=True)
def _unfrozen_heap() -> Iterator[None]:
    """A bot that starts freezes the heap (``handlers.state.settle_heap``); a test run starts
    hundreds, so each test hands what it froze back to the collector."""
    yield
    gc.unfreeze()


@pytest.fixture(scope="session")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="session")
def analyzer(settings: Settings) -> Analyzer:
    return build_analyzer(settings.stopwords_path)


@pytest.fixture(scope="session")
def interview(settings: Settings) -> Interview:
    return load_interview(settings.corpus_dir / "mirlohi.md")


@pytest.fixture(scope="session")
def index_path(tmp_path_factory: pytest.TempPathFactory, settings: Settings, analyzer: Analyzer) -> Path:
    import asyncio

    path = tmp_path_factory.mktemp("index") / "index.sqlite"
    asyncio.run(build_from_files(corpus_files(settings.corpus_dir), path, analyzer, settings))
    return path


@pytest.fixture
async def searcher(index_path: Path, settings: Settings, analyzer: Analyzer) -> AsyncIterator[Searcher]:
    searcher = await Searcher.open(index_path, settings, analyzer)
    yield searcher
    await searcher.close()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A real PostgreSQL server for the session (tests/postgres.py); skipped where it cannot start,
    unless REQUIRE_POSTGRES is set (CI)."""
    try:
        server = PostgresServer()
        server.start()
        server.wait_until_up()
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        if os.environ.get("REQUIRE_POSTGRES"):
            raise
        pytest.skip(f"no PostgreSQL here: {exc}")
    yield server
    server.remove()


@pytest.fixture
def database_url(postgres: PostgresServer) -> str:
    """A fresh, empty database on the session's server, for one test."""
    return postgres.fresh_database(f"t{next(_databases)}_{os.getpid()}")


_databases = count(1)
