"""Helpers the tests share: where things are, the real application over a recording request,
feeding it updates, and counting a method's calls."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from telegram import Update

from bot.settings import BotSettings, load_settings
from handlers.app import build_application
from handlers.state import App
from tests.telegram_fakes import RecordingRequest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

Bot = tuple[App, RecordingRequest]


@asynccontextmanager
async def running_app(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    bot_settings: BotSettings,
    corpus: Path | None = None,
) -> AsyncIterator[Bot]:
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


async def feed(bot: tuple[App, RecordingRequest] | tuple[App, RecordingRequest, Any], payload: dict[str, Any],
               user_id: int | None = None) -> RecordingRequest:  # fmt: skip
    """Hand one update (a payload as Telegram sends it) to the running application; optionally
    as another user. Returns the request, which recorded what the bot sent."""
    app, request = bot[0], bot[1]
    if user_id is not None:
        for kind in ("message", "callback_query"):
            if kind in payload:
                payload[kind]["from"]["id"] = user_id
    await app.process_update(Update.de_json(payload, app.bot))
    return request
