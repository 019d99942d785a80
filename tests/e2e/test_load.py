"""Load over real HTTP: 100 readers send 10 questions each at once, one of them floods.

Every question is answered with its own passage; what the bot sends stays within Telegram's
flood limits (about 30 messages a second overall, about one a second per chat after a short
burst); the flooding reader is asked politely to slow down and the others still get answers.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from pathlib import Path

from tests.e2e.test_e2e import TOKEN, bot_process
from tests.fake_bot_api import FakeBotApi
from tests.test_questions import KNOWN_GAPS, load_questions

READERS, EACH, FLOOD = 100, 10, 40


def most_in_window(times: list[float], window: float) -> int:
    times = sorted(times)
    best = start = 0
    for end, at in enumerate(times):
        while at - times[start] > window:
            start += 1
        best = max(best, end - start + 1)
    return best


def troubles(log: Path) -> str:
    """The bot's warnings and errors, for a failure's message (a slow machine shows them first)."""
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join([line for line in lines if "WARNING" in line or "ERROR" in line][-20:])


def test_a_hundred_readers_at_once(tmp_path: Path) -> None:
    answerable = [
        (q, expected)
        for kind, q, expected in load_questions()
        if expected not in (("-",), ("~",)) and q not in KNOWN_GAPS
    ]
    log = tmp_path / "bot.log"
    with FakeBotApi(TOKEN) as api, bot_process(api, tmp_path, log=log):
        api.wait_for("setMyCommands", timeout=60)
        expected: dict[tuple[int, int], tuple[str, ...]] = {}
        flooder = {"id": 999, "is_bot": False, "first_name": "F", "language_code": "fa"}
        for _ in range(FLOOD):
            api.send_text("ترامپ", flooder)
        for n in range(EACH):
            for r in range(READERS):
                reader = {"id": 1000 + r, "is_bot": False, "first_name": "R", "language_code": "fa"}
                question, ids = answerable[(r + n) % len(answerable)]
                sent = api.send_text(question, reader)
                expected[(reader["id"], sent["message_id"])] = ids
        started = time.monotonic()
        deadline = started + 240
        while time.monotonic() < deadline:
            with api.changed:  # the fake's server thread adds messages as the bot sends them
                messages = list(api.messages.items())
            replied = {
                (chat, int(m["reply_to_message"]["message_id"]))
                for (chat, _), m in messages
                if chat >= 1000 and m["from"]["id"] == api.bot["id"] and "reply_to_message" in m
            }
            flood_sent = sum(1 for (chat, _), _m in messages if chat == 999) - FLOOD
            # The flooder's questions run one at a time, as every reader's do, so the last of
            # them may come after the others' answers: wait for its 20 answers and the notice.
            # Waited for by which questions have their answer, not by how many messages came.
            if replied >= set(expected) and flood_sent >= 21:
                break
            time.sleep(0.5)
        elapsed = time.monotonic() - started

        answered: Counter[tuple[int, int]] = Counter()
        for (chat, _), m in list(api.messages.items()):
            if chat >= 1000 and m["from"]["id"] == api.bot["id"] and "reply_to_message" in m:
                key = (chat, int(m["reply_to_message"]["message_id"]))
                answered[key] += 1
                assert any(f"start=p_{pid}" in m["text"] for pid in expected[key]), m["text"][:80]
        missing = set(expected) - set(answered)
        if missing:  # what the bot sent those chats besides its replies, and what it logged
            chats = {chat for chat, _ in missing}
            loose = [
                m["text"][:80]
                for (chat, _), m in api.messages.items()
                if chat in chats and m["from"]["id"] == api.bot["id"] and "reply_to_message" not in m
            ]
            raise AssertionError(
                f"{len(missing)} questions unanswered: {sorted(missing)}; sent them unquoted: {loose};"
                f" the bot logged:\n{troubles(log)}"
            )
        assert set(answered.values()) == {1}, "a question was answered twice"

        # Limits are buckets: a burst (30 overall, 3 per chat), then the rate (30/s, 1/s).
        overall = most_in_window([at for at, _ in api.sends], 5.0)
        per_chat: defaultdict[int, list[float]] = defaultdict(list)
        for at, chat in api.sends:
            per_chat[chat].append(at)
        busiest_chat = max(most_in_window(times, 5.0) for times in per_chat.values())
        assert overall <= 30 + 30 * 5 + 10, f"{overall} messages in 5 seconds overall"
        assert busiest_chat <= 3 + 5 + 2, f"{busiest_chat} messages in 5 seconds to one chat"

        # The flooder does not hold the others up: every reader's first answer comes within
        # about the time the overall limit needs for one answer each (100 at 30/s).
        first_answer = {chat: min(times) for chat, times in per_chat.items() if chat >= 1000}
        slowest_first = max(first_answer.values()) - started
        assert slowest_first < 8, f"a reader waited {slowest_first:.1f} s for a first answer"

        flood = [
            m for (chat, _), m in api.messages.items() if chat == 999 and m["from"]["id"] == api.bot["id"]
        ]
        polite = [m for m in flood if "آهسته" in m["text"]]
        assert len(polite) == 1 and len(flood) == 21  # 20 answers a minute, one "slow down", then silence
        print(
            f"\n{READERS * EACH} answers in {elapsed:.1f} s; at most {overall} in 5 s overall,"
            f" {busiest_chat} in 5 s to one chat; first answers within {slowest_first:.1f} s"
        )
