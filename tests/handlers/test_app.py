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


async def test_menus_are_set_by_scope_and_language_and_admin_commands_only_for_admins(bot: Bot) -> None:
    import json

    registered = [params for name, params in bot[1].startup if name == "setMyCommands"]  # type: ignore[attr-defined]

    def menu(scope: str, language: str | None) -> list[str]:
        (found,) = [
            p for p in registered
            if (p.get("scope") or {"type": "default"})["type"] == scope and p.get("language_code") == language
        ]  # fmt: skip
        return [c["command"] for c in found["commands"]]

    for language in (None, "en"):  # Persian is the default menu; English for "en"
        private, groups = menu("all_private_chats", language), menu("all_group_chats", language)
        assert "ask" not in private and "ask" in groups and "privacy" in private and "privacy" in groups
        assert menu("all_chat_administrators", language) == groups
        assert menu("chat", language) == [*private, "stats", "reload"]  # ADMIN's own chat
        for everyone in (private, groups):
            assert "stats" not in everyone and "reload" not in everyone
    assert {p.get("language_code") for p in registered} == {None, "en"}
    persian = next(p for p in registered if p.get("language_code") is None)
    assert "راهنما" in json.dumps(persian["commands"], ensure_ascii=False)


async def test_descriptions_are_set_in_persian_and_english(bot: Bot) -> None:
    from bot.present import messages

    startup = bot[1].startup  # type: ignore[attr-defined]
    described = {p.get("language_code"): p["description"] for n, p in startup if n == "setMyDescription"}
    short = {
        p.get("language_code"): p["short_description"] for n, p in startup if n == "setMyShortDescription"
    }
    assert described == {None: messages.text("fa", "description"), "en": messages.text("en", "description")}
    assert short == {
        None: messages.text("fa", "short_description"),
        "en": messages.text("en", "short_description"),
    }
    assert all(len(d) <= 512 for d in described.values()) and all(len(d) <= 120 for d in short.values())


@pytest.mark.parametrize(
    ("code", "expected"),
    [("fa", "fa"), (None, "fa"), ("en", "en"), ("en-GB", "en"), ("de", "fa"), ("ar", "fa")],
)
def test_the_reply_language_is_the_menu_language(code: str | None, expected: str) -> None:
    from bot.present.messages import language
    from handlers.onboarding import MENU_LANGUAGES

    menu_language = dict(MENU_LANGUAGES).get((code or "").split("-")[0], dict(MENU_LANGUAGES)[""])
    assert language(code) == menu_language == expected


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
