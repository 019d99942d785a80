"""Word vectors trained on Persian text (``benchmarks.train_vectors``) as a ranking signal,
measured leave-one-interview-out exactly as the trainer measures its features.

    uv run --with gensim==4.4.0 python -m benchmarks.train_vectors            # the vectors first
    uv run --with gensim==4.4.0 python -m benchmarks.vectors_cv [--write]     # then this

The signal: a soft overlap of the reader's question with a passage (and with the interviewer's
question): per question key, 1 if the passage holds it, else the largest cosine between it and a
passage key (below ``floor`` counts 0, the rest rescaled to 0..1); averaged over the question's
keys weighted by their rarity (the plan's clause weights, as ``bot.search.meaning`` does). Variants:
``floor`` 0.0 and 0.4; ``exact=False`` (a held key counts 0: what only the vectors add); and the
cosine of the question's weighted mean vector with the passage's mean vector (``centroid``).

Measured three ways:
1. as features of the learned ranker: the committed model's features (``ranker.json``) with and
   without the two vector features, each fold's model trained without its interview (``learn``);
   per class top-1 / top-3, the cross-validated thresholds' refusals;
2. the same with every feature and the trainer's own choice (``learn.cross_validate``, slow);
3. standalone: the first 30 of the search re-ranked by ``score / best + w · feature``, ``w`` chosen
   on the other 19 interviews (``benchmarks.meaning.loo_rerank``), gate on and off.

The vectors never saw the development interviews, so no fold retrains them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from benchmarks import learn
from benchmarks.dev import CLASSES, REFUSALS
from benchmarks.meaning import ANSWERABLE, Asked, collect, loo_rerank
from benchmarks.questions import machine, publish
from benchmarks.train import gather
from benchmarks.train_vectors import WORK
from bot.analysis.analyzer import build_analyzer
from bot.search.features import FEATURES
from bot.search.ranking import load_model
from bot.settings import load_settings

BEGIN, END = "<!-- vectors-cv:begin -->", "<!-- vectors-cv:end -->"
NEW = ("vector_passage", "vector_question")
VARIANTS = ((True, 0.0), (True, 0.4), (False, 0.4), (True, -1.0))  # (exact, floor); floor -1: centroid
NEIGHBOURS = ("مقصر", "صفحه", "پیج", "هزینه", "کودک", "مهاجرت", "دانشگاه", "ازدواج")


class Vectors:
    """Unit vectors by key; cosine of a few question keys against many passage keys at once."""

    def __init__(
        self, keys: Sequence[str], matrix: np.ndarray, counts: dict[str, int], oov: object = None
    ) -> None:
        self.index = {k: i for i, k in enumerate(keys)}
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        self.matrix = matrix / np.maximum(norms, 1e-9)
        self.counts = counts
        self.oov = oov  # fastText: a key's vector from its character n-grams when it is not in the vocabulary
        self.cache: dict[str, np.ndarray | None] = {}

    @classmethod
    def load(cls, path: Path) -> Vectors:
        from gensim.models import KeyedVectors  # type: ignore[import-not-found,unused-ignore]

        kv = KeyedVectors.load(str(path))
        keys = list(kv.index_to_key)
        counts = {k: kv.get_vecattr(k, "count") for k in keys}
        oov = kv if hasattr(kv, "buckets_word") else None
        return cls(keys, np.asarray(kv.vectors, dtype=np.float32), counts, oov)

    def vector(self, key: str) -> np.ndarray | None:
        if key in self.index:
            return self.matrix[self.index[key]]  # type: ignore[no-any-return]
        if self.oov is None:
            return None
        if key not in self.cache:
            v = np.asarray(self.oov.get_vector(key), dtype=np.float64)  # type: ignore[attr-defined]
            n = np.linalg.norm(v)
            self.cache[key] = v / n if n > 1e-9 else None
        return self.cache[key]

    def soft(
        self,
        asked: Sequence[str],
        weights: dict[str, float] | None,
        passages: Sequence[frozenset[str]],
        exact: bool,
        floor: float,
    ) -> list[float]:
        """Per passage: Σ weight · (1 if held else rescaled best cosine) / Σ weight."""
        q = [k for k in dict.fromkeys(asked) if (weights is None or weights.get(k, 0.0) > 0)]
        if not q or not passages:
            return [0.0] * len(passages)
        w = np.array([1.0 if weights is None else weights[k] for k in q])
        qv = [self.vector(k) for k in q]
        known = [i for i, v in enumerate(qv) if v is not None]
        vocab = sorted({k for p in passages for k in p if self.vector(k) is not None})
        col = {k: j for j, k in enumerate(vocab)}
        sims = np.zeros((len(q), len(vocab)))
        if known and vocab:
            qm = np.array([qv[i] for i in known])
            bm = np.array([self.vector(k) for k in vocab])
            sims[known] = np.clip((qm @ bm.T - floor) / (1.0 - floor), 0.0, 1.0)
        out = []
        for p in passages:
            cols = [col[k] for k in p if k in col]
            best = sims[:, cols].max(axis=1) if cols else np.zeros(len(q))
            held = np.array([k in p for k in q])
            best = np.where(held, 1.0 if exact else 0.0, best)
            out.append(float(best @ w / w.sum()))
        return out

    def centroid(
        self, asked: Sequence[str], weights: dict[str, float] | None, passages: Sequence[frozenset[str]]
    ) -> list[float]:
        """Cosine of the question's weighted mean vector with each passage's mean vector."""
        q = []
        for k in dict.fromkeys(asked):
            v, w = self.vector(k), 1.0 if weights is None else weights.get(k, 0.0)
            if v is not None and w > 0:
                q.append(w * v)
        if not q:
            return [0.0] * len(passages)
        qc = np.sum(q, axis=0)
        qc = qc / max(float(np.linalg.norm(qc)), 1e-9)
        out = []
        for p in passages:
            vs = [v for v in (self.vector(k) for k in p) if v is not None]
            if not vs:
                out.append(0.0)
                continue
            pc = np.mean(vs, axis=0)
            out.append(float(qc @ pc / max(np.linalg.norm(pc), 1e-9)))
        return out

    def neighbours(self, key: str, n: int = 8) -> list[tuple[str, float]]:
        if key not in self.index:
            return []
        sims = self.matrix @ self.matrix[self.index[key]]
        keys = list(self.index)
        order = [i for i in np.argsort(-sims, kind="stable") if keys[i] != key]
        return [(keys[i], float(sims[i])) for i in order[:n]]


def with_vectors(
    examples: list[learn.Example], vectors: Vectors, exact: bool, floor: float
) -> list[learn.Example]:
    """The examples with the two vector features appended as columns (the first candidates)."""
    out = []
    for e in examples:
        extra = np.zeros((len(e.X), len(NEW)))
        asked, weights = e.plan.asked
        bodies = [frozenset(b.split()) for _, b in e.keys]
        questions = [frozenset(q.split()) for q, _ in e.keys]
        n = len(e.keys)
        if floor < 0:
            extra[:n, 0] = vectors.centroid(asked, weights, bodies)
            extra[:n, 1] = vectors.centroid(asked, weights, questions)
        else:
            extra[:n, 0] = vectors.soft(asked, weights, bodies, exact, floor)
            extra[:n, 1] = vectors.soft(asked, weights, questions, exact, floor)
        out.append(replace(e, X=np.hstack([e.X, extra])))
    return out


def describe(exact: bool, floor: float) -> str:
    if floor < 0:
        return "centroid cosine"
    return f"{'held = 1' if exact else 'vectors only'}, floor {floor}"


def summary(outcomes: Sequence[learn.Outcome]) -> dict[str, list[int]]:
    """Per class and overall [questions, top-1, top-3, refused], thresholds chosen on these outcomes."""
    answer_at, closest_at = learn.thresholds(outcomes)
    dev = [o for o in outcomes if o.example.group != "seed"]
    counts = learn.per_class(dev, answer_at, closest_at)
    rows = {k: [counts[k][i] for i in (0, 1, 3, 8, 2)] for k in CLASSES if k in counts}
    rows["answerable"] = [sum(rows[k][i] for k in rows if k not in REFUSALS) for i in range(5)]
    rows["refusals"] = [sum(rows[k][i] for k in rows if k in REFUSALS) for i in range(5)]
    seed = [o for o in outcomes if o.example.group == "seed" and o.example.answerable]
    rows["seed"] = [
        len(seed),
        sum(learn.right(o, 1) for o in seed),
        sum(learn.right(o, 3) for o in seed),
        0,
        0,
    ]
    return rows


def row(label: str, s: dict[str, list[int]]) -> str:
    cells = [f"{s[k][1]}/{s[k][0]}" for k in CLASSES if k not in REFUSALS and k in s]
    a, r = s["answerable"], s["refusals"]
    return (
        f"| {label} | "
        + " | ".join(cells)
        + f" | **{a[1]}**/{a[0]} | {a[4]}/{a[0]} | {a[2]}/{a[0]} | {r[3]}/{r[0]}"
        f" | {s['seed'][1]}/{s['seed'][0]} |"
    )


HEADER = (
    "| ranker | " + " | ".join(k for k in CLASSES if k not in REFUSALS)
    + " | answerable top-1 | top-1 as an answer | top-3 | refused | seed top-1 |",
    "|---|" + "---|" * (len(CLASSES) - len(REFUSALS)) + "---|---|---|---|---|",
)  # fmt: skip


def feature_tables(examples: list[learn.Example], corpora: dict[str, Vectors], full: bool) -> list[str]:
    model = load_model()
    names = model.rank.names
    base = learn.Settings(features=names, l2=model.l2, pool=model.pool)
    lines = [
        f"Committed model's {len(names)} features (L2 {model.l2}, {model.pool} candidates) with and without"
        " the two vector features, each fold trained without its interview and thresholds chosen on the"
        " cross-validated probabilities; top-1 / top-3 as shown (answer or closest passage) on the"
        " development corpus; refused = `none`/`near` questions given no confident answer:",
        "",
        *HEADER,
        row("committed features", summary(learn.held_out(examples, base))),
    ]
    setattr(learn, "FEATURES", (*FEATURES, *NEW))  # noqa: B010  # the two columns appended
    try:
        for label, vectors in corpora.items():
            for exact, floor in VARIANTS:
                extended = with_vectors(examples, vectors, exact, floor)
                outcomes = learn.held_out(extended, replace(base, features=(*names, *NEW)))
                lines.append(row(f"+ {label}: {describe(exact, floor)}", summary(outcomes)))
                if full and (exact, floor) == VARIANTS[0]:
                    chosen = learn.cross_validate(extended)
                    kept = ", ".join(f"`{n}`" for n in NEW if n in chosen.settings.features) or "neither"
                    lines.append(row(f"trainer's own choice of all features + {label} ({kept} kept)",
                                     summary(chosen.outcomes)))  # fmt: skip
    finally:
        setattr(learn, "FEATURES", FEATURES)  # noqa: B010
    if full:
        chosen = learn.cross_validate(examples)
        lines.insert(
            5, row("trainer's own choice of all features (as `train --cv`)", summary(chosen.outcomes))
        )
    return lines


def standalone(asked: list[Asked], vectors: Vectors, label: str) -> list[str]:
    total = sum(vectors.counts.values())
    rarity = {k: -math.log((c + 1) / (total + 1)) for k, c in vectors.counts.items()}
    top = max(rarity.values())
    lines = [
        "",
        f"Standalone ({label}): the search's first 30 re-ranked by `score / best + w · feature`,"
        " w chosen on the other 19 interviews; right first before → after (answerable questions;"
        " question keys weighted by their rarity in the vectors' corpus):",
        "",
        "| search | feature | para | all answerable | w chosen (median) |",
        "|---|---|---|---|---|",
    ]
    for gated in (True, False):
        for exact, floor in VARIANTS:

            def feature(a: Asked, body: frozenset[str], _: frozenset[str], exact: bool = exact,
                        floor: float = floor) -> float:  # fmt: skip
                weights = {k: rarity.get(k, top) for k in a.keys}
                if floor < 0:
                    return vectors.centroid(a.keys, weights, [body])[0]
                return vectors.soft(a.keys, weights, [body], exact, floor)[0]

            counts, chosen = loo_rerank(asked, feature, gated)
            before, after, n = (sum(counts[c][j] for c in ANSWERABLE) for j in range(3))
            para = counts["para"]
            lines.append(
                f"| {'as it is' if gated else 'gate off'} | {describe(exact, floor)}"
                f" | {para[0]}→{para[1]}/{para[2]} | {before}→{after}/{n}"
                f" | {sorted(chosen)[len(chosen) // 2]} |"
            )
    return lines


def corpus_label(work: Path) -> tuple[str, dict[str, object]]:
    stats = json.loads((work / "stats.json").read_text(encoding="utf-8"))
    return f"{stats.get('model', 'word2vec')} on {stats.get('corpus', work.name)}", stats


async def run(works: Sequence[Path], full: bool) -> list[str]:
    corpora, described = {}, []
    for work in works:
        label, stats = corpus_label(work)
        corpora[label] = Vectors.load(work / "vectors.kv")
        described.append(
            f"- {label}: {stats['paragraphs']:,} paragraphs, {stats['keys']:,} analyzer keys (stop words"
            f" out), vocabulary {stats['vocabulary']:,} (min count 5); analysed in {stats['analyze_s']} s,"
            f" trained in {stats['train_s']} s"
        )
    started = time.perf_counter()
    examples = await gather([], None)
    print(f"gathered {len(examples)} questions in {time.perf_counter() - started:.0f} s", flush=True)
    flags = "".join(f" --work {w}" for w in works) + (" --full" if full else "")
    lines = [
        BEGIN,
        "## Meaning signal: word vectors trained on a real amount of Persian text (dev, measured)",
        "",
        f"`uv run --with gensim==4.4.0 python -m benchmarks.vectors_cv{flags} --write` — {machine()}.",
        "Vectors by `benchmarks.train_vectors` (skip-gram, 100 dimensions, window 5, 10 epochs, one"
        " worker, seed 1) over text run through the bot's analyzer (the keys queries and passages have):",
        "",
        *described,
        "",
        *feature_tables(examples, corpora, full),
    ]
    settings = load_settings()
    analyzer = build_analyzer(settings.stopwords_path)
    asked = await collect(analyzer, settings)
    for label, vectors in corpora.items():
        lines += standalone(asked, vectors, label)
    for label, vectors in corpora.items():
        lines += ["", f"Nearest neighbours ({label}, cosine):", ""]
        for word in NEIGHBOURS:
            key = (analyzer.analyze(word) or [word])[0]
            near = ", ".join(f"{k} {s:.2f}" for k, s in vectors.neighbours(key))
            lines.append(f"- {word} ({key}): {near or 'not in the vocabulary'}")
    lines.append(END)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--work", type=Path, action="append", help="where train_vectors left vectors (repeatable)"
    )
    parser.add_argument("--full", action="store_true", help="also the trainer's own feature choice (slow)")
    parser.add_argument("--write", action="store_true", help="put the tables in BENCHMARKS.md")
    args = parser.parse_args()
    publish(asyncio.run(run(args.work or [WORK], args.full)), args.write)


if __name__ == "__main__":
    main()
