"""The application: logging without the token, the command menus, a start that cannot reach Telegram."""

from __future__ import annotations

import logging

import pytest

from bot.settings import BotSettings
from handlers.app import RedactToken
from tests.helpers import Bot
from tests.telegram_fakes import (
    TOKEN,
)


def test_token_is_redacted_from_log_records() -> None:
    record = logging.LogRecord("httpx", logging.INFO, "", 0, "POST https://api/bot%s/getMe", (TOKEN,), None)
    RedactToken(TOKEN).filter(record)
    assert TOKEN not in record.getMessage() and "[TOKEN]" in record.getMessage()


async def test_commands_are_registered_in_persian_and_english(bot: Bot) -> None:
    registered = [params for name, params in bot[1].startup if name == "setMyCommands"]  # type: ignore[attr-defined]
    assert {params.get("language_code") for params in registered} == {"fa", "en", None}
    names = [c["command"] for c in registered[0]["commands"]]
    assert names == ["start", "help", "questions", "interviews", "random", "about", "ask", "card"]
    assert "stats" not in names and "reload" not in names  # admin commands are never advertised


async def test_an_unreachable_bot_api_is_one_clear_error_without_the_token() -> None:
    from bot.settings import load_settings
    from handlers.app import BotStartError, build_application, check_token
    from handlers.request import RetryingRequest, telegram_request

    settings = BotSettings(token=TOKEN, api_url="http://127.0.0.1:9/bot")  # nothing listens on 9
    request = RetryingRequest(telegram_request(), attempts=2, first_delay=0.01)
    app = build_application(load_settings(), settings, request, rate_limiter=False)
    with pytest.raises(BotStartError) as failed:
        await check_token(app, settings)
    assert str(failed.value).startswith("cannot reach http://127.0.0.1:9/bot: ")
    assert TOKEN not in str(failed.value)
