"""What watching the bot costs per update: the application's wrapper (count, time, tier, the log
line) against PTB's own ``Application.process_update`` on the same running application, in one
process, pinned to one core, in interleaved blocks (a busy machine slows both alike).

    uv run python -m benchmarks.observe [--updates 2000] [--rounds 5]

Three ways, each over the same questions (one reader per update): ``ptb`` calls the base class's
``process_update`` (no observation at all), ``observed`` the bot's (metrics counted; the INFO line
off, as with ``LOG_LEVEL=WARNING``), ``logged`` the bot's with the INFO line written to a file
(as the bot runs). Prints the median per update of each, per round, and the medians of the rounds.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application

from benchmarks.speed import questions
from bot.settings import BotSettings, load_settings


async def measure(updates: int, rounds: int) -> dict[str, list[float]]:
    from handlers.app import build_application
    from tests.telegram_fakes import TOKEN, RecordingRequest, message

    tmp = Path(tempfile.mkdtemp())
    os.environ.setdefault("INTERVIEW_BOT_STATS", str(tmp / "stats.sqlite"))
    request = RecordingRequest()
    app = build_application(
        load_settings(), BotSettings(token=TOKEN), request, RecordingRequest(), rate_limiter=False
    )
    log = logging.getLogger("interview_bot")
    handler = logging.FileHandler(tmp / "bot.log")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    asked = questions()
    results: dict[str, list[float]] = {"ptb": [], "observed": [], "logged": []}

    async def one_way(way: str, offset: int) -> float:
        log.setLevel(logging.INFO if way == "logged" else logging.WARNING)
        if way == "logged":
            log.addHandler(handler)
        times = []
        try:
            for i in range(updates):
                payload = message(asked[i % len(asked)])
                payload["message"]["from"]["id"] = payload["message"]["chat"]["id"] = offset + i
                update = Update.de_json(payload, app.bot)
                started = time.perf_counter()
                if way == "ptb":
                    await Application.process_update(app, update)
                else:
                    await app.process_update(update)
                times.append(time.perf_counter() - started)
        finally:
            log.removeHandler(handler)
        request.calls.clear()
        return statistics.median(times) * 1e6

    async with app:
        assert app.post_init is not None
        await app.post_init(app)
        await app.bot_data.settled()
        try:
            await one_way("observed", 1_000_000)  # warm: caches, the first search of each question
            for n in range(rounds):
                for way in ("ptb", "observed", "logged") if n % 2 == 0 else ("logged", "observed", "ptb"):
                    results[way].append(await one_way(way, 2_000_000 + n * 10 * updates))
        finally:
            assert app.post_shutdown is not None
            await app.post_shutdown(app)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    cores = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(cores)})
    results: dict[str, Any] = asyncio.run(measure(args.updates, args.rounds))
    for way, per_round in results.items():
        rounds = " ".join(f"{v:.0f}" for v in per_round)
        print(f"{way:9} median {statistics.median(per_round):7.1f} µs per update   (rounds: {rounds})")


if __name__ == "__main__":
    main()
