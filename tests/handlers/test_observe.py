"""What an operator reads in process: the line each answered update logs, the metrics it counts,
/healthz's verdict, and /privacy."""

from __future__ import annotations

import logging
import re

import pytest
from prometheus_client import generate_latest

from bot.present import messages
from handlers.metrics import metrics
from handlers.web import About, health
from tests.helpers import Bot, feed
from tests.telegram_fakes import message

QUESTION = "به کدام کشورها سفر کردید؟"


def value(name: str, **labels: str) -> float:
    found = metrics().registry.get_sample_value(name, labels)
    return found if found is not None else 0.0


async def test_an_answered_question_is_one_info_line_without_its_text_and_counted(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    before = (
        value("interview_bot_answers_total", tier="answer"),
        value("interview_bot_updates_total", kind="message"),
    )
    with caplog.at_level(logging.INFO, logger="interview_bot"):
        await feed(bot, message(QUESTION))
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("update ")]
    assert len(lines) == 1 and lines[0].startswith("update message: tier=answer latency=")
    # The chat is a 12-digit hash, never the id (a hash may hold the digits «42» by chance: 1 in 25).
    assert re.fullmatch(r"[0-9a-f]{12}", lines[0].split("chat=")[1])
    assert QUESTION not in caplog.text and "کشورها" not in caplog.text
    assert value("interview_bot_answers_total", tier="answer") == before[0] + 1
    assert value("interview_bot_updates_total", kind="message") == before[1] + 1
    assert value("interview_bot_reply_seconds_count", kind="message") >= 1


async def test_at_debug_the_line_has_the_question(bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="interview_bot"):
        await feed(bot, message("قیمت دلار امروز چند است"))
    (line,) = [r for r in caplog.records if r.getMessage().startswith("update ")]
    assert "tier=none" in line.getMessage() and "قیمت دلار" in line.getMessage()


async def test_an_update_the_bot_leaves_unanswered_is_no_info_line(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    from tests.telegram_fakes import GROUP

    with caplog.at_level(logging.INFO, logger="interview_bot"):
        await feed(bot, message("گفت‌وگوی خودمان", chat=GROUP))  # not addressed to the bot
    assert not [r for r in caplog.records if r.getMessage().startswith("update ")]


async def test_throttled_and_telegram_errors_are_counted(bot: Bot) -> None:
    from telegram.error import Forbidden

    from handlers.errors import quietly

    throttled = value("interview_bot_throttled_total", reason="quota")
    for _ in range(7):  # the fixture's reader may ask 5 a minute
        await feed(bot, message(QUESTION))
    assert value("interview_bot_throttled_total", reason="quota") == throttled + 2
    blocked = value("interview_bot_telegram_errors_total", kind="blocked")

    async def refused() -> None:
        raise Forbidden("Forbidden: bot was blocked by the user")

    assert await quietly(refused(), "sendMessage") is None
    assert value("interview_bot_telegram_errors_total", kind="blocked") == blocked + 1


async def test_metrics_are_prometheus_text_with_the_index(bot: Bot) -> None:
    text = generate_latest(metrics().registry).decode()
    assert "# TYPE interview_bot_reply_seconds histogram" in text
    assert f"interview_bot_index_passages {float(bot[0].bot_data.library.size)}" in text
    assert 'interview_bot_index_info{built="' in text and "interview_bot_stats_waiting" in text


async def test_health_is_ok_with_sqlite_degraded_without_the_database_and_503_before_the_index(
    bot: Bot,
) -> None:
    app = bot[0]
    about = About("1.2.3", "polling")
    await app.start()  # as run_polling and the webhook do
    try:
        status, body = health(app, about)
        assert status == 200 and body["status"] == "ok" and body["database"] == "sqlite"
        assert body["version"] == "1.2.3" and body["index"]["passages"] == app.bot_data.library.size

        class Away:
            up = False
            outages = 1

        app.bot_data.database = Away()  # type: ignore[assignment]
        try:
            status, body = health(app, about)
            assert status == 200 and body["status"] == "degraded" and body["database"] == "unreachable"
        finally:
            app.bot_data.database = None
    finally:
        await app.stop()
    assert health(app, about)[0] == 503  # not running: not ready


async def test_privacy_says_what_is_kept_and_for_how_long(bot: Bot) -> None:
    request = await feed(bot, message("/privacy", language="en"))
    (sent,) = request.sent()
    assert sent["text"] == messages.html("en", "privacy", days="90")
    assert "90 days" in sent["text"] and "never your Telegram id" in sent["text"]


async def test_an_update_the_processor_drops_is_counted_and_logged(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    """handlers.fairness drops a flooded group's overflow by closing its coroutine unrun."""
    from telegram import Update

    from tests.telegram_fakes import GROUP

    app = bot[0]
    flooded = value("interview_bot_throttled_total", reason="group_flood")
    updates = value("interview_bot_updates_total", kind="command")
    processing = app.process_update(Update.de_json(message("/ask ترامپ", chat=GROUP), app.bot))
    with caplog.at_level(logging.DEBUG, logger="interview_bot"):
        processing.close()
    assert value("interview_bot_throttled_total", reason="group_flood") == flooded + 1
    assert value("interview_bot_updates_total", kind="command") == updates + 1
    assert [r.getMessage() for r in caplog.records if "tier=dropped" in r.getMessage()]
    assert bot[1].sent() == []  # and it never ran


async def test_a_taken_port_is_one_warning_when_polling_and_a_start_error_for_the_webhook(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    import socket

    from handlers.app import BotStartError, listen
    from handlers.web import Hook

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with caplog.at_level(logging.WARNING, logger="interview_bot"):
            assert listen(bot[0], "127.0.0.1", port, None) is None
        assert f"cannot listen on 127.0.0.1:{port}" in caplog.text
        with pytest.raises(BotStartError, match="for the webhook"):
            listen(bot[0], "127.0.0.1", port, Hook("telegram", "secret"))
