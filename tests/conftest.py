"""Shared fixtures: the real analyzer, the bundled interview, and an index built from it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import Application

from bot.analysis.analyzer import Analyzer, build_analyzer
from bot.library.corpus import corpus_files
from bot.library.interview import Interview, load_interview
from bot.search.build import build_from_files
from bot.search.searcher import Searcher
from bot.settings import BotSettings, Settings, load_settings
from handlers.app import build_application

from .telegram_fakes import RecordingRequest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


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


@asynccontextmanager
async def running_app(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    bot_settings: BotSettings,
    corpus: Path | None = None,
) -> AsyncIterator[tuple[Application[Any, Any, Any, Any, Any, Any], RecordingRequest]]:
    """The real Application over a recording request, started (post_init run) and shut down
    however the test ends, with its index and stats in ``tmp_path``."""
    monkeypatch.setenv("INTERVIEW_BOT_INDEX", str(tmp_path / "index.sqlite"))
    monkeypatch.setenv("INTERVIEW_BOT_STATS", str(tmp_path / "stats.sqlite"))
    if corpus is not None:
        monkeypatch.setenv("INTERVIEW_BOT_CORPUS", str(corpus))
    request = RecordingRequest()
    app = build_application(load_settings(), bot_settings, request, RecordingRequest(), rate_limiter=False)
    async with app:
        assert app.post_init is not None
        await app.post_init(app)
        await app.bot_data.settled()  # the command menus and the card check, run beside polling
        request.startup = list(request.calls)  # type: ignore[attr-defined]
        request.calls.clear()
        try:
            yield app, request
        finally:  # an open aiosqlite thread would keep pytest from exiting
            assert app.post_shutdown is not None
            await app.post_shutdown(app)


def count_calls(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[Any]:
    """Wrap the coroutine method ``owner.name``: the returned list gets each call's arguments."""
    calls: list[Any] = []
    real = getattr(owner, name)

    async def counted(*args: Any) -> Any:
        calls.append(args)
        return await real(*args)

    monkeypatch.setattr(owner, name, counted)
    return calls
