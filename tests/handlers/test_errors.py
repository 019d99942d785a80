"""The error policy: Telegram's ordinary errors by their texts, and what the error handler does
with an ordinary error and with a bug."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut

from handlers.errors import Expected, expected, network_trouble, quietly
from tests.helpers import Bot, feed
from tests.telegram_fakes import message

# Telegram's texts as the Bot API sends them (PTB strips «Bad Request: »).
TEXTS = [
    (Forbidden("Forbidden: bot was blocked by the user"), Expected.BLOCKED),
    (Forbidden("Forbidden: bot was kicked from the supergroup chat"), Expected.BLOCKED),
    (BadRequest("Bad Request: message is not modified: specified new message content and reply markup"
                " are exactly the same as a content and reply markup of the current message"),
     Expected.NOT_MODIFIED),
    (BadRequest("Bad Request: query is too old and response timeout expired or query ID is invalid"),
     Expected.QUERY_TOO_OLD),
    (BadRequest("Bad Request: message to be replied not found"), Expected.REPLY_GONE),
    (BadRequest("Bad Request: message to edit not found"), Expected.EDIT_GONE),
    (BadRequest("Bad Request: TOPIC_CLOSED"), Expected.TOPIC_CLOSED),
    (BadRequest("Bad Request: message thread not found"), Expected.TOPIC_CLOSED),
    (BadRequest("Bad Request: chat not found"), Expected.CHAT_GONE),
    (BadRequest("Bad Request: not enough rights to send text messages to the chat"), Expected.BLOCKED),
    (ChatMigrated(-1001234), Expected.CHAT_MIGRATED),
    (RetryAfter(30), Expected.RATE_LIMITED),
]  # fmt: skip


@pytest.mark.parametrize(("error", "kind"), TEXTS, ids=lambda v: getattr(v, "name", ""))
def test_telegrams_ordinary_errors_are_known_by_their_texts(error: Exception, kind: Expected) -> None:
    assert expected(error) is kind


@pytest.mark.parametrize(
    "error",
    [BadRequest("Bad Request: can't parse entities: unsupported start tag"), ValueError("a bug"), None],
)
def test_anything_else_is_not_ordinary(error: Exception | None) -> None:
    assert expected(error) is None  # a bug of ours (bad HTML is one) keeps its traceback


def test_a_timeout_is_network_trouble_and_bad_html_is_not() -> None:
    assert network_trouble(TimedOut()) and network_trouble(NetworkError("httpx.ConnectError"))
    assert not network_trouble(BadRequest("can't parse entities"))


async def test_quietly_notes_an_ordinary_error_and_raises_a_bug(caplog: pytest.LogCaptureFixture) -> None:
    async def blocked() -> None:
        raise Forbidden("Forbidden: bot was blocked by the user")

    async def broken() -> None:
        raise BadRequest("Bad Request: can't parse entities")

    with caplog.at_level(logging.INFO, "interview_bot"):
        assert await quietly(blocked(), "sendMessage") is None
    assert "blocked the bot" in caplog.text and "Traceback" not in caplog.text
    with pytest.raises(BadRequest):
        await quietly(broken(), "sendMessage")


async def test_an_ordinary_error_gets_one_line_and_no_apology_a_bug_its_traceback_and_one(
    bot: Bot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    app, request = bot
    library = app.bot_data.library

    async def gone(*args: Any, **kwargs: Any) -> None:
        raise Forbidden("Forbidden: bot was kicked from the group chat")

    monkeypatch.setattr(library, "search", gone)
    with caplog.at_level(logging.INFO, "interview_bot"):
        await feed(bot, message("ترامپ"))
    assert request.sent() == [] and "Traceback" not in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]

    async def bug(*args: Any, **kwargs: Any) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr(library, "search", bug)
    caplog.clear()
    await feed(bot, message("ترامپ"))
    (apology,) = request.sent()
    assert "مشکلی پیش آمد" in apology["text"]
    assert any(r.levelno == logging.ERROR and r.exc_info for r in caplog.records)
