"""Per update: the work one update costs, counted (so a 5% change shows) and timed beside PTB alone.

    uv run python -m benchmarks.updates                  # print the tables
    uv run python -m benchmarks.updates --write          # and replace them in BENCHMARKS.md
    uv run python -m benchmarks.updates --profile 12     # and the top 12 costs of each kind

Four kinds of update, each from its own reader (so no throttle steps in), through the real
Application and handlers with the recording request class (no network): an answered question
(cycling through the question set), a small-talk message, a follow-up («بیشتر بگو» after a
question) and a button press ("next" under an answer). Beside them PTB alone: an Application
whose one handler sends a fixed reply with the bot's kind of keyboard.

Counted: Python function calls per update, C functions included (cProfile's count over 200
updates after 50 unmeasured ones). It is the same from run to run within a few calls, where
the time is not: this shared 2-core VM swings by 30% between minutes. CPU instructions from
``perf stat`` would count C work too, but this VM's perf says ``<not supported>`` for them.

Timed: updates per second through PTB's dispatcher (the update queue, 64 at once, as the bot
runs), the process pinned to one core, in rounds that interleave PTB alone, the bot as it runs
(a repeated question's answer is kept) and the bot with every search computed; the ratio to PTB
alone is taken within each round, then its median and spread over the rounds.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.questions import machine, publish

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- updates:begin -->", "<!-- updates:end -->"
FOLLOW_UP = "بیشتر بگو"
SMALL_TALK = ("سلام", "مرسی", "خداحافظ", "تو کی هستی؟", "ممنون 🙏", "سلام خوبی؟")
COMPUTED = "question, every search computed"
KINDS = ("question", COMPUTED, "small talk", "follow-up", "button", "PTB alone")

Payload = dict[str, Any]


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def questions() -> list[str]:
    rows = (ROOT / "tests" / "questions.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[1] for line in rows if line.strip() and not line.startswith("#")]


@dataclass
class Bench:
    """An Application to feed, what it sent, and the updates of one kind, reader by reader."""

    app: Any
    request: Any

    async def feed(self, payload: Payload) -> None:
        from telegram import Update

        await self.app.process_update(Update.de_json(payload, self.app.bot))


async def open_bench(floor: bool) -> Bench:
    """The bot's Application (``floor``: PTB alone, one handler with a fixed reply), started as
    the bot starts it."""
    from benchmarks.speed import ptb_alone
    from bot.settings import BotSettings, load_settings
    from handlers.app import build_application
    from tests.telegram_fakes import TOKEN, RecordingRequest

    request = RecordingRequest()
    os.environ.setdefault("INTERVIEW_BOT_STATS", str(Path(tempfile.mkdtemp()) / "stats.sqlite"))
    app = build_application(
        load_settings(), BotSettings(token=TOKEN), request, RecordingRequest(), rate_limiter=False
    )
    if floor:
        ptb_alone(app)
    await app.initialize()
    assert app.post_init is not None
    await app.post_init(app)
    await app.bot_data.settled()
    return Bench(app, request)


async def close_bench(bench: Bench) -> None:
    assert bench.app.post_shutdown is not None
    await bench.app.post_shutdown(bench.app)
    await bench.app.shutdown()


def reader_message(text: str, reader: int) -> Payload:
    from tests.telegram_fakes import message

    payload = message(text)
    payload["message"]["from"]["id"] = payload["message"]["chat"]["id"] = reader
    return payload


def updates_of(kind: str, reader: int) -> tuple[list[Payload], Payload]:
    """For one reader: the updates that come first (not measured), and the one measured."""
    from tests.telegram_fakes import BOT_ID, callback

    asked = questions()
    question = reader_message(asked[reader % len(asked)], reader)
    if kind in ("question", COMPUTED, "PTB alone"):
        return [], question
    if kind == "small talk":
        return [], reader_message(SMALL_TALK[reader % len(SMALL_TALK)], reader)
    if kind == "follow-up":
        return [question], reader_message(FOLLOW_UP, reader)
    answer = {
        "message_id": 555,
        "date": 1_700_000_000,
        "chat": question["message"]["chat"],
        "from": {"id": BOT_ID, "is_bot": True, "first_name": "Interview"},
        "text": "…",
        "reply_to_message": question["message"],
    }
    press = callback("n:1", answer)
    press["callback_query"]["from"]["id"] = reader
    return [], press


@dataclass
class Counted:
    kind: str
    calls: float  # Python function calls per update
    median_ms: float
    p99_ms: float
    cpu_median_ms: float
    cpu_p99_ms: float
    top: list[tuple[str, float, float, float]]  # (function, µs own, µs with callees, calls: per update)
    ours: list[tuple[str, float, float, float]]  # the same for the project's own functions


async def count_kind(kind: str, first_reader: int, count: int = 200, warm: int = 100) -> Counted:
    """Calls per update and the profile (cProfile over ``count`` updates), then latency one
    update at a time (no profiler) over the same number of other readers. ``warm`` updates
    first, unmeasured: every question of the set asked once, so kept answers are kept."""
    from bot.search import searcher as search

    kept = search.RESULTS
    if kind == COMPUTED:
        search.RESULTS = 0
    try:
        bench = await open_bench(kind == "PTB alone")
    finally:
        search.RESULTS = kept
    try:
        readers = iter(range(first_reader, first_reader + warm + 2 * count))

        async def one(
            measure: Callable[[], None] | None = None, after: Callable[[], None] | None = None
        ) -> None:
            before, update = updates_of(kind, next(readers))
            for payload in before:
                await bench.feed(payload)
            if measure:
                measure()
            await bench.feed(update)
            if after:
                after()

        for _ in range(warm):
            await one()
        profile = cProfile.Profile(time.process_time)  # CPU time: other processes' turns are not ours
        for _ in range(count):
            await one(profile.enable, profile.disable)
        latencies: list[float] = []
        cpu: list[float] = []
        started = [0.0, 0.0]

        def start() -> None:
            started[:] = [time.perf_counter(), time.process_time()]

        def stop() -> None:
            latencies.append(time.perf_counter() - started[0])
            cpu.append(time.process_time() - started[1])

        for _ in range(count):
            await one(start, stop)
    finally:
        await close_bench(bench)
    stats = pstats.Stats(profile)
    entries = [
        (_name(func), own / count * 1e6, cumulative / count * 1e6, calls / count)
        for func, (_, calls, own, cumulative, _) in stats.stats.items()  # type: ignore[attr-defined]
    ]
    return Counted(
        kind,
        stats.total_calls / count,  # type: ignore[attr-defined]
        statistics.median(latencies) * 1000,
        percentile(latencies, 0.99) * 1000,
        statistics.median(cpu) * 1000,
        percentile(cpu, 0.99) * 1000,
        sorted(entries, key=lambda e: -e[1])[:40],
        sorted((e for e in entries if e[0].startswith(("bot/", "handlers/"))), key=lambda e: -e[2])[:40],
    )


def _name(func: tuple[str, int, str]) -> str:
    path, line, name = func
    if path == "~":
        return name
    where = Path(path)
    try:
        where = where.relative_to(ROOT)
    except ValueError:
        parts = where.parts
        where = Path(*parts[parts.index("site-packages") + 1 :]) if "site-packages" in parts else where
    return f"{where}:{line}({name})"


async def throughput(kind: str, count: int, computed: bool = False) -> tuple[float, float]:
    """Updates per second through PTB's dispatcher, ``count`` updates queued at once, and the
    process's CPU time per update (ms, every thread): what the wall clock gives less whatever
    else ran on the core meanwhile."""
    from telegram import Update

    from bot.search import searcher as search

    kept = search.RESULTS
    if computed:
        search.RESULTS = 0
    try:
        bench = await open_bench(kind == "PTB alone")
    finally:
        search.RESULTS = kept
    app, request = bench.app, bench.request
    try:
        for reader in range(20_000, 20_050):
            await bench.feed(updates_of(kind, reader)[1])
        sent = len(request.calls)
        payloads = [updates_of(kind, reader)[1] for reader in range(30_000, 30_000 + count)]
        await app.start()
        started, cpu = time.perf_counter(), time.process_time()
        for payload in payloads:
            app.update_queue.put_nowait(Update.de_json(payload, app.bot))
        while len(request.calls) - sent < count:
            await asyncio.sleep(0.001)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        await app.stop()
    finally:
        await close_bench(bench)
    return count / elapsed, cpu / count * 1000


async def rounds(count: int, repeat: int) -> dict[str, list[float]]:
    """Updates per second, PTB alone and the bot interleaved, ``repeat`` rounds, one core."""
    cores = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(cores)})
    out: dict[str, list[float]] = {}
    try:
        for _ in range(repeat):
            for name, kind, computed in (
                ("PTB alone", "PTB alone", False),
                ("bot", "question", False),
                ("computed", "question", True),
            ):
                rate, cpu = await throughput(kind, count, computed)
                out.setdefault(name, []).append(rate)
                out.setdefault(f"{name} cpu", []).append(cpu)
    finally:
        os.sched_setaffinity(0, cores)
    return out


def spread(values: Sequence[float]) -> str:
    digits = 0 if min(values) >= 100 else 2 if min(values) < 10 else 1
    return f"{statistics.median(values):,.{digits}f} ({min(values):,.{digits}f}–{max(values):,.{digits}f})"


def tables(counted: list[Counted], timed: dict[str, list[float]], args: argparse.Namespace) -> list[str]:
    floor, floor_cpu = timed["PTB alone"], timed["PTB alone cpu"]
    ratio = {name: [v / f for v, f in zip(timed[name], floor, strict=True)] for name in ("bot", "computed")}
    by_cpu = {
        name: [f / v for v, f in zip(timed[f"{name} cpu"], floor_cpu, strict=True)]
        for name in ("bot", "computed")
    }
    lines = [
        BEGIN,
        "## Per update: counted, and timed beside PTB alone",
        "",
        f"`uv run python -m benchmarks.updates --write --rounds {args.rounds}"
        f"{f' --profile {args.profile}' if args.profile else ''}` on"
        f" {time.strftime('%Y-%m-%d')}, {machine()}. The bundled interview; each update from its own"
        " reader; recording request class, no network.",
        "",
        "Python function calls per update (C functions included; cProfile's count over 200 updates"
        " after 100 unmeasured): the figure that does not swing with the machine. Latency: one update"
        " at a time, Update JSON → the recorded send, 200 updates, by the wall clock and by the"
        " process's CPU time (which other processes on the core do not inflate).",
        "",
        "| kind | calls per update | calls against PTB alone | latency median | latency p99"
        " | CPU median | CPU p99 |",
        "|---|---|---|---|---|---|---|",
    ]
    base = next(c.calls for c in counted if c.kind == "PTB alone")
    for c in counted:
        lines.append(
            f"| {c.kind} | {c.calls:,.0f} | ×{c.calls / base:.2f} | {c.median_ms:.2f} ms"
            f" | {c.p99_ms:.2f} ms | {c.cpu_median_ms:.2f} ms | {c.cpu_p99_ms:.2f} ms |"
        )
    lines += [
        "",
        f"Updates per second through PTB's dispatcher, one core, {args.updates:,} questions queued at"
        f" once, {args.rounds} rounds each interleaving PTB alone, the bot, the bot with every search"
        " computed; median (lowest–highest) over the rounds. The share of PTB alone is taken within"
        " each round.",
        "",
        "| | updates/s (wall clock) | share of PTB alone | CPU per update | share of PTB alone, by CPU"
        " | goal |",
        "|---|---|---|---|---|---|",
        f"| PTB alone, a fixed reply and keyboard | {spread(floor)} | 1 | {spread(floor_cpu)} ms | 1 | |",
        f"| the bot, answers kept (as it runs) | {spread(timed['bot'])} | {spread(ratio['bot'])}"
        f" | {spread(timed['bot cpu'])} ms | {spread(by_cpu['bot'])} | ≥ 0.85 |",
        f"| the bot, every search computed | {spread(timed['computed'])} | {spread(ratio['computed'])}"
        f" | {spread(timed['computed cpu'])} ms | {spread(by_cpu['computed'])} | ≥ 0.60 |",
        "",
        "The CPU time is the process's (every thread) while the updates were handled: the wall"
        " clock less what other processes took of the core meanwhile, so it swings less on a shared"
        " machine; the share by CPU is PTB alone's CPU per update over the bot's.",
    ]
    if args.profile:
        lines += [
            "",
            f"The top {args.profile} costs of each kind, by own CPU time per update (µs; cProfile timed"
            " by the process's CPU clock, its own overhead included: read the order more than the figures):",
        ]
        head = ["| function | own µs | with callees µs | calls |", "|---|---|---|---|"]
        for c in counted:
            lines += ["", f"*{c.kind}*: all", "", *head]
            lines += [
                f"| `{n}` | {own:.0f} | {cum:.0f} | {k:,.1f} |" for n, own, cum, k in c.top[: args.profile]
            ]
            if c.ours:
                lines += ["", f"*{c.kind}*: the project's own functions, by time with callees", "", *head]
                lines += [
                    f"| `{n}` | {own:.0f} | {cum:.0f} | {k:,.1f} |"
                    for n, own, cum, k in c.ours[: args.profile]
                ]
    lines.append(END)
    return lines


async def run(args: argparse.Namespace) -> tuple[list[Counted], dict[str, list[float]]]:
    counted = []
    for number, kind in enumerate(KINDS):
        counted.append(await count_kind(kind, 100_000 * (number + 1)))
        print(kind, f"{counted[-1].calls:.0f} calls", file=sys.stderr)
    timed = await rounds(args.updates, args.rounds)
    print(timed, file=sys.stderr)
    return counted, timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="replace the section in BENCHMARKS.md")
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", type=int, default=0, help="list the top N costs of each kind")
    args = parser.parse_args()
    counted, timed = asyncio.run(run(args))
    publish(tables(counted, timed, args), args.write)


if __name__ == "__main__":
    main()
