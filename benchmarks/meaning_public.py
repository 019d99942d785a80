"""Do more question–answer pairs help the meaning signal? An experiment with public QA sets.

    uv run python -m benchmarks.meaning_public            # print the table
    uv run python -m benchmarks.meaning_public --write    # and put it in BENCHMARKS.md

PersianQA (GPL-3.0) and PersianQuAD (no licence stated) may not go into a table this MIT project
ships, but they may measure whether more pairs would help. Their test files (``../shared/bench/
persian-qa``; ParsiNLU is never read) are split by paragraph: the answerable questions of the
even-numbered paragraphs, each with its paragraph, are training pairs; those of the odd-numbered
ones are asked. Two measures:

1. on the public half: the project's search over all their paragraphs (coverage gate off), its
   first 30 re-ranked by ``score / best + w · soft_overlap``, with associations learnt from the
   development pairs only and from those plus the public training half; ``w`` is chosen on one
   half of the asked questions (by paragraph) and scored on the other, both ways;
2. on the development corpus, leave-one-interview-out as in ``benchmarks.meaning``, with the
   public training half added to every fold's pairs.

Skips cleanly when the data folder is absent.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import tempfile
from collections.abc import Sequence
from pathlib import Path

from benchmarks.dev import DEV
from benchmarks.meaning import (
    ANSWERABLE,
    ROOT,
    Asked,
    Feature,
    Ranked,
    dev_files,
    loo_rerank,
    pairs_by_interview,
)
from benchmarks.meaning import collect as collect_dev
from benchmarks.questions import machine, publish
from bot.analysis.analyzer import build_analyzer
from bot.library.corpus import corpus_files
from bot.library.passages import Passage
from bot.search.build import build_index
from bot.search.meaning import Associations, Pair
from bot.search.searcher import Searcher
from bot.settings import load_settings

DATA = ROOT.parent / "shared" / "bench" / "persian-qa"
SETS = (("PersianQA", "persianqa_pqa_test.json"), ("PersianQuAD", "persianquad_test.json"))
BEGIN, END = "<!-- meaning-public:begin -->", "<!-- meaning-public:end -->"
WEIGHTS = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)


def load_public() -> tuple[list[str], list[tuple[str, int]]]:
    """Every paragraph, and every answerable question with its paragraph's number."""
    paragraphs: list[str] = []
    questions: list[tuple[str, int]] = []
    for _, name in SETS:
        for article in json.loads((DATA / name).read_text(encoding="utf-8"))["data"]:
            for paragraph in article["paragraphs"]:
                paragraphs.append(paragraph["context"])
                questions += [
                    (qa["question"], len(paragraphs) - 1)
                    for qa in paragraph["qas"]
                    if not qa.get("is_impossible")
                ]
    return paragraphs, questions


def feature(models: dict[str, Associations], exact: bool) -> Feature:
    def soft(asked: Asked, body: frozenset[str], _: frozenset[str]) -> float:
        return models[asked.interview].soft_overlap(asked.keys, body, exact=exact)

    return soft


def first_right(asked: Sequence[tuple[list[str], Ranked]], model: Associations, w: float) -> int:
    right = 0
    for keys, ranked in asked:
        if ranked.scores:
            soft = model.overlaps(keys, [body for body, _ in ranked.keys])
            best = max(ranked.scores) or 1.0
            pick = max(range(len(soft)), key=lambda j: (ranked.scores[j] / best + w * soft[j], -j))
            right += ranked.right[pick]
    return right


async def run() -> list[str]:
    settings = load_settings()
    analyzer = build_analyzer(settings.stopwords_path)
    paragraphs, questions = load_public()
    keys = [frozenset(analyzer.analyze(p)) for p in paragraphs]
    public_pairs: list[Pair] = [(analyzer.analyze(q), sorted(keys[p])) for q, p in questions if p % 2 == 0]
    dev = pairs_by_interview(dev_files(DEV), analyzer)
    seed = [
        p for ps in pairs_by_interview(corpus_files(ROOT / "corpus"), analyzer, False).values() for p in ps
    ]
    everything = [*seed, *(p for ps in dev.values() for p in ps)]
    tables = {
        "development pairs only (as shipped)": Associations.train(everything),
        f"+ {len(public_pairs)} public pairs (not shipped)": Associations.train([*everything, *public_pairs]),
    }
    asked: list[tuple[list[str], Ranked, int]] = []
    with tempfile.TemporaryDirectory() as tmp:
        passages = [Passage(str(i), "public", "", i, 1, None, "", text) for i, text in enumerate(paragraphs)]
        await build_index(Path(tmp) / "public.sqlite", passages, analyzer)
        searcher = await Searcher.open(Path(tmp) / "public.sqlite", settings, analyzer)
        searcher.settings = dataclasses.replace(settings.search, min_coverage=0.0)
        try:
            for text, paragraph in questions:
                if paragraph % 2 == 1:
                    hits = (await searcher.search(text, limit=30))[:30]
                    ids = [int(h.passage.id) for h in hits]
                    ranked = Ranked(
                        [h.score for h in hits],
                        [(keys[i], frozenset()) for i in ids],
                        [i == paragraph for i in ids],
                    )
                    asked.append((analyzer.analyze(text), ranked, paragraph))
        finally:
            await searcher.close()
    halves = [[(k, r) for k, r, p in asked if p // 2 % 2 == side] for side in (0, 1)]
    lines = [
        BEGIN,
        "## Meaning signal: would more pairs help? (PersianQA + PersianQuAD, split by paragraph)",
        "",
        f"`uv run python -m benchmarks.meaning_public --write` — {machine()}.",
        f"{len(public_pairs)} answerable questions of the even-numbered paragraphs train; the",
        f"{len(asked)} of the odd-numbered ones are asked over all {len(paragraphs)} paragraphs (gate off).",
        "Right paragraph first, before → after re-ranking the first 30 with `soft_overlap`:",
        "",
        "| associations | public half, R@1 | dev LOO, gate off, soft overlap | dev LOO, associations only |",
        "|---|---|---|---|",
    ]
    dev_asked = await collect_dev(analyzer, settings)
    for label, model in tables.items():
        before = after = 0
        for train, test in ((halves[0], halves[1]), (halves[1], halves[0])):
            w = max(WEIGHTS, key=lambda w: (first_right(train, model, w), -w))
            before += first_right(test, model, 0.0)
            after += first_right(test, model, w)
        extra = public_pairs if "public" in label else []
        models = {
            name: Associations.train([*seed, *(p for o, ps in dev.items() if o != name for p in ps), *extra])
            for name in dev
        }
        cells = []
        for exact in (True, False):
            counts, _ = loo_rerank(dev_asked, feature(models, exact), gated=False)
            b, f, n = (sum(counts[c][j] for c in ANSWERABLE) for j in range(3))
            cells.append(f"{b}→{f}/{n} (para {counts['para'][0]}→{counts['para'][1]})")
        lines.append(f"| {label} | {before}→{after}/{len(asked)} | {cells[0]} | {cells[1]} |")
    lines.append(END)
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="replace the section in BENCHMARKS.md")
    args = parser.parse_args(argv)
    if not DATA.is_dir() or not DEV.is_dir():
        print(f"skipped: no data at {DATA} or {DEV}")
        return
    publish(asyncio.run(run()), args.write)


if __name__ == "__main__":
    main()
