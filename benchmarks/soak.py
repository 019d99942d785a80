"""Soak: 20,000 updates through the real Application in one process; does memory stay flat?

    uv run python -m benchmarks.soak [--updates 20000]

Questions, buttons and inline queries from 2,000 readers, through every handler, with the
recording request class (no network, no flood limits: this measures the bot's own memory).
Prints RSS after the first 1,000 updates and at the end, for RELIABILITY.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from pathlib import Path

from benchmarks.speed import questions


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def soak(count: int) -> None:
    from telegram import Update

    from bot.settings import BotSettings, load_settings
    from handlers.app import build_application
    from tests.telegram_fakes import TOKEN, RecordingRequest, callback, inline, message

    os.environ["INTERVIEW_BOT_STATS"] = str(Path(tempfile.mkdtemp()) / "stats.sqlite")
    request = RecordingRequest()
    app = build_application(load_settings(), BotSettings(token=TOKEN, user_rate=1000), request,
                            RecordingRequest(), rate_limiter=False)  # fmt: skip
    asked = questions()
    answer = {"message_id": 1, "date": 1, "chat": {"id": 1, "type": "private"}, "text": "…"}
    async with app:
        assert app.post_init is not None
        await app.post_init(app)
        await app.bot_data.settled()
        started, start_rss = time.perf_counter(), 0.0
        for i in range(count):
            kind = i % 10
            if kind < 7:
                payload = message(asked[i % len(asked)])
            elif kind < 9:
                payload = inline(asked[i % len(asked)], offset=str((i % 3) * 10))
            else:
                payload = callback(f"f:mirlohi:{1 + i % 2}", answer)
            for body in payload.values():
                if isinstance(body, dict) and "from" in body:
                    body["from"]["id"] = 10_000 + i % 2000
            await app.process_update(Update.de_json(payload, app.bot))
            request.calls.clear()
            if i == 999:
                start_rss = rss_mb()
        end_rss = rss_mb()
        assert app.post_shutdown is not None
        await app.post_shutdown(app)
    print(f"{count:,} updates in {time.perf_counter() - started:.0f} s; RSS after 1,000: {start_rss:.1f} MB,"
          f" at the end: {end_rss:.1f} MB ({end_rss - start_rss:+.1f} MB)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=20_000)
    asyncio.run(soak(parser.parse_args().updates))


if __name__ == "__main__":
    main()
