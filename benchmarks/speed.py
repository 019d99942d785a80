"""Speed and memory: per update, per search, cold starts, RSS, and search at 100,000+ passages.

    uv run python -m benchmarks.speed                      # print the tables
    uv run python -m benchmarks.speed --write              # and replace them in BENCHMARKS.md
    uv run python -m benchmarks.speed --scale 100000 1000000

On the bundled interview, in one process with the recording request class (no network):
per-update latency from the Update's JSON to the recorded sendMessage, through the real
Application and handlers; the search alone. Then cold starts of `interview-bot run` (until the
first getUpdates reaches the fake Bot API server) and of `interview-bot ask`, and the running
bot's peak RSS after 300 questions over HTTP.

At scale, passages of three sentences drawn reproducibly (seed 0) from the public QA paragraphs:
index build rate, index size, search median and p99, against rank_bm25 and a linear rapidfuzz
scan over the same passages (fewer queries for those two: they are slower by orders).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.questions import machine, publish
from benchmarks.retrieval import DATA, load
from bot.analysis.analyzer import build_analyzer
from bot.library.passages import Passage, split_sentences
from bot.search.build import build_index
from bot.search.searcher import Searcher
from bot.settings import BotSettings, load_settings

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- speed:begin -->", "<!-- speed:end -->"


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def questions() -> list[str]:
    rows = (ROOT / "tests" / "questions.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[1] for line in rows if line.strip() and not line.startswith("#")]


async def per_update(count: int) -> dict[str, float]:
    """On one core (the process pinned to it while this runs): latency one update at a time, then
    throughput with updates queued as getUpdates delivers them and handled by PTB's dispatcher
    (64 at once, as the bot runs). Three times: the bot as it runs (a repeated question's answer
    is kept: ``Searcher.memo``), the bot with no answer kept (every search computed), and an
    Application whose only handler sends a fixed reply with the same kind of keyboard: what PTB
    itself costs per update."""
    from bot.search import searcher as search

    cores = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(cores)})
    kept = search.RESULTS
    try:
        bot = await _per_update(count, floor=False)
        search.RESULTS = 0
        computed = await _per_update(count, floor=False)
        floor = await _per_update(count, floor=True)
    finally:
        search.RESULTS = kept
        os.sched_setaffinity(0, cores)
    return {
        **bot,
        **{f"computed_{name}": value for name, value in computed.items()},
        "floor_per_second": floor["updates_per_second"],
    }


def ptb_alone(app: Any) -> None:
    """The floor: PTB with one handler that sends a fixed reply with the bot's kind of keyboard."""
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
    from telegram.ext import MessageHandler, filters

    from handlers.state import Context

    keyboard = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("بعدی", callback_data="n:1")],
            [
                InlineKeyboardButton("پاسخ کامل", callback_data="f:mirlohi:1"),
                InlineKeyboardButton("اشتراک", switch_inline_query="p_mirlohi-q1-1"),
                InlineKeyboardButton("تصویر", callback_data="c:mirlohi-q1-1"),
            ],
        ]
    )
    reply = "<b>پرسش</b>\n" + "متن پاسخ " * 60

    async def fixed(update: Update, context: Context) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_html(
            reply, do_quote=True, reply_markup=keyboard, disable_web_page_preview=True
        )

    app.handlers.clear()
    app.add_handler(MessageHandler(filters.TEXT, fixed))


