"""Shared fixtures: the real analyzer, the bundled interview, and an index built from it."""

from __future__ import annotations

import os
import subprocess
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
