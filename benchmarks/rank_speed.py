"""What the ranking stage costs per question: the whole search, and the stage alone (features of
every candidate, the model, the probabilities), on the bundled interview and at scale.

    uv run python -m benchmarks.rank_speed                 # bundled interview and 100,000 passages
    uv run python -m benchmarks.rank_speed --scale 0       # the bundled interview only

Questions: the seed's set (bundled interview), 300 public QA questions (at scale, passages from
``benchmarks.speed.synthetic_passages``). Every search is computed (no answer memory).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.retrieval import DATA, load
from benchmarks.speed import questions, synthetic_passages
from bot.analysis.analyzer import build_analyzer
from bot.library.corpus import load_sources
from bot.search import searcher as search
from bot.search.build import build_index
from bot.search.features import measure_all
from bot.search.ranking import question_features
from bot.search.searcher import Searcher
from bot.settings import load_settings


async def timed(path: Path, asked: list[str]) -> tuple[float, float, float]:
    """Median ms of a search, of the ranking stage alone, and the index's size in MB."""
    settings = load_settings()
    kept, search.RESULTS = search.RESULTS, 0  # before the searcher's memory is made
    searcher = await Searcher.open(path, settings, build_analyzer(settings.stopwords_path))
    whole, stage = [], []
    try:
        for text in asked[:20]:  # warm up: caches of keys and passages
            await searcher.search(text)
        for text in asked:
            t = time.perf_counter()
            await searcher.search(text)
            whole.append(time.perf_counter() - t)
            plan = await searcher.plan(text, searcher.index, searcher.memo)
            if not plan.expression:
                continue
            pool = searcher.ranker.model.pool
            found = await searcher.retrieve(searcher.index, plan, pool, None)  # the search's own candidates
            library = searcher.library(searcher.index, searcher.memo)
            t = time.perf_counter()
            rows = measure_all(plan, found, library, settings.search, searcher.meaning)
            if rows:
                order, scores = searcher.ranker.order(rows)
                question = question_features(len(plan.clauses), plan.wants_number)
                searcher.ranker.probabilities(rows, scores, order, question, 3)
            stage.append(time.perf_counter() - t)
    finally:
        search.RESULTS = kept
        await searcher.close()
    return statistics.median(whole) * 1000, statistics.median(stage) * 1000, path.stat().st_size / 1e6


async def run(scales: list[int]) -> list[str]:
    settings = load_settings()
    analyzer = build_analyzer(settings.stopwords_path)
    lines = [
        "| library | passages | search, median ms | ranking stage alone, median ms | index MB |",
        "|---|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        bundled = Path(tmp) / "bundled.sqlite"
        files = sorted(settings.corpus_dir.glob("*.md"))
        interviews, passages = load_sources(files)
        await build_index(bundled, passages, analyzer, interviews)
        w, s, mb = await timed(bundled, questions() * 3)
        lines.append(f"| bundled interview | {len(passages)} | {w:.2f} | {s:.2f} | {mb:.2f} |")
        _, qs = load(DATA)
        sample = [q.text for q in random.Random(1).sample(qs, 320)]
        for count in scales:
            path = Path(tmp) / f"scale-{count}.sqlite"
            await build_index(path, synthetic_passages(count), analyzer)
            w, s, mb = await timed(path, sample)
            lines.append(f"| synthetic (public QA sentences) | {count:,} | {w:.2f} | {s:.2f} | {mb:.1f} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, nargs="*", default=[100_000])
    args = parser.parse_args()
    print("\n".join(asyncio.run(run([n for n in args.scale if n > 0]))))


if __name__ == "__main__":
    main()