async def _per_update(count: int, floor: bool) -> dict[str, float]:
    from telegram import Update

    from handlers.app import build_application
    from tests.telegram_fakes import TOKEN, RecordingRequest, message

    request = RecordingRequest()
    os.environ.setdefault("INTERVIEW_BOT_STATS", str(Path(tempfile.mkdtemp()) / "stats.sqlite"))
    settings = load_settings()
    app = build_application(
        settings, BotSettings(token=TOKEN), request, RecordingRequest(), rate_limiter=False
    )
    if floor:
        ptb_alone(app)
    asked = questions()
    latencies = []
    search_times = []
    async with app:
        assert app.post_init is not None
        await app.post_init(app)
        await app.bot_data.settled()
        try:
            payloads = [message(asked[i % len(asked)]) for i in range(2 * count)]
            for i, payload in enumerate(payloads):  # a user per update: the flood throttle stays out
                payload["message"]["from"]["id"] = payload["message"]["chat"]["id"] = 10_000 + i
            for payload in payloads[:50]:
                await app.process_update(Update.de_json(payload, app.bot))
            for payload in payloads[:count]:
                t = time.perf_counter()
                await app.process_update(Update.de_json(payload, app.bot))
                latencies.append(time.perf_counter() - t)
            sent = len(request.calls)
            await app.start()
            started = time.perf_counter()
            for payload in payloads[count:]:
                app.update_queue.put_nowait(Update.de_json(payload, app.bot))
            while len(request.calls) - sent < count:
                await asyncio.sleep(0.001)
            elapsed = time.perf_counter() - started
            await app.stop()
            library = app.bot_data.library
            for text in asked * 20:
                t = time.perf_counter()
                await library.search(text, limit=2)
                search_times.append(time.perf_counter() - t)
        finally:
            assert app.post_shutdown is not None
            await app.post_shutdown(app)
    return {
        "update_median": statistics.median(latencies) * 1000,
        "update_p99": percentile(latencies, 0.99) * 1000,
        "updates_per_second": count / elapsed,
        "search_median": statistics.median(search_times) * 1000,
        "search_p99": percentile(search_times, 0.99) * 1000,
    }


def card_times() -> dict[str, float]:
    """Median time to render a card (layout, drawing, PNG encoding), per layout path."""
    from bot.library.interview import load_interview
    from bot.library.passages import interview_passages
    from bot.present.card import SQUARE, card_text, render_card

    settings = load_settings()
    interview = load_interview(settings.corpus_dir / "mirlohi.md")
    texts = [card_text(p, interview.role, "@interview_bot") for p in interview_passages(interview)]
    out = {}
    for engine in ("raqm", "basic"):
        render_card(texts[0], SQUARE, engine)  # fonts load once per process
        times = []
        for _ in range(3):
            for text in texts:
                t = time.perf_counter()
                render_card(text, SQUARE, engine)
                times.append(time.perf_counter() - t)
        out[engine] = statistics.median(times) * 1000
    return out


def cold_starts() -> dict[str, float]:
    """Starts with Python's bytecode cache as any installed program has it (one unmeasured start
    writes it), and once with none (an empty PYTHONPYCACHEPREFIX, nothing written): every module
    compiled from source, as on the very first start or where PYTHONDONTWRITEBYTECODE is set and
    nothing was precompiled."""
    from tests.fake_bot_api import FakeBotApi
    from tests.telegram_fakes import TOKEN

    results: dict[str, list[float]] = {
        "run": [],
        "ask": [],
        "rss_mb": [],
        "run_uncached": [],
        "ask_uncached": [],
    }
    with tempfile.TemporaryDirectory() as tmp:
        index = str(Path(tmp) / "index.sqlite")
        base = {
            **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
            "INTERVIEW_BOT_INDEX": index,
            "INTERVIEW_BOT_STATS": str(Path(tmp) / "stats.sqlite"),
        }
        uncached = {**base, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": str(Path(tmp) / "no-pyc")}
        subprocess.run([sys.executable, "-m", "bot.cli", "index"], env=base, check=True, capture_output=True)
        ask = [sys.executable, "-m", "bot.cli", "ask", "به کدام کشورها سفر کردید؟"]
        for attempt in range(6):
            env = uncached if attempt == 5 else base
            started = time.perf_counter()
            subprocess.run(ask, env=env, check=True, capture_output=True)
            results["ask_uncached" if attempt == 5 else "ask"].append(time.perf_counter() - started)
        for attempt in range(5):  # 0 writes the bytecode cache; 1-3 are measured; 4 has no cache
            with FakeBotApi(TOKEN) as api:
                env = {
                    **(uncached if attempt == 4 else base),
                    "TELEGRAM_BOT_TOKEN": TOKEN,
                    "TELEGRAM_API_URL": api.url,
                    "LOG_LEVEL": "WARNING",
                }
                started = time.perf_counter()
                process = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], env=env)
                try:
                    assert api.polling.wait(60), "the bot never polled"
                    if attempt:
                        results["run_uncached" if attempt == 4 else "run"].append(
                            time.perf_counter() - started
                        )
                    if attempt == 1:  # memory after real work: 300 questions from 300 readers
                        asked = questions()
                        for i in range(300):
                            reader = {
                                "id": 1000 + i,
                                "is_bot": False,
                                "first_name": "R",
                                "language_code": "fa",
                            }
                            api.send_text(asked[i % len(asked)], reader)
                        for _ in range(300):
                            api.wait_for("sendMessage", timeout=60)
                        status = Path(f"/proc/{process.pid}/status").read_text()
                        peak = next(line for line in status.splitlines() if line.startswith("VmHWM"))
                        results["rss_mb"].append(int(peak.split()[1]) / 1024)
                finally:
                    process.terminate()
                    process.wait(30)
    return {
        "run": statistics.median(results["run"]),
        "ask": statistics.median(results["ask"][1:]),
        "rss_mb": results["rss_mb"][0],
        "run_uncached": results["run_uncached"][0],
        "ask_uncached": results["ask_uncached"][0],
    }


