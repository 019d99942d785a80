"""Bad days at the Bot API, in process: 5xx answers and refused connections are retried so the
reader gets exactly one answer; what may have been carried out is not sent twice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from telegram import Update
from telegram.error import NetworkError, TimedOut
from telegram.request import RequestData

from bot.settings import BotSettings, load_settings
from handlers.app import build_application
from handlers.request import RetryingRequest
from tests.telegram_fakes import TOKEN, RecordingRequest, message


class FlakyRequest(RecordingRequest):
    """Fails the first ``failures`` sendMessage calls the way the scenario says."""

    def __init__(self, failures: int, how: str) -> None:
        super().__init__()
        self.failures = failures
        self.how = how
        self.attempts = 0

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, *args: Any, **kwargs: Any
    ) -> tuple[int, bytes]:
        if url.endswith("/sendMessage"):
            self.attempts += 1
            if self.attempts <= self.failures:
                if self.how == "refused":
                    raise NetworkError("httpx.ConnectError: refused") from httpx.ConnectError("refused")
                if self.how == "pool":  # as PTB's HTTPXRequest words it
                    raise TimedOut("Pool timeout: Request was *not* sent") from httpx.PoolTimeout("")
                if self.how == "connect timeout":
                    raise TimedOut() from httpx.ConnectTimeout("")
                if self.how == "timeout":
                    raise TimedOut("read timeout")
                status = int(self.how)
                return status, json.dumps(
                    {"ok": False, "error_code": status, "description": "Bad Gateway"}
                ).encode()
        return await super().do_request(url, method, request_data, *args, **kwargs)


async def run_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flaky: FlakyRequest) -> FlakyRequest:
    monkeypatch.setenv("INTERVIEW_BOT_INDEX", str(tmp_path / "index.sqlite"))
    monkeypatch.setenv("INTERVIEW_BOT_STATS", str(tmp_path / "stats.sqlite"))
    request = RetryingRequest(flaky, attempts=6, first_delay=0.01)
    app = build_application(
        load_settings(), BotSettings(token=TOKEN), request, RecordingRequest(), rate_limiter=False
    )
    async with app:
        assert app.post_init is not None
        await app.post_init(app)
        await app.bot_data.settled()
        try:
            flaky.calls.clear()
            await app.process_update(Update.de_json(message("ترامپ"), app.bot))
        finally:
            assert app.post_shutdown is not None
            await app.post_shutdown(app)
    return flaky


@pytest.mark.parametrize("how", ["500", "502", "503", "504", "refused", "pool", "connect timeout"])
async def test_a_send_that_failed_is_retried_and_arrives_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    flaky = await run_one(tmp_path, monkeypatch, FlakyRequest(3, how))
    sent = flaky.sent()
    assert flaky.attempts == 4 and len(sent) == 1 and "ترامپ" in sent[0]["text"]


async def test_a_timeout_is_not_retried_as_the_message_may_have_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flaky = await run_one(tmp_path, monkeypatch, FlakyRequest(1, "timeout"))
    texts = [m["text"] for m in flaky.sent()]
    assert flaky.attempts == 2  # the answer timed out once; the apology went out on its own
    assert len(texts) == 1 and "مشکلی پیش آمد" in texts[0]


async def test_retries_stop_and_the_update_fails_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flaky = await run_one(tmp_path, monkeypatch, FlakyRequest(100, "502"))
    assert flaky.attempts == 12  # six for the answer, six for the apology: then the bot moves on
    assert flaky.sent() == []
