"""Bad days over real HTTP: the fake Bot API answers 5xx and 429, then goes away for 30 seconds.
The bot keeps running, backs off as told, and answers every update exactly once."""

from __future__ import annotations

import signal
import time
from collections import Counter
from pathlib import Path

from tests.e2e.test_e2e import READER, TOKEN, bot_process
from tests.fake_bot_api import FakeBotApi


def replies(api: FakeBotApi, chat_id: int = 42) -> Counter[int]:
    """How many answers each of the reader's messages got."""
    return Counter(
        int(m["reply_to_message"]["message_id"])
        for (chat, _), m in api.messages.items()
        if chat == chat_id and m["from"]["id"] == api.bot["id"] and "reply_to_message" in m
    )


def test_errors_rate_limits_and_an_outage_lose_and_repeat_nothing(tmp_path: Path) -> None:
    with FakeBotApi(TOKEN) as api, bot_process(api, tmp_path) as process:
        api.wait_for("setMyCommands", timeout=60)
        asked: list[int] = []

        def answered_all(seconds: float) -> None:
            deadline = time.monotonic() + seconds
            while set(replies(api)) < set(asked) and time.monotonic() < deadline:
                time.sleep(0.2)

        # 1. A send answered 429, retry after 2 s: the bot waits as told, then sends.
        api.fail("sendMessage", 429, retry_after=2)
        asked.append(api.send_text("ترامپ", READER)["message_id"])
        answered_all(30)
        sends = [(at, status) for at, method, status in api.log if method == "sendMessage"]
        limited = next(at for at, status in sends if status == 429)
        after = next(at for at, status in sends if at > limited)
        assert after - limited >= 1.9, "the bot did not wait the retry_after it was told"
        # 2. Sends answered 502 and 500, getUpdates answered 502 twice.
        api.fail("sendMessage", 502)
        api.fail("sendMessage", 500)
        api.fail("getUpdates", 502, times=2)
        for text in ("برلین", "یونیدو"):
            asked.append(api.send_text(text, READER)["message_id"])
        answered_all(60)
        # 2. The server goes away for 30 s; readers keep writing meanwhile.
        api.go_away()
        for text in ("وین", "شعار اجلاس", "ترامب", "دختر سوئدی"):
            asked.append(api.send_text(text, READER)["message_id"])
            time.sleep(1)
        time.sleep(26)
        api.come_back()
        answered_all(90)
        assert process.poll() is None, "the bot died on a bad day"
        assert sorted(status for _, status in api.refused) == [429, 500, 502, 502, 502]
        answered = replies(api)
        assert sorted(answered) == sorted(asked), "an update was lost"
        assert set(answered.values()) == {1}, f"an update was answered twice: {answered}"
        assert len(api.delivered) == len(set(api.delivered)), "getUpdates handed an update out twice"


def test_sigterm_mid_load_then_restart_loses_and_repeats_nothing(tmp_path: Path) -> None:
    with FakeBotApi(TOKEN) as api:
        with bot_process(api, tmp_path, USER_RATE_PER_MINUTE="1000") as process:
            api.wait_for("setMyCommands", timeout=60)
            asked = [api.send_text(q, READER)["message_id"] for q in ["ترامپ", "برلین", "وین", "یونیدو"] * 15]
            deadline = time.monotonic() + 30
            while len(replies(api)) < 5 and time.monotonic() < deadline:
                time.sleep(0.05)
            process.send_signal(signal.SIGTERM)  # mid-load: some answered, some fetched, some waiting
            assert process.wait(timeout=60) == 0
        with bot_process(api, tmp_path, USER_RATE_PER_MINUTE="1000"):  # the restart
            deadline = time.monotonic() + 120
            while set(replies(api)) < set(asked) and time.monotonic() < deadline:
                time.sleep(0.2)
            answered = replies(api)
            assert sorted(answered) == sorted(asked), f"{len(set(asked) - set(answered))} updates lost"
            assert set(answered.values()) == {1}, "an update was answered twice"


def test_a_stalled_get_updates_loses_and_repeats_nothing(tmp_path: Path) -> None:
    with FakeBotApi(TOKEN) as api, bot_process(api, tmp_path) as process:
        api.wait_for("setMyCommands", timeout=60)
        api.stall("getUpdates", 25)  # longer than PTB's read timeout for a long poll
        stalled_from = time.monotonic()
        time.sleep(12)  # the stalled poll is the one now hanging
        asked = [api.send_text(q, READER)["message_id"] for q in ("ترامپ", "برلین")]
        deadline = time.monotonic() + 90
        while set(replies(api)) < set(asked) and time.monotonic() < deadline:
            time.sleep(0.2)
        answered = replies(api)
        assert process.poll() is None
        assert sorted(answered) == sorted(asked) and set(answered.values()) == {1}
        polls_meanwhile = [
            at for at, method, _ in api.log if method == "getUpdates" and at - stalled_from < 24
        ]
        assert any(at - stalled_from > 6 for at in polls_meanwhile), "the bot waited out the stall"
