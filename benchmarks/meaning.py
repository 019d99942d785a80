"""The meaning signal (``bot.search.meaning``) on the development corpus, leave-one-interview-out.

    uv run python -m benchmarks.meaning            # print the tables
    uv run python -m benchmarks.meaning --write    # and put them in BENCHMARKS.md

All 20 development interviews are indexed as one library, as ``benchmarks.dev`` does. For each
interview held out, associations are trained on the other 19 interviews' pairs (interviewer's
question → answer, reader's question → expected passage) and the seed interview's, never on the
held-out interview's; then its reader questions are asked:

- re-ranking: the search's first 30 results re-ordered by ``score / best score + w · soft`` where
  soft is ``soft_overlap`` of the question's keys with the passage's keys (and, in a second row,
  also with its interviewer's question). ``w`` is chosen per held-out interview on the other 19
  interviews' outcomes only. A control row uses an empty table (soft = plain share of the
  question's keys the passage holds), so what the associations add is the gap between the two.
- widening: recall at 10/30/100 of the search as it is and of the question with ``expand``'s
  strongest answer keys appended to it.

First results are counted as the search returns them (an answer or the closest passage).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.dev import CLASSES, DEV, REFUSALS, Question, load, plain
from benchmarks.questions import machine, publish
from bot.analysis.analyzer import Analyzer, build_analyzer
from bot.library.corpus import corpus_files
from bot.library.interview import load_interview
from bot.search.build import build_from_files
from bot.search.chatter import question_inside
from bot.search.meaning import ARTEFACT, Associations, Pair, interview_pairs, questions_file, reader_pairs
from bot.search.searcher import Hit, Searcher
from bot.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- meaning:begin -->", "<!-- meaning:end -->"
RERANK = 30
WEIGHTS = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5)
EXPAND = (3, 6)


@dataclass
class Asked:
    question: Question
    interview: str
    keys: list[str]
    hits: list[Hit]  # the search's first RERANK
    keys_of: list[tuple[frozenset[str], frozenset[str]]]  # per hit: passage keys, its question's keys
    right: list[bool]


def interview_of(question: Question) -> str:
    return question.id.rsplit("-", 1)[0]


def dev_files(folder: Path = DEV) -> list[Path]:
    return [p for p in load(folder)[0] if "." not in p.stem]


def pairs_by_interview(
    files: Sequence[Path], analyzer: Analyzer, readers: bool = True
) -> dict[str, list[Pair]]:
    out: dict[str, list[Pair]] = {}
    for path in files:
        interview = load_interview(path)
        pairs = interview_pairs(interview, analyzer)
        tsv = questions_file(path)
        if readers and tsv.exists():
            pairs += reader_pairs(tsv, interview, analyzer)
        out[path.name.removesuffix(".md")] = pairs
    return out


def is_right(hit: Hit, question: Question) -> bool:
    return any(e in plain(hit.passage.text) for e in question.expected)


def top1(asked: Sequence[Asked], soft: dict[int, list[float]], w: float) -> int:
    right = 0
    for i, a in enumerate(asked):
        if a.question.kind in REFUSALS or not a.hits:
            continue
        best = max(h.score for h in a.hits) or 1.0
        order = max(range(len(a.hits)), key=lambda j: (a.hits[j].score / best + w * soft[i][j], -j))
        right += a.right[order]
    return right


def loo_rerank(
    asked: list[Asked], models: dict[str, Associations], both: bool
) -> tuple[dict[str, list[int]], list[float]]:
    """Per class: [before, after, questions]; and the weight chosen per held-out interview."""
    soft: dict[int, list[float]] = {}
    for i, a in enumerate(asked):
        model = models[a.interview]
        soft[i] = [
            model.soft_overlap(a.keys, body) + (model.soft_overlap(a.keys, question) if both else 0.0)
            for body, question in a.keys_of
        ]
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    chosen = []
    for name in sorted(models):
        picked = [i for i, a in enumerate(asked) if a.interview != name]
        train = [asked[i] for i in picked]
        idx_train = {j: soft[i] for j, i in enumerate(picked)}
        w = max(WEIGHTS, key=lambda w: (top1(train, idx_train, w), -w))
        chosen.append(w)
        for i, a in enumerate(asked):
            if a.interview != name:
                continue
            row = counts[a.question.kind]
            row[2] += 1
            if a.question.kind in REFUSALS:
                continue
            row[0] += top1([a], {0: soft[i]}, 0.0)
            row[1] += top1([a], {0: soft[i]}, w)
    return counts, chosen


async def run(folder: Path = DEV) -> list[str]:
    settings = load_settings()
    analyzer = build_analyzer(settings.stopwords_path)
    _, questions = load(folder)
    files = dev_files(folder)
    seed = corpus_files(ROOT / "corpus")
    pairs = pairs_by_interview(files, analyzer)
    seed_pairs = [p for v in pairs_by_interview(seed, analyzer, readers=False).values() for p in v]
    started = time.perf_counter()
    models = {
        name: Associations.train(
            [*seed_pairs, *(p for other, ps in pairs.items() if other != name for p in ps)]
        )
        for name in pairs
    }
    train_ms = (time.perf_counter() - started) * 1000 / len(models)
    empty = {name: Associations({}) for name in pairs}
    keys_cache: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "dev.sqlite"
        await build_from_files(files, db, analyzer, settings)
        searcher = await Searcher.open(db, settings, analyzer)
        try:
            asked: list[Asked] = []
            recall: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0, 0]))
            for q in questions:
                name = interview_of(q)
                keys = analyzer.analyze(question_inside(q.text))
                hits = await searcher.search(q.text, limit=RERANK)
                for h in hits:
                    if h.passage.id not in keys_cache:
                        keys_cache[h.passage.id] = (
                            frozenset(analyzer.analyze(h.passage.text)),
                            frozenset(analyzer.analyze(h.passage.question or "")),
                        )
                asked.append(
                    Asked(
                        q,
                        name,
                        keys,
                        hits,
                        [keys_cache[h.passage.id] for h in hits],
                        [is_right(h, q) for h in hits],
                    )
                )
                if q.kind in REFUSALS:
                    continue
                variants: dict[str, str] = {"search": q.text}
                for k in EXPAND:
                    extra = [a for a, _ in models[name].expand(keys, k)]
                    variants[f"search + expand({k})"] = q.text + " " + " ".join(extra)
                for label, text in variants.items():
                    found = await searcher.search(text, limit=100)
                    first = next((i for i, h in enumerate(found) if is_right(h, q)), None)
                    row = recall[label][q.kind]
                    for j, depth in enumerate((10, 30, 100)):
                        row[j] += first is not None and first < depth
                    row[3] += 1
            # Cost per question: soft overlap of one question with its 30 candidates (keys made).
            model = Associations.load()
            started = time.perf_counter()
            for a in asked:
                for body, question in a.keys_of:
                    model.soft_overlap(a.keys, body)
                    model.soft_overlap(a.keys, question)
            soft_ms = (time.perf_counter() - started) * 1000 / len(asked)
            started = time.perf_counter()
            for a in asked:
                model.expand(a.keys, 6)
            expand_ms = (time.perf_counter() - started) * 1000 / len(asked)
        finally:
            await searcher.close()
    rows = {
        "exact keys only (empty table)": loo_rerank(asked, empty, both=False),
        "associations, passage": loo_rerank(asked, models, both=False),
        "associations, passage + its question": loo_rerank(asked, models, both=True),
    }
    return table(rows, recall, train_ms, soft_ms, expand_ms)


def table(
    rows: dict[str, tuple[dict[str, list[int]], list[float]]],
    recall: dict[str, dict[str, list[int]]],
    train_ms: float,
    soft_ms: float,
    expand_ms: float,
) -> list[str]:
    answerable = [c for c in CLASSES if c not in REFUSALS]
    lines = [
        BEGIN,
        "## Meaning signal: question→answer word associations (leave-one-interview-out, dev)",
        "",
        "`uv run python -m benchmarks.meaning --write` — " + machine() + ".",
        "Development figures: 20 interviews as one library; each interview's questions re-ranked with",
        "associations trained without that interview (its Q/A pairs and reader questions left out);",
        "the weight w chosen on the other 19 interviews' questions. Top-1 of the search's first 30",
        "(first result as returned, answer or closest passage), before → after.",
        "",
        "| signal | " + " | ".join(answerable) + " | all | w chosen |",
        "|---" * (len(answerable) + 3) + "|",
    ]
    for label, (counts, chosen) in rows.items():
        cells = [f"{counts[c][0]}→{counts[c][1]}/{counts[c][2]}" for c in answerable]
        before = sum(counts[c][0] for c in answerable)
        after = sum(counts[c][1] for c in answerable)
        total = sum(counts[c][2] for c in answerable)
        spread = f"{min(chosen)}–{max(chosen)} (median {statistics.median(chosen)})"
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {before}→{after}/{total} | {spread} |")
    lines += [
        "",
        "Recall of the right passage at 10 / 30 / 100 (answerable questions), with the question widened",
        "by `expand`'s k strongest answer keys (appended to the question's text):",
        "",
        "| search | " + " | ".join(answerable) + " | all |",
        "|---" * (len(answerable) + 2) + "|",
    ]

    def cell(values: Sequence[int]) -> str:
        return f"{values[0]}/{values[1]}/{values[2]} of {values[3]}"

    for label, per in recall.items():
        sums = [sum(per[c][j] for c in answerable) for j in range(4)]
        lines.append(f"| {label} | " + " | ".join(cell(per[c]) for c in answerable) + f" | {cell(sums)} |")
    size = ARTEFACT.stat().st_size if ARTEFACT.exists() else 0
    lines += [
        "",
        f"Cost: training on ~500 pairs {train_ms:.0f} ms (per fold); soft overlap of a question with its",
        f"30 candidates' passages and questions {soft_ms:.3f} ms; `expand` {expand_ms:.3f} ms (medians",
        f"aside, means per question, keys given). Committed table: {size / 1024:.0f} KB gzipped",
        "(`bot/search/data/meaning.json.gz`).",
        END,
    ]
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="replace the section in BENCHMARKS.md")
    args = parser.parse_args(argv)
    if not DEV.is_dir():
        raise SystemExit(f"no development corpus at {DEV}")
    publish(asyncio.run(run()), args.write)


if __name__ == "__main__":
    main()
