"""The meaning signal (``bot.search.meaning``) on the development corpus, leave-one-interview-out.

    uv run python -m benchmarks.meaning            # print the tables
    uv run python -m benchmarks.meaning --write    # and put them in BENCHMARKS.md

All 20 development interviews are indexed as one library, as ``benchmarks.dev`` does. For each
interview held out, associations are trained on the other 19 interviews' pairs (interviewer's
question → answer, reader's question → expected passage) and the seed interview's, never on the
held-out interview's; then its reader questions are asked:

- re-ranking: the first 30 results re-ordered by ``score / best score + w · feature``, ``w`` chosen
  per held-out interview on the other 19 interviews' questions only; once over the search as it
  is, once with its coverage gate off (``min_coverage = 0``: every candidate FTS5 finds is scored).
  Features: ``soft_overlap`` with an empty table (the plain share of the question's keys the passage
  holds: the control), with the learnt table, the learnt table's share alone (``exact=False``),
  and the shipped Persian WordNet synonyms' share alone (not trained here: the same in every fold).
- widening: recall at 10/30/100 of the search as it is, with the gate off, with ``expand``'s keys
  appended to the question; and whether the right passage is in the pool of the gate-off search's
  first 100 plus the first 30 passages FTS5 finds for ``expand``'s keys alone (learnt, synonyms,
  both), against the gate-off search's first 130 (a pool of the same size).

First results are counted as the search returns them (an answer or the closest passage).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.dev import CLASSES, DEV, REFUSALS, Question, load, plain
from benchmarks.questions import machine, publish
from bot.analysis.analyzer import Analyzer, build_analyzer
from bot.library.corpus import corpus_files
from bot.library.passages import Passage
from bot.search.build import build_from_files
from bot.search.chatter import question_inside
from bot.search.meaning import ARTEFACT, SYNONYMS, Associations, Pair, pairs_from_files
from bot.search.query import Clause, fts_expression
from bot.search.searcher import Searcher
from bot.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- meaning:begin -->", "<!-- meaning:end -->"
RERANK = 30
WEIGHTS = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)
EXPAND = 6
POOL = 30  # passages FTS5 finds for expand's keys alone, added to the first 100
ANSWERABLE = tuple(c for c in CLASSES if c not in REFUSALS)


@dataclass
class Ranked:
    """One question's first results: scores, keys (passage, interviewer's question), right or not."""

    scores: list[float]
    keys: list[tuple[frozenset[str], frozenset[str]]]
    right: list[bool]


@dataclass
class Asked:
    question: Question
    interview: str
    keys: list[str]
    gated: Ranked
    ungated: Ranked


def dev_files(folder: Path = DEV) -> list[Path]:
    return [p for p in load(folder)[0] if "." not in p.stem]


def pairs_by_interview(
    files: Sequence[Path], analyzer: Analyzer, readers: bool = True
) -> dict[str, list[Pair]]:
    return {path.name.removesuffix(".md"): pairs_from_files([path], analyzer, readers) for path in files}


def is_right(passage: Passage, question: Question) -> bool:
    return any(e in plain(passage.text) for e in question.expected)


Feature = Callable[[Asked, frozenset[str], frozenset[str]], float]
Recall = dict[str, dict[str, list[int]]]  # list → class → [at 10, at 30, at 100, questions]


def top1(asked: Sequence[Asked], soft: dict[int, list[float]], w: float, gated: bool) -> list[bool]:
    out = []
    for i, a in enumerate(asked):
        ranked = a.gated if gated else a.ungated
        if not ranked.scores:
            out.append(False)
            continue
        best = max(ranked.scores) or 1.0
        pick = max(range(len(ranked.scores)), key=lambda j: (ranked.scores[j] / best + w * soft[i][j], -j))
        out.append(ranked.right[pick])
    return out


def loo_rerank(asked: list[Asked], feature: Feature, gated: bool) -> tuple[dict[str, list[int]], list[float]]:
    """Per class [right first before, after, questions], and the weight chosen per interview."""
    asked = [a for a in asked if a.question.kind not in REFUSALS]
    soft = {
        i: [feature(a, body, q) for body, q in (a.gated if gated else a.ungated).keys[:RERANK]]
        for i, a in enumerate(asked)
    }
    before = top1(asked, soft, 0.0, gated)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    chosen = []
    for name in sorted({a.interview for a in asked}):
        train = [i for i, a in enumerate(asked) if a.interview != name]
        train_asked, train_soft = [asked[i] for i in train], {j: soft[i] for j, i in enumerate(train)}
        w = max(WEIGHTS, key=lambda w: (sum(top1(train_asked, train_soft, w, gated)), -w))
        chosen.append(w)
        test = [i for i, a in enumerate(asked) if a.interview == name]
        after = top1([asked[i] for i in test], {j: soft[i] for j, i in enumerate(test)}, w, gated)
        for i, right in zip(test, after, strict=True):
            row = counts[asked[i].question.kind]
            row[0] += before[i]
            row[1] += right
            row[2] += 1
    return counts, chosen


async def collect(
    analyzer: Analyzer,
    settings: Settings,
    widen: tuple[dict[str, Associations], Associations, Recall] | None = None,
) -> list[Asked]:
    """Every development question asked of the 20 interviews as one library, the coverage gate on
    and off; with ``widen`` (each fold's table, the synonyms, a tally), recall is tallied too."""
    _, questions = load(DEV)
    files = dev_files(DEV)
    keys_of: dict[str, tuple[frozenset[str], frozenset[str]]] = {}

    def ranked(passages: Sequence[Passage], scores: Sequence[float], question: Question) -> Ranked:
        for p in passages:
            if p.id not in keys_of:
                keys_of[p.id] = (
                    frozenset(analyzer.analyze(p.text)),
                    frozenset(analyzer.analyze(p.question or "")),
                )
        return Ranked(
            list(scores), [keys_of[p.id] for p in passages], [is_right(p, question) for p in passages]
        )

    asked: list[Asked] = []
    ungated = dataclasses.replace(settings.search, min_coverage=0.0)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "dev.sqlite"
        await build_from_files(files, db, analyzer, settings)
        gate_on = await Searcher.open(db, settings, analyzer)
        gate_off = await Searcher.open(db, settings, analyzer)
        gate_off.settings = ungated
        try:
            for q in questions:
                name = q.id.rsplit("-", 1)[0]
                keys = analyzer.analyze(question_inside(q.text))
                on = await gate_on.search(q.text, limit=100)
                off = await gate_off.search(q.text, limit=100 + POOL)
                asked.append(
                    Asked(
                        q, name, keys,
                        ranked([h.passage for h in on[:RERANK]], [h.score for h in on[:RERANK]], q),
                        ranked([h.passage for h in off[:RERANK]], [h.score for h in off[:RERANK]], q),
                    )
                )  # fmt: skip
                if q.kind in REFUSALS or widen is None:
                    continue
                models, synonyms, recall = widen
                extra = [a for a, _ in models[name].expand(keys, EXPAND)]
                appended = await gate_off.search(q.text + " " + " ".join(extra), limit=100)
                lists = {
                    "search as it is": [is_right(h.passage, q) for h in on],
                    "coverage gate off": [is_right(h.passage, q) for h in off[:100]],
                    f"gate off, question + expand({EXPAND}) appended": [
                        is_right(h.passage, q) for h in appended
                    ],
                }
                for label, rights in lists.items():
                    first = next((i for i, r in enumerate(rights) if r), None)
                    row = recall[label][q.kind]
                    for j, depth in enumerate((10, 30, 100)):
                        row[j] += first is not None and first < depth
                    row[3] += 1
                widening = {"learnt": extra, "synonyms": [a for a, _ in synonyms.expand(keys, EXPAND)]}
                widening["both"] = widening["learnt"] + widening["synonyms"]
                for label, widened in widening.items():
                    expression = fts_expression([Clause({(a,): 1.0}) for a in widened])
                    found = (
                        await gate_off.index.candidates(expression, ungated.question_weight, POOL)
                        if expression
                        else []
                    )
                    extra_passages = await gate_off.index.passages([c.rowid for c in found])
                    pool = [h.passage for h in off[:100]] + list(extra_passages.values())
                    row = recall[f"pool: gate off first 100 + {POOL} for expand's keys ({label})"][q.kind]
                    row[0] += any(is_right(p, q) for p in pool)
                    row[1] += any(is_right(h.passage, q) for h in off[: 100 + POOL])
                    row[3] += 1
        finally:
            await gate_on.close()
            await gate_off.close()
    return asked


async def run() -> list[str]:
    settings = load_settings()
    analyzer = build_analyzer(settings.stopwords_path)
    pairs = pairs_by_interview(dev_files(DEV), analyzer)
    seed_files = corpus_files(ROOT / "corpus")
    seed = [p for ps in pairs_by_interview(seed_files, analyzer, False).values() for p in ps]
    started = time.process_time()
    models = {
        name: Associations.train([*seed, *(p for other, ps in pairs.items() if other != name for p in ps)])
        for name in pairs
    }
    train_ms = (time.process_time() - started) * 1000 / len(models)
    synonyms = Associations.load(SYNONYMS)  # not trained here: the same in every fold
    recall: Recall = defaultdict(lambda: defaultdict(lambda: [0, 0, 0, 0]))
    asked = await collect(analyzer, settings, (models, synonyms, recall))
    shipped = Associations.load()
    started = time.process_time()  # CPU time: the machine is shared
    for a in asked:
        shipped.overlaps(a.keys, [body for body, _ in a.ungated.keys])
        shipped.overlaps(a.keys, [question for _, question in a.ungated.keys])
    soft_ms = (time.process_time() - started) * 1000 / len(asked)
    started = time.process_time()
    for a in asked:
        shipped.expand(a.keys, EXPAND)
    expand_ms = (time.process_time() - started) * 1000 / len(asked)

    empty = Associations({})
    features: dict[str, Feature] = {
        "exact keys only (control)": lambda a, body, _: empty.soft_overlap(a.keys, body),
        "learnt, soft overlap": lambda a, body, _: models[a.interview].soft_overlap(a.keys, body),
        "learnt, associations only": lambda a, body, _: models[a.interview].soft_overlap(
            a.keys, body, exact=False
        ),
        "learnt, with the interviewer's question": lambda a, body, q: (
            models[a.interview].soft_overlap(a.keys, body) + models[a.interview].soft_overlap(a.keys, q)
        ),
    }
    features["Persian WordNet synonyms only"] = lambda a, body, _: synonyms.soft_overlap(
        a.keys, body, exact=False
    )
    rows = {
        (label, gated): loo_rerank(asked, feature, gated)
        for gated in (True, False)
        for label, feature in features.items()
    }
    separation = {label: answerability(asked, feature) for label, feature in features.items()}
    return table(rows, recall, separation, train_ms, soft_ms, expand_ms)


def auc(positive: Sequence[float], negative: Sequence[float]) -> float:
    """The chance a positive scores above a negative (ties count half)."""
    wins = sum((p > n) + 0.5 * (p == n) for p in positive for n in negative)
    return wins / (len(positive) * len(negative)) if positive and negative else float("nan")


def answerability(asked: Sequence[Asked], feature: Feature) -> tuple[float, float, float]:
    """How well the feature of the search's first result tells a right first result from the
    first result of a question the interview does not answer (none, near) and from a wrong one."""
    right: list[float] = []
    wrong: list[float] = []
    refused: dict[str, list[float]] = {"none": [], "near": []}
    for a in asked:
        if not a.gated.scores:
            continue
        value = feature(a, *a.gated.keys[0])
        if a.question.kind in REFUSALS:
            refused[a.question.kind].append(value)
        else:
            (right if a.gated.right[0] else wrong).append(value)
    return auc(right, refused["none"]), auc(right, refused["near"]), auc(right, wrong)


def table(
    rows: dict[tuple[str, bool], tuple[dict[str, list[int]], list[float]]],
    recall: Recall,
    separation: dict[str, tuple[float, float, float]],
    train_ms: float,
    soft_ms: float,
    expand_ms: float,
) -> list[str]:
    command = "uv run python -m benchmarks.meaning --write"
    lines = [
        BEGIN,
        "## Meaning signal: question→answer key associations, leave-one-interview-out (dev)",
        "",
        f"`{command}` — {machine()}.",
        "Development figures, 20 interviews as one library. Each interview's reader questions are",
        "re-ranked with associations trained without that interview (its Q/A pairs and reader",
        "questions left out), the weight w chosen on the other 19 interviews' questions. Right first",
        "among the first 30 (answer or closest passage), before → after; refusals (none, near) are",
        "not changed by re-ranking and are left out.",
        "",
        "| candidates | feature | " + " | ".join(ANSWERABLE) + " | all | w chosen |",
        "|---" * (len(ANSWERABLE) + 4) + "|",
    ]
    for (label, gated), (counts, chosen) in rows.items():
        cells = [f"{counts[c][0]}→{counts[c][1]}/{counts[c][2]}" for c in ANSWERABLE]
        before, after, total = (sum(counts[c][j] for c in ANSWERABLE) for j in range(3))
        spread = f"{min(chosen)}–{max(chosen)}, median {statistics.median(chosen)}"
        where = "search" if gated else "gate off"
        lines.append(
            f"| {where} | {label} | " + " | ".join(cells) + f" | {before}→{after}/{total} | {spread} |"
        )
    lines += [
        "",
        "For answerability: how well each feature of the search's first result tells a right first",
        "result from the first result of a `none` / `near` question and from a wrong first result",
        "(AUC: the chance a right one scores higher; 0.5 is no better than chance; folds as above):",
        "",
        "| feature | right vs none | right vs near | right vs wrong |",
        "|---|---|---|---|",
        *(f"| {label} | {a:.3f} | {b:.3f} | {c:.3f} |" for label, (a, b, c) in separation.items()),
        "",
        "Recall of the right passage at 10 / 30 / 100 (answerable questions). The last row is whether",
        "the right passage is in the pool at all: gate-off first 100 plus the first 30 FTS5 finds for",
        f"`expand({EXPAND})`'s keys alone / in the gate-off first 130 (a pool of the same size).",
        "",
        "| list | " + " | ".join(ANSWERABLE) + " | all |",
        "|---" * (len(ANSWERABLE) + 2) + "|",
    ]

    def cell(values: Sequence[int], pool: bool) -> str:
        return (
            f"{values[0]} / {values[1]} of {values[3]}"
            if pool
            else f"{values[0]}/{values[1]}/{values[2]} of {values[3]}"
        )

    for label, per in recall.items():
        pool = label.startswith("pool")
        sums = [sum(per[c][j] for c in ANSWERABLE) for j in range(4)]
        lines.append(
            f"| {label} | " + " | ".join(cell(per[c], pool) for c in ANSWERABLE) + f" | {cell(sums, pool)} |"
        )
    size = ARTEFACT.stat().st_size if ARTEFACT.exists() else 0
    synonyms_size = SYNONYMS.stat().st_size if SYNONYMS.exists() else 0
    started = time.process_time()
    Associations.load(), Associations.load(SYNONYMS)
    load_ms = (time.process_time() - started) * 1000
    lines += [
        "",
        "Cost (CPU time, means per question, keys given; all plain Python): training on ~520 pairs",
        f"{train_ms:.0f} ms a fold; `overlaps` of a question with its 30 candidates' passages and with",
        f"their interviewer's questions {soft_ms:.3f} ms; `expand` {expand_ms:.3f} ms. Shipped tables:",
        f"{size / 1024:.0f} KB (learnt) and {synonyms_size / 1024:.0f} KB (synonyms) gzipped; loading",
        f"both {load_ms:.0f} ms.",
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