def synthetic_passages(count: int, seed: int = 0) -> list[Passage]:
    """``count`` passages of three sentences each, drawn reproducibly from the public paragraphs."""
    paragraphs, _ = load(DATA)
    sentences = [s for p in paragraphs for s in split_sentences(p) if len(s) > 20]
    rng = random.Random(seed)
    return [
        Passage(f"s{i}", "synthetic", "", 0, i, None, "", " ".join(rng.choice(sentences) for _ in range(3)))
        for i in range(count)
    ]


def _cpu() -> float:
    """CPU seconds of this process (every thread) and of its children that ended."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def bot_on(index: Path, asked: Sequence[str]) -> dict[str, float]:
    """``interview-bot run`` serving this index (its fingerprint is the bundled corpus's, so it
    is not rebuilt): the start until its first getUpdates, and its peak RSS after these
    questions, each from another reader, over HTTP (the second start: the first is not
    measured); then cold starts of ``ask --db`` on it (one unmeasured, then the median of three)."""
    from tests.fake_bot_api import FakeBotApi
    from tests.telegram_fakes import TOKEN

    out: dict[str, float] = {}
    env = {
        **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
        "INTERVIEW_BOT_INDEX": str(index),
        "INTERVIEW_BOT_STATS": str(index.with_name("stats.sqlite")),
    }
    for attempt in range(2):  # the first writes the bytecode cache and reads the file once
        with FakeBotApi(TOKEN) as api:
            bot = {**env, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": api.url, "LOG_LEVEL": "WARNING"}
            started = time.perf_counter()
            process = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], env=bot)
            try:
                assert api.polling.wait(600), "the bot never polled"
                if attempt == 0:
                    continue
                out["run_s"] = time.perf_counter() - started
                for i, text in enumerate(asked):
                    reader = {"id": 1000 + i, "is_bot": False, "first_name": "R", "language_code": "fa"}
                    api.send_text(text, reader)
                for _ in asked:
                    api.wait_for("sendMessage", timeout=120)
                status = Path(f"/proc/{process.pid}/status").read_text()
                peak = next(line for line in status.splitlines() if line.startswith("VmHWM"))
                out["rss_mb"] = int(peak.split()[1]) / 1024
            finally:
                process.terminate()
                process.wait(30)
    ask = [sys.executable, "-m", "bot.cli", "ask", "--db", str(index), asked[0]]
    times, cpu_times = [], []
    for attempt in range(4):
        started, cpu = time.perf_counter(), _cpu()
        subprocess.run(ask, env=env, check=True, capture_output=True)
        if attempt:
            times.append(time.perf_counter() - started)
            cpu_times.append(_cpu() - cpu)
    out["ask_s"] = statistics.median(times)
    out["ask_cpu_s"] = statistics.median(cpu_times)
    return out


async def at_scale(count: int, baselines: bool, where: Path | None = None) -> dict[str, Any]:
    from bot.library.corpus import corpus_files
    from bot.search import searcher as search
    from bot.search.build import fingerprint

    kept = search.RESULTS
    settings = load_settings()
    analyzer = build_analyzer(settings.stopwords_path)
    passages = synthetic_passages(count)
    _, qs = load(DATA)
    sample = [q.text for q in random.Random(1).sample(qs, 320)]
    asked, warm_up = sample[:300], sample[300:]  # other questions: a repeated one is cheaper
    out: dict[str, Any] = {"passages": count}
    with tempfile.TemporaryDirectory(dir=where) as tmp:
        path = Path(tmp) / "scale.sqlite"
        stamp = fingerprint(corpus_files(settings.corpus_dir), [settings.stopwords_path])
        started, cpu = time.perf_counter(), _cpu()
        stats = await build_index(path, passages, analyzer, source_fingerprint=stamp)
        out["build_s"] = time.perf_counter() - started
        out["build_rate"] = count / out["build_s"]
        # On a machine others share, the CPU time is the steadier figure: the rate two cores
        # would give if the build kept both busy.
        out["build_cpu_s"] = _cpu() - cpu
        out["build_cpu_rate"] = count / (out["build_cpu_s"] / 2)
        out["size_mb"] = stats.bytes / 1e6
        search.RESULTS = 0  # every search computed, even where the sample repeats a question
        searcher = await Searcher.open(path, settings, analyzer)
        times, cpu_times = [], []
        try:
            for text in warm_up:
                await searcher.search(text)
            for text in asked:
                t, c = time.perf_counter(), time.process_time()
                await searcher.search(text)
                times.append(time.perf_counter() - t)
                cpu_times.append(time.process_time() - c)
        finally:
            await searcher.close()
            search.RESULTS = kept
        out["search_median"] = statistics.median(times) * 1000
        out["search_p99"] = percentile(times, 0.99) * 1000
        out["search_cpu_median"] = statistics.median(cpu_times) * 1000
        out["search_cpu_p99"] = percentile(cpu_times, 0.99) * 1000
        out.update(bot_on(path, asked[:100]))
    if baselines:
        from rank_bm25 import BM25Okapi
        from rapidfuzz import fuzz, process

        texts = [p.text for p in passages]
        tokens = [analyzer.analyze(t) or [""] for t in texts]
        model = BM25Okapi(tokens)
        sample = asked[:30]
        t = time.perf_counter()
        for text in sample:
            scores = model.get_scores(analyzer.analyze(text))
            max(range(len(scores)), key=scores.__getitem__)
        out["bm25_median"] = (time.perf_counter() - t) / len(sample) * 1000
        t = time.perf_counter()
        for text in sample:
            process.extractOne(text, texts, scorer=fuzz.WRatio)
        out["fuzzy_median"] = (time.perf_counter() - t) / len(sample) * 1000
    return out


SCALE_BEGIN, SCALE_END = "<!-- scale:begin -->", "<!-- scale:end -->"


def scale_lines(scaled: list[dict[str, Any]], command: str) -> list[str]:
    lines = [
        SCALE_BEGIN,
        "## Search at scale: a curve",
        "",
        f"`{command}` on {time.strftime('%Y-%m-%d')}, {machine()}.",
        "",
        "Passages of three sentences drawn (seed 0) from the public QA paragraphs (about 630 bytes"
        " of text each, no interviewer's question); 300 of their questions, every search computed"
        " (nothing kept), in the process that built the index; rank_bm25 and the rapidfuzz scan over"
        " the same passages, 30 questions, up to 100,000. Past 5,000 passages a build analyzes in"
        " worker processes, one per core. Then `interview-bot run` serving that index over HTTP"
        " against the fake Bot API: its start until the first getUpdates, and its peak RSS after 100"
        " questions from 100 readers; and `interview-bot ask --db` on it, a fresh process per query"
        " (median of 3 after one unmeasured). The machine is shared: beside the wall clock, the build's"
        " CPU time (this process, its threads and its workers) as the rate two cores would give if it"
        " kept both busy, and each search's CPU time (every thread of the process, SQLite's included).",
        "",
        "| passages | build | build rate | by CPU, two cores | index size | per passage | search median"
        " | search p99 | CPU median / p99 | bot RSS | start of `run` | `ask`, cold | rank_bm25 per query"
        " | rapidfuzz scan per query |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in scaled:
        bm25 = (
            f"{row['bm25_median']:.0f} ms (×{row['bm25_median'] / row['search_median']:.0f})"
            if "bm25_median" in row
            else "—"
        )
        fuzzy = (
            f"{row['fuzzy_median']:.0f} ms (×{row['fuzzy_median'] / row['search_median']:.0f})"
            if "fuzzy_median" in row
            else "—"
        )
        lines.append(
            f"| {row['passages']:,} | {row['build_s']:.1f} s | {row['build_rate']:,.0f}/s"
            f" | {row['build_cpu_rate']:,.0f}/s | {row['size_mb']:,.0f} MB"
            f" | {row['size_mb'] * 1e6 / row['passages']:,.0f} B | {row['search_median']:.2f} ms"
            f" | {row['search_p99']:.2f} ms | {row['search_cpu_median']:.2f} / {row['search_cpu_p99']:.2f} ms"
            f" | {row['rss_mb']:.0f} MB"
            f" | {row['run_s']:.2f} s | {row['ask_s']:.2f} s ({row.get('ask_cpu_s', 0):.2f} s CPU)"
            f" | {bm25} | {fuzzy} |"
        )
    lines += [
        "",
        "Goals: at 1,000,000 passages an index of at most 1.0 GB, search p99 ≤ 30 ms and median ≤ 8 ms,"
        " a build of ≥ 10,000 passages/s on two cores; at 100,000 p99 ≤ 10 ms; a cold `ask` under 0.6 s.",
        SCALE_END,
    ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="replace the sections in BENCHMARKS.md")
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument(
        "--scale", type=int, nargs="*", default=None,
        help="only the curve at these sizes (10000 100000 300000 1000000 when none is given)",
    )  # fmt: skip
    parser.add_argument("--tmp", type=Path, default=None, help="where the big index files go")
    args = parser.parse_args()

    if args.scale is not None:
        counts = args.scale or [10_000, 100_000, 300_000, 1_000_000]
        scaled = []
        for count in counts:
            scaled.append(asyncio.run(at_scale(count, baselines=count <= 100_000, where=args.tmp)))
            print(scaled[-1], file=sys.stderr, flush=True)
        command = "uv run python -m benchmarks.speed --write --scale " + " ".join(map(str, counts))
        publish(scale_lines(scaled, command), args.write)
        return

    bundled = asyncio.run(per_update(args.updates))
    print(bundled, file=sys.stderr)
    starts = cold_starts()
    print(starts, file=sys.stderr)
    card = card_times()
    print(card, file=sys.stderr)

    lines = [
        BEGIN,
        "## Speed and memory",
        "",
        f"`uv run python -m benchmarks.speed --write` on {time.strftime('%Y-%m-%d')}, {machine()}.",
        "",
        "On the bundled interview (7 passages), one process pinned to one core, recording request"
        f" class, no network; {args.updates:,} updates, each from another user, cycling through the"
        f" {len(questions())} questions of the question set. The bot keeps the answers to 1,024 recent"
        " questions per index (a reader's question is often one asked before, and the next button asks"
        " it again); the second figure in each row is with nothing kept, every search computed.",
        "",
        "| measure | figure | every search computed | goal |",
        "|---|---|---|---|",
        "| per update, Update JSON → recorded sendMessage, median"
        f" | {bundled['update_median']:.2f} ms | {bundled['computed_update_median']:.2f} ms | |",
        f"| per update, p99 | {bundled['update_p99']:.2f} ms | {bundled['computed_update_p99']:.2f} ms"
        " | < 5 ms |",
        "| updates per second, one core, queued as getUpdates delivers them"
        f" | {bundled['updates_per_second']:,.0f} | {bundled['computed_updates_per_second']:,.0f}"
        " | > 1,000 |",
        "| the same with PTB alone: one handler sending a fixed reply and keyboard"
        f" | {bundled['floor_per_second']:,.0f} | | |",
        f"| search alone, median | {bundled['search_median']:.3f} ms"
        f" | {bundled['computed_search_median']:.2f} ms | |",
        f"| search alone, p99 | {bundled['search_p99']:.3f} ms | {bundled['computed_search_p99']:.2f} ms | |",
        "",
        "| measure | figure | goal |",
        "|---|---|---|",
        f"| cold start of `interview-bot run` to its first getUpdates (median of 3) | {starts['run']:.2f} s"
        " | < 1.5 s |",
        f"| the same, the very first start: no bytecode cache, every module compiled"
        f" | {starts['run_uncached']:.2f} s | |",
        f"| cold start of `interview-bot ask` for one query (median of 5) | {starts['ask']:.2f} s | < 2 s |",
        f"| the same, the very first start: no bytecode cache | {starts['ask_uncached']:.2f} s | |",
        f"| peak RSS of the running bot after 300 questions over HTTP | {starts['rss_mb']:.0f} MB"
        " | < 150 MB |",
        f"| quote card 1080×1080, Raqm layout, median (layout, draw, PNG) | {card['raqm']:.0f} ms | |",
        f"| quote card 1080×1080, fallback layout (arabic-reshaper + python-bidi), median"
        f" | {card['basic']:.0f} ms | |",
    ]
    lines.append(END)
    publish(lines, args.write)


if __name__ == "__main__":
    main()
