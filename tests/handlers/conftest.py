"""The running application the handler tests talk to."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.settings import BotSettings
from tests.helpers import Bot, running_app
from tests.telegram_fakes import TOKEN

ADMIN = 4242


@pytest.fixture
async def bot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Bot]:
    """The real application over a recording request, a user allowed 5 questions a minute."""
    settings = BotSettings(token=TOKEN, user_rate=5, admin_ids=frozenset({ADMIN}))
    async with running_app(tmp_path, monkeypatch, settings) as started:
        yield started
