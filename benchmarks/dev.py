"""Readers' questions on the development corpus: eight interviews the search was not written for,
indexed together as one library, with 19 reader questions each (``../shared/interviews-dev``).

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
    interviews = sorted(
        p for p in folder.glob("*.md") if not p.name.endswith("-loose.md") and p.name != "README.md"
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
    """Right at this depth; with ``confident``, only an answer counts (not a closest passage),
    and for none/near a closest passage counts as refusing (the bot says it found no answer)."""
    if confident:
        hits = [h for h in hits if h.confident]
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
    lines = [
        "<!-- dev:begin -->",
        "## Readers' questions on the development corpus",
        "",
        f"`uv run python -m benchmarks.dev --write` on {time.strftime('%Y-%m-%d')}, {machine()}.",
        "",
        "The eight interviews of `../shared/interviews-dev/` (clean gold files) indexed together as one"
        " library; 19 reader questions each, by class. Development figures: the corpus was used to tune;"
        " a held-out set of the same kinds measures the result elsewhere.",
        "",
        *table(counts),
        "<!-- dev:end -->",
    ]
    publish(lines, args.write)


if __name__ == "__main__":
    main()
