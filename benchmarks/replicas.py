"""Several machines: two webhook replicas on one real PostgreSQL, over HTTP.

    uv run python -m benchmarks.replicas --write      # needs PostgreSQL's programs (Debian: postgresql)

Two ``interview-bot run`` replicas, each with its own corpus copy and index, behind the fake Bot
API on 127.0.0.1 (tests/e2e/test_several_machines.py), take ``--questions`` questions from as many
readers, pushed to them in turn as fast as their webhooks accept them. Reported: answers per
second until the last answer, on one database and, for comparison, the same two replicas with no
database (each its own SQLite stats); and the time from ``interview-bot publish`` returning to
both replicas answering from the new interview.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.questions import machine, publish
from tests.e2e.test_several_machines import NEW_INTERVIEW, reader, two_machines
from tests.helpers import ROOT
from tests.postgres import PostgresServer

QUESTIONS = ("به کدام کشورها سفر کردید؟", "ترامپ", "چند روز در وین ماندید", "یونیدو", "برلین")


def answers_per_second(url: str, count: int) -> float:
    with tempfile.TemporaryDirectory() as folder, two_machines(Path(folder), url) as machines:
        api = machines.api
        machines.ask(reader(0), QUESTIONS[0])  # both warm: the first question of each replica
        machines.ask(reader(1), QUESTIONS[0])
        for chat in (500, 501):
            api.wait_for("sendMessage", chat_id=chat, timeout=60)
        started = time.perf_counter()
        for n in range(count):
            machines.ask(reader(1000 + n), QUESTIONS[n % len(QUESTIONS)])
        for n in range(count):
            api.wait_for("sendMessage", chat_id=1500 + n, timeout=120)
        return count / (time.perf_counter() - started)


def publish_to_answers(url: str) -> float:
    with tempfile.TemporaryDirectory() as folder, two_machines(Path(folder), url) as machines:
        api = machines.api
        new = Path(folder) / "baghban.md"
        new.write_text(NEW_INTERVIEW, encoding="utf-8")
        env = {"DATABASE_URL": url, "PATH": "/usr/bin:/bin", "HOME": folder}
        subprocess.run([sys.executable, "-m", "bot.cli", "publish", str(new)], cwd=ROOT, env=env, check=True,
                       capture_output=True, timeout=60)  # fmt: skip
        published = time.perf_counter()
        waiting = {0, 1}
        asked = 0
        while waiting and time.perf_counter() - published < 60:
            for replica in sorted(waiting):
                who = reader(3000 + asked)
                asked += 1
                machines.ask(who, "درخت انجیر را کی می‌کارید؟", replica)
                if "انجیر" in str(api.wait_for("sendMessage", chat_id=who["id"], timeout=30)["text"]):
                    waiting.discard(replica)
        return time.perf_counter() - published


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--write", action="store_true", help="put the table in BENCHMARKS.md")
    args = parser.parse_args()
    server = PostgresServer()
    server.start()
    server.wait_until_up()
    try:
        shared = answers_per_second(server.fresh_database("bench_load"), args.questions)
        alone = answers_per_second("", args.questions)
        latency = publish_to_answers(server.fresh_database("bench_publish"))
    finally:
        server.remove()
    lines = [
        "<!-- replicas:begin -->",
        "## Several machines: two replicas on one PostgreSQL",
        "",
        f"`uv run python -m benchmarks.replicas --write` on {time.strftime('%Y-%m-%d')}, {machine()};"
        " both replicas, the fake Bot API and PostgreSQL on this one machine.",
        "",
        f"{args.questions} questions from as many readers, pushed to the two webhooks in turn; answers per"
        " second until the last answer. Then `interview-bot publish` of a new interview, and the time from"
        " its return to both replicas answering from it (LISTEN/NOTIFY, copy, rebuild, swap).",
        "",
        "| | answers per second |",
        "|---|---|",
        f"| two replicas, one PostgreSQL (stats, quota, cards shared) | {shared:.1f} |",
        f"| the same two replicas without a database (SQLite each) | {alone:.1f} |",
        "",
        f"From publish to both replicas answering from the new interview: **{latency:.1f} s**.",
        "<!-- replicas:end -->",
    ]
    publish(lines, args.write)


if __name__ == "__main__":
    main()
