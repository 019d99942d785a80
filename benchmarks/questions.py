"""Question-set accuracy and `ask` timings on the bundled interview, as a BENCHMARKS.md section.

    uv run python -m benchmarks.questions            # print the section
    uv run python -m benchmarks.questions --write    # and replace it in BENCHMARKS.md

Top-1 accuracy by kind over tests/questions.tsv, then wall-clock times of `interview-bot ask`
for one query (a fresh process, index already built) and for 1,000 queries through `ask -`.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import html
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "BENCHMARKS.md"
BEGIN, END = "<!-- questions:begin -->", "<!-- questions:end -->"


def ask(args: list[str], stdin: str | None, env: dict[str, str]) -> tuple[str, float]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ask", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    return done.stdout, time.perf_counter() - started


async def conversation_and_replies(
    rows: list[tuple[str, str, list[str]]],
) -> tuple[dict[str, list[int]], tuple[int, int, int]]:
    """The conversation set read through the bot's own reading; and where each factual answer's
    sentence starts in the reply the bot sends."""
    from bot.analysis.analyzer import build_analyzer
    from bot.conversation import Conversation, reading_name
    from bot.search.build import ensure_index
    from bot.search.searcher import Searcher
    from bot.settings import load_settings
    from handlers.views import render_hit

    settings = load_settings()
    analyzer = build_analyzer(settings.stopwords_path)
    conversation = Conversation.load(settings.smalltalk_path, analyzer)
    read: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for line in (ROOT / "tests" / "conversation.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, text, expected = line.split("\t")
            read[kind][0] += reading_name(conversation.read(text)) == expected
            read[kind][1] += 1
    with tempfile.TemporaryDirectory() as tmp:
        settings = dataclasses.replace(settings, index_path=Path(tmp) / "index.sqlite")
        searcher = await Searcher.open(await ensure_index(settings, analyzer), settings, analyzer)
        within = total = latest = 0
        for _, question, accepted in rows:
            if accepted in (["-"], ["~"]):
                continue
            hits = await searcher.search(question)
            if not hits or hits[0].passage.id not in accepted:
                continue
            reply = html.unescape(
                re.sub(r"<[^>]+>", "", render_hit(analyzer, "interview_bot", hits[0], "fa"))
            )
            at = reply.find(hits[0].answer[:40])
            total += 1
            within += 0 <= at < 400
            latest = max(latest, at)
        await searcher.close()
    return read, (within, total, latest)


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="replace the section in BENCHMARKS.md")
    args = parser.parse_args()

    rows = []
    for line in (ROOT / "tests" / "questions.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, question, accepted = line.split("\t")
            rows.append((kind, question, accepted.split("|")))

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "INTERVIEW_BOT_INDEX": str(Path(tmp) / "index.sqlite")}
        out, build = ask(["--json", "warm up"], None, env)  # builds the index once
        stdin = "\n".join(q for _, q, _ in rows) + "\n"
        out, _ = ask(["--json", "-"], stdin, env)
        answers = [json.loads(line) for line in out.splitlines()]

        score: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        misses = []
        for (kind, question, expected), answer in zip(rows, answers, strict=True):
            results = answer["results"]
            got = results[0]["id"] if results else "-"
            if expected == ["~"] and (not results or not results[0]["confident"]):
                got = "~"  # no answer: at most a closest passage, offered as such
            score[kind][0] += got in expected
            score[kind][1] += 1
            if got not in expected:
                misses.append(f"- {kind}: «{question}» → `{got}` (expected `{'|'.join(expected)}`)")

        one = [ask(["--json", "به کدام کشورها سفر کردید؟"], None, env)[1] for _ in range(5)]
        thousand_input = "\n".join(rows[i % len(rows)][1] for i in range(1000)) + "\n"
        _, thousand = ask(["--json", "-"], thousand_input, env)

    conversation, leads = asyncio.run(conversation_and_replies(rows))
    total_ok = sum(ok for ok, _ in score.values())
    lines = [
        BEGIN,
        "## The question set about the bundled interview",
        "",
        f"`uv run python -m benchmarks.questions --write` on {time.strftime('%Y-%m-%d')}, {machine()}.",
        "",
        "| kind | top-1 correct |",
        "|---|---|",
        *[f"| {kind} | {ok}/{n} ({ok / n:.0%}) |" for kind, (ok, n) in score.items()],
        f"| **all** | **{total_ok}/{len(rows)} ({total_ok / len(rows):.0%})** |",
        "",
        "Misses:" if misses else "No misses.",
        *misses,
        "",
        "| `interview-bot ask` | wall time |",
        "|---|---|",
        f"| first run, building the index | {build:.2f} s |",
        f"| one query, fresh process (median of 5) | {statistics.median(one):.2f} s |",
        f"| 1,000 queries through `ask --json -` (the {len(rows)} asked again and again), one process"
        f" | {thousand:.2f} s |",
        "",
        "The conversation set (`tests/conversation.tsv`): each message read as small talk, a follow-up,"
        " a question about the interview or a question to search, as the bot reads it before searching.",
        "",
        "| kind | read right |",
        "|---|---|",
        *[f"| {kind} | {ok}/{n} ({ok / n:.0%}) |" for kind, (ok, n) in conversation.items()],
        "",
        f"Replies to the set's factual questions whose answering sentence starts within the first 400"
        f" characters of the reply (tags aside): {leads[0]}/{leads[1]}; the latest starts at character"
        f" {leads[2]}.",
        END,
    ]
    publish(lines, args.write)


def publish(lines: list[str], write: bool) -> None:
    """Print a section (its first and last lines are its markers) and, with ``write``, put it in
    BENCHMARKS.md in place of the old one (appended the first time)."""
    section, begin, end = "\n".join(lines), lines[0], lines[-1]
    print(section)
    if write:
        write_section(section, begin, end)


def write_section(section: str, begin: str, end: str) -> None:
    """Replace the text between two markers in BENCHMARKS.md (append it the first time)."""
    text = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.exists() else "# Benchmarks\n"
    if begin in text:
        text = text[: text.index(begin)] + section + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    BENCHMARKS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
