"""Readers' questions on the development corpus: the interviews of ``../shared/interviews-dev``,
indexed together as one library, with 19–24 reader questions each, answered by the committed model.

    uv run python -m benchmarks.dev            # print the table
    uv run python -m benchmarks.dev --write    # and put it in BENCHMARKS.md
    uv run python -m benchmarks.dev --misses   # and list every miss, for development

Scored as the corpus's README says: a hit is a first result whose text holds one of the expected
phrases (ZWNJ removed, ي/ك folded); top-3 likewise in the first three. For ``none`` and ``near``
the right response is no answer. These are development figures: the held-out set is elsewhere.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import re
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from benchmarks.questions import machine, publish
from bot.analysis.analyzer import build_analyzer
from bot.library.corpus import load_sources
from bot.search.build import build_from_files
from bot.search.searcher import Hit, Searcher
from bot.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "interviews-dev"
CLASSES = ("para", "kw", "var", "typo", "coll", "fing", "num", "long", "none", "near")
REFUSALS = ("none", "near")


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    text: str
    expected: tuple[str, ...]


def plain(text: str) -> str:
    return text.replace("\u200c", "").replace("ي", "ی").replace("ك", "ک")


def load(folder: Path = DEV) -> tuple[list[Path], list[Question]]:
    interviews = sorted(  # NAME.md only: NAME.blog.md and NAME.md-loose.md are raw forms
        p for p in folder.glob("*.md") if "." not in p.stem and p.name != "README.md"
    )
    questions = []
    for path in sorted(folder.glob("*.questions.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            parts = line.split("\t")
            if len(parts) >= 3:
                expected = tuple(plain(p) for p in parts[3].split("|") if p) if len(parts) > 3 else ()
                questions.append(Question(parts[0], parts[1], parts[2], expected))
    return interviews, questions


def hit(hits: list[Hit], question: Question, depth: int, confident: bool = False) -> bool:
    """Right at this depth; with ``confident``, only an answer counts (a first hit that is only
    the closest passage is not one), and for none/near a closest passage counts as refusing (the
    bot says it found no answer)."""
    if confident and hits and not hits[0].confident:
        hits = []  # the bot shows its first hit as the closest passage: not an answer
    if question.kind in REFUSALS:
        return not hits
    return any(any(e in plain(h.passage.text) for e in question.expected) for h in hits[:depth])


async def score(folder: Path = DEV, misses: bool = False) -> dict[str, tuple[int, int, int, int]]:
    """Per class: (top-1 right as an answer, top-1 right as an answer or the closest passage,
    top-3 right, questions)."""
    settings = load_settings()
    analyzer = build_analyzer(settings.stopwords_path)
    interviews, questions = load(folder)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "dev.sqlite"
        await build_from_files(interviews, db, analyzer, settings)
        searcher = await Searcher.open(db, settings, analyzer)
        passages = load_sources(interviews)[1] if misses else []
        try:
            counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
            for question in questions:
                hits = await searcher.search(question.text, limit=3)
                row = counts[question.kind]
                row[0] += hit(hits, question, 1, confident=True)
                row[1] += hit(hits, question, 1)
                row[2] += hit(hits, question, 3)
                row[3] += 1
                if misses and not hit(hits, question, 1, confident=True):
                    got = hits[0].passage.id if hits else "nothing"
                    if hits and not hits[0].confident:
                        got += " (closest)"
                    right = [p.id for p in passages if any(e in plain(p.text) for e in question.expected)]
                    print(f"miss {question.id} {question.kind}: {question.text!r} → {got}; right: {right}")
        finally:
            await searcher.close()
    return {kind: (c[0], c[1], c[2], c[3]) for kind, c in counts.items()}


async def meta_and_leads(folder: Path = DEV) -> tuple[dict[str, tuple[int, int]], tuple[int, int, int]]:
    """The meta questions (``NAME.meta.tsv``), each asked of its own interview's library as the
    bot answers it: read as a question about the interview, and the reply holding the expected
    phrase; per field. Then, over the reader questions answered right at top 1, how many
    replies show the expected phrase within their first 400 characters (tags aside), of how
    many, and the latest it starts."""
    from bot.conversation import AboutInterview, Conversation
    from bot.library.interview import InterviewInfo, load_interview
    from bot.present.conversation import about_html
    from handlers.views import render_hit

    settings = load_settings()
    analyzer = build_analyzer(settings.stopwords_path)
    conversation = Conversation.load(settings.smalltalk_path, analyzer)
    per_field: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    interviews, questions = load(folder)
    for path in interviews:
        interview = load_interview(path)
        info = InterviewInfo.of(interview)
        lead = next((" ".join(s.paragraphs) for s in interview.segments if s.question is None), "")
        meta = path.with_name(path.name.replace(".md", ".meta.tsv"))
        for line in meta.read_text(encoding="utf-8").splitlines()[1:]:
            asked, field, phrase = line.split("\t")[:3]
            reading = conversation.read(asked)
            reply = about_html(info, reading.field, "fa", lead) if isinstance(reading, AboutInterview) else ""
            per_field[field][0] += plain(phrase) in plain(html.unescape(reply))
            per_field[field][1] += 1
    within = total = latest = 0
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "dev.sqlite"
        await build_from_files(interviews, db, analyzer, settings)
        searcher = await Searcher.open(db, settings, analyzer)
        try:
            for question in questions:
                hits = await searcher.search(question.text, limit=1)
                if question.kind in REFUSALS or not hit(hits, question, 1, confident=True):
                    continue
                shown = plain(
                    html.unescape(
                        re.sub(r"<[^>]+>", "", render_hit(analyzer, "interview_bot", hits[0], "fa"))
                    )
                )
                at = min((shown.find(e) for e in question.expected if e in shown), default=-1)
                total += 1
                within += 0 <= at < 400
                latest = max(latest, at)
        finally:
            await searcher.close()
    return {k: (v[0], v[1]) for k, v in per_field.items()}, (within, total, latest)


def table(counts: dict[str, tuple[int, int, int, int]]) -> list[str]:
    """Answerable classes: right as an answer / right counting the closest passage too / in the
    top 3. None and near: refused (no answer, or only a closest passage, which the bot offers as
    such) / nothing at all."""
    rows = [
        "| class | top-1, as an answer | top-1, answer or closest passage | top-3 | questions |",
        "|---|---|---|---|---|",
    ]
    total = [0, 0, 0, 0]
    refused = [0, 0, 0]

    def share(k: int, n: int) -> str:
        return f"{k}/{n} ({k / n:.2f})"

    for kind in CLASSES:
        if kind not in counts:
            continue
        sure, one, three, n = counts[kind]
        if kind in REFUSALS:
            rows.append(f"| {kind}: refused / nothing at all | {share(sure, n)} | {share(one, n)} | | {n} |")
            refused = [refused[0] + sure, refused[1] + one, refused[2] + n]
        else:
            rows.append(f"| {kind} | {share(sure, n)} | {share(one, n)} | {share(three, n)} | {n} |")
            total = [total[0] + sure, total[1] + one, total[2] + three, total[3] + n]
    sure, one, three, n = total
    rows.append(
        f"| **answerable** | **{share(sure, n)}** | **{share(one, n)}** | **{share(three, n)}** | {n} |"
    )
    r_sure, r_one, r_n = refused
    label = "**none + near: refused / nothing at all**"
    rows.append(f"| {label} | **{share(r_sure, r_n)}** | **{share(r_one, r_n)}** | | {r_n} |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="put the table in BENCHMARKS.md")
    parser.add_argument("--misses", action="store_true", help="print every miss")
    args = parser.parse_args()
    if not DEV.is_dir():
        print(f"skipped: no development corpus at {DEV}")
        return
    counts = asyncio.run(score(misses=args.misses))
    meta, leads = asyncio.run(meta_and_leads())
    asked = sum(n for _, n in meta.values())
    answered = sum(k for k, _ in meta.values())
    lines = [
        "<!-- dev:begin -->",
        "## Readers' questions on the development corpus",
        "",
        f"`uv run python -m benchmarks.dev --write` on {time.strftime('%Y-%m-%d')}, {machine()}.",
        "",
        f"The {len(list(DEV.glob('*.questions.tsv')))} interviews of `../shared/interviews-dev/`"
        " (clean gold files) indexed together as"
        " one library; 19–24 reader questions each, by class, answered by the committed ranking model,"
        " which was trained on these interviews: in-sample figures (the leave-one-interview-out ones are"
        " `benchmarks.train --cv`'s). Development figures: a held-out set of the same kinds measures the"
        " result elsewhere.",
        "",
        *table(counts),
        "",
        "Questions about the interview itself (`NAME.meta.tsv`, 4 per interview), each asked of its"
        " own interview as the bot answers them (read as such, then answered from the front matter"
        " and the lead): the reply holds the expected phrase.",
        "",
        "| field | answered |",
        "|---|---|",
        *[f"| {field} | {k}/{n} |" for field, (k, n) in sorted(meta.items())],
        f"| **all** | **{answered}/{asked} ({answered / asked:.2f})** |",
        "",
        f"Of the reader questions answered right at top 1, the reply shows the expected phrase within"
        f" its first 400 characters (tags aside) in {leads[0]}/{leads[1]}; the latest starts at"
        f" character {leads[2]}.",
        "<!-- dev:end -->",
    ]
    publish(lines, args.write)


if __name__ == "__main__":
    main()
