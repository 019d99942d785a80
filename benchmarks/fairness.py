"""Fairness between chats, over real HTTP: one group floods the bot while private readers ask.

`interview-bot run` (with its real flood limits) against the fake Bot API on 127.0.0.1. At once:
a group sends ``--flood`` /ask from as many members (and Telegram answers the group's first send
429, retry after 5 s), while ``--readers`` private readers each ask ``--each`` questions one
after another, as people do: the next when the answer has come. Reported: the private readers'
answer times (question pushed → answer delivered) and what the group got.

    uv run python -m benchmarks.fairness --write
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from benchmarks.questions import machine, publish
from tests.e2e.test_e2e import TOKEN, bot_process
from tests.fake_bot_api import FakeBotApi

QUESTIONS = ("به کدام کشورها سفر کردید؟", "ترامپ", "چند روز در وین ماندید", "یونیدو", "برلین")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(flood: int, readers: int, each: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder, FakeBotApi(TOKEN) as api, bot_process(api, Path(folder)):
        api.wait_for("setMyCommands", timeout=60)
        group: dict[str, Any] = {"id": -100777, "type": "supergroup", "title": "Busy"}
        api.fail("sendMessage", 429, retry_after=5, chat_id=group["id"])
        for i in range(flood):
            member = {"id": 50_000 + i, "is_bot": False, "first_name": "M", "language_code": "fa"}
            api.send_text(f"/ask {QUESTIONS[i % len(QUESTIONS)]}", member, chat=group)
        times: list[float] = []
        lock = threading.Lock()

        def one_reader(n: int) -> None:
            person = {"id": 70_000 + n, "is_bot": False, "first_name": "R", "language_code": "fa"}
            for k in range(each):
                asked = time.monotonic()
                api.send_text(QUESTIONS[(n + k) % len(QUESTIONS)], person)
                api.wait_for("sendMessage", timeout=120, chat_id=person["id"])
                with lock:
                    times.append(time.monotonic() - asked)

        crowd = [threading.Thread(target=one_reader, args=(n,)) for n in range(readers)]
        for thread in crowd:
            thread.start()
        for thread in crowd:
            thread.join()
        time.sleep(3)  # what the group still gets meanwhile
        to_group = [p for p in api.calls_of("sendMessage") if str(p["chat_id"]) == str(group["id"])]
    return {
        "p50": statistics.median(times),
        "p95": percentile(times, 0.95),
        "max": max(times),
        "answers": len(times),
        "group_sent": len(to_group),
        "group_notices": sum("خصوصی" in p["text"] for p in to_group),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flood", type=int, default=100)
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--each", type=int, default=5)
    parser.add_argument("--write", action="store_true", help="put the table in BENCHMARKS.md")
    args = parser.parse_args()
    figures = run(args.flood, args.readers, args.each)
    print(figures)
    lines = [
        "<!-- fairness:begin -->",
        "## Fairness: private readers beside a flooded group",
        "",
        f"`uv run python -m benchmarks.fairness --write` on {time.strftime('%Y-%m-%d')}, {machine()}.",
        "",
        f"`interview-bot run` with its flood limits, over HTTP against the fake Bot API. A group sends"
        f" {args.flood} `/ask` at once from {args.flood} members, and Telegram answers its first send 429"
        f" (retry after 5 s); beside it {args.readers} private readers ask {args.each} questions each,"
        " one after another.",
        "",
        "| measure | figure | goal |",
        "|---|---|---|",
        f"| private readers' answer time, median | {figures['p50']:.2f} s | |",
        f"| private readers' answer time, p95 | {figures['p95']:.2f} s | < 3 s |",
        f"| private readers' answer time, slowest of {int(figures['answers'])} | {figures['max']:.2f} s | |",
        f"| messages the flooded group got within the run | {int(figures['group_sent'])}"
        f" (of them «ask me in private»: {int(figures['group_notices'])}) | one notice, not a queue |",
        "",
        "Before this round the same flood held all 64 update slots and a private reader waited 51 s.",
        "<!-- fairness:end -->",
    ]
    publish(lines, args.write)


if __name__ == "__main__":
    main()
