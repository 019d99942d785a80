"""Bad days over real HTTP: the fake Bot API answers 5xx and 429, then goes away until the bot has
failed to reach it several times over a growing back-off. The bot keeps running, backs off as
told, and answers every update exactly once. Each step waits for what it needs, never a fixed time."""

from __future__ import annotations

import signal
import time
from collections import Counter
from pathlib import Path

from tests.e2e.test_e2e import READER, TOKEN, bot_process
from tests.fake_bot_api import FakeBotApi
from tests.waiting import wait_until

READERS = [{**READER, "id": 42 + n, "first_name": f"Reader {n}"} for n in range(6)]


def replies(api: FakeBotApi, chat_id: int = 42) -> Counter[int]:
    """How many answers each of the reader's messages got."""
    return Counter(
        int(m["reply_to_message"]["message_id"])
        for (chat, _), m in api.messages.items()
        if chat == chat_id and m["from"]["id"] == api.bot["id"] and "reply_to_message" in m
    )


def every_reply(api: FakeBotApi) -> Counter[tuple[int, int]]:
    """How many answers each (chat, message) got, in every chat."""
    return Counter(
        (chat, int(m["reply_to_message"]["message_id"]))
        for (chat, _), m in list(api.messages.items())
        if m["from"]["id"] == api.bot["id"] and "reply_to_message" in m
    )


def test_errors_rate_limits_and_an_outage_lose_and_repeat_nothing(tmp_path: Path) -> None:
    log = tmp_path / "bot.log"
    with FakeBotApi(TOKEN) as api, bot_process(api, tmp_path, log=log) as process:
        api.wait_for("setMyCommands", timeout=60)
        asked: list[int] = []

        def answered_all(seconds: float) -> None:
            deadline = time.monotonic() + seconds
            while set(replies(api)) < set(asked) and time.monotonic() < deadline:
                time.sleep(0.2)

        def failed_polls() -> int:
            return log.read_text().count("could not be reached in time (httpx.ConnectError")

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
        # 3. The server goes away; readers keep writing meanwhile. It comes back once the bot has
        # failed to reach it three times, each after a longer pause (1 s, 1.5 s, 2.25 s…).
        before = failed_polls()
        api.go_away()
        for text in ("وین", "شعار اجلاس", "ترامب", "دختر سوئدی"):
            asked.append(api.send_text(text, READER)["message_id"])
        wait_until(lambda: failed_polls() >= before + 3, 60, "the bot failing to poll three times")
        api.come_back()
        answered_all(90)
        assert process.poll() is None, "the bot died on a bad day"
        assert sorted(status for _, status in api.refused) == [429, 500, 502, 502, 502]
        answered = replies(api)
        assert sorted(answered) == sorted(asked), "an update was lost"
        assert set(answered.values()) == {1}, f"an update was answered twice: {answered}"
        assert len(api.delivered) == len(set(api.delivered)), "getUpdates handed an update out twice"


def test_sigterm_mid_load_then_restart_loses_and_repeats_nothing(tmp_path: Path) -> None:
    """60 questions from six readers (a private chat takes about one answer a second: six chats
    keep the load without making the test wait a minute for one chat's flood limit)."""
    questions = ["ترامپ", "برلین", "وین", "یونیدو"] * 15
    with FakeBotApi(TOKEN) as api:
        with bot_process(api, tmp_path, USER_RATE_PER_MINUTE="1000") as process:
            api.wait_for("setMyCommands", timeout=60)
            asked = [
                (READERS[n % 6]["id"], api.send_text(q, READERS[n % 6])["message_id"])
                for n, q in enumerate(questions)
            ]
            wait_until(lambda: len(every_reply(api)) >= 5, 30, "the first answers")
            process.send_signal(signal.SIGTERM)  # mid-load: some answered, some fetched, some waiting
            assert process.wait(timeout=60) == 0
        with bot_process(api, tmp_path, USER_RATE_PER_MINUTE="1000"):  # the restart
            wait_until(lambda: set(every_reply(api)) >= set(asked), 120, "every question answered")
            answered = every_reply(api)
            assert sorted(answered) == sorted(asked), f"{len(set(asked) - set(answered))} updates lost"
            assert set(answered.values()) == {1}, "an update was answered twice"


def test_a_stalled_get_updates_loses_and_repeats_nothing(tmp_path: Path) -> None:
    with FakeBotApi(TOKEN) as api, bot_process(api, tmp_path) as process:
        api.wait_for("setMyCommands", timeout=60)
        api.stall("getUpdates", 25)  # longer than PTB's read timeout for a long poll
        stalled_from = time.monotonic()
        # The next poll takes the stall: from then on it is the one hanging.
        wait_until(lambda: not [f for f in api.faults if "stall" in f[2]], 30, "a poll taking the stall")
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
