"""Passage retrieval on public Persian QA sets: the project's search against what users would pick.

    uv run python -m benchmarks.retrieval            # print the table
    uv run python -m benchmarks.retrieval --write    # and replace it in BENCHMARKS.md
    uv run python -m benchmarks.retrieval --untouched [--model FILE ...]
                                        # the project's search on the untouched questions only

The task of ../shared/bench/persian-qa/README.md: pool every distinct paragraph of PersianQA,
PersianQuAD and ParsiNLU (1,395), ask every answerable question (2,946), and score where the
paragraph the question was written on ranks: R@1, R@5, MRR@10, per set and pooled. ParsiNLU is
held out: reported, never tuned on. Skips cleanly when the data folder is absent.

Configurations, all over the same paragraphs:
1. raw text in FTS5 ``unicode61``, query tokens OR-ed (the naive baseline);
2. Elasticsearch's ``persian`` analyzer rebuilt: Lucene's folding, Savoy's stop words, Lucene's
   Persian stem suffixes, FTS5 bm25 — what Elasticsearch or OpenSearch would give;
3. ``rank_bm25`` (Okapi) over the project's analyzer tokens;
4. the project's own search, exactly as the bot calls it (``Searcher.search``).

``--untouched`` scores only the project's search (the committed model, then each ``--model``),
over the same pooled paragraphs, and reports R@1 on the questions no model may train on
(``benchmarks.public_half``: PersianQA's and PersianQuAD's other half, all of ParsiNLU) beside
R@1 on every question, so that models trained with and without the training half compare on
the same questions.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import re
import sqlite3
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.questions import machine, publish
from bot.analysis.analyzer import Analyzer, build_analyzer
from bot.library.passages import Passage
from bot.search.build import build_index
from bot.search.ranking import Ranker, load_model
from bot.search.searcher import Searcher
from bot.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "bench" / "persian-qa"
BEGIN, END = "<!-- retrieval:begin -->", "<!-- retrieval:end -->"
SETS = ("PersianQA", "PersianQuAD", "ParsiNLU")


@dataclass(frozen=True)
class Question:
    text: str
    paragraph: int  # index into the pooled paragraphs
    source: str


def load(data: Path) -> tuple[list[str], list[Question]]:
    paragraphs: dict[str, int] = {}
    questions: list[Question] = []

    def paragraph_id(text: str) -> int:
        return paragraphs.setdefault(text, len(paragraphs))

    for name, file in (("PersianQA", "persianqa_pqa_test.json"), ("PersianQuAD", "persianquad_test.json")):
        for article in json.loads((data / file).read_text(encoding="utf-8"))["data"]:
            for paragraph in article["paragraphs"]:
                pid = paragraph_id(paragraph["context"])
                for qa in paragraph["qas"]:
                    if not qa.get("is_impossible"):
                        questions.append(Question(qa["question"], pid, name))
    for part in ("train", "dev", "eval"):
        for line in (data / f"parsinlu_rc_{part}.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row["answers"]:
                questions.append(Question(row["question"], paragraph_id(row["passage"]), "ParsiNLU"))
    return list(paragraphs), questions


# --- configuration 2: Elasticsearch's persian analyzer, rebuilt -------------------------------

_LUCENE_FOLD = str.maketrans({"آ": "ا", "أ": "ا", "إ": "ا", "ى": "ي", "ة": "ه", "ی": "ي", "ے": "ي", "ک": "ك",
                              "ۀ": "ه", "ہ": "ه", "\u200c": " "})  # fmt: skip
_LUCENE_DROP = re.compile(r"[\u064b-\u0652\u0640\u0654]")
_LUCENE_SUFFIXES = ("ات", "ان", "ترين", "تر", "يي", "ي", "ها")


def lucene_fold(text: str) -> str:
    text = "".join(
        str(unicodedata.digit(c)) if c.isdigit() and unicodedata.digit(c, None) is not None else c
        for c in text
    )
    return _LUCENE_DROP.sub("", text.lower().translate(_LUCENE_FOLD))


def lucene_stem(token: str) -> str:
    """Lucene's PersianStemmer: each suffix in turn, when at least two letters stay."""
    for suffix in _LUCENE_SUFFIXES:
        if token.endswith(suffix) and len(token) > len(suffix) + 1:
            token = token[: -len(suffix)]
    return token


def lucene_analyzer(stopwords: frozenset[str]) -> Callable[[str], list[str]]:
    def analyze(text: str) -> list[str]:
        return [lucene_stem(t) for t in re.findall(r"[^\W_]+", lucene_fold(text)) if t not in stopwords]

    return analyze


def raw_tokens(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.lower())


# --- FTS5 runner for configurations 1 and 2 --------------------------------------------------


def fts_ranker(paragraphs: Sequence[str], analyze: Callable[[str], list[str]]) -> Callable[[str], list[int]]:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE p USING fts5(body, tokenize='unicode61 remove_diacritics 0')")
    db.executemany(
        "INSERT INTO p (rowid, body) VALUES (?, ?)",
        ((i, " ".join(analyze(t))) for i, t in enumerate(paragraphs)),
    )

    def rank(question: str) -> list[int]:
        terms = dict.fromkeys(analyze(question))
        if not terms:
            return []
        expression = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
        rows = db.execute("SELECT rowid FROM p WHERE p MATCH ? ORDER BY bm25(p) LIMIT 10", (expression,))
        return [int(r[0]) for r in rows]

    return rank


def bm25_ranker(paragraphs: Sequence[str], analyzer: Analyzer) -> Callable[[str], list[int]]:
    from rank_bm25 import BM25Okapi

    model = BM25Okapi([analyzer.analyze(t) or [""] for t in paragraphs])

    def rank(question: str) -> list[int]:
        tokens = analyzer.analyze(question)
        if not tokens:
            return []
        scores = model.get_scores(tokens)
        order = sorted(range(len(paragraphs)), key=lambda i: -scores[i])[:10]
        return [i for i in order if scores[i] > 0]

    return rank


# --- scoring ---------------------------------------------------------------------------------


@dataclass
class Score:
    n: int = 0
    r1: int = 0
    r5: int = 0
    rr: float = 0.0

    def add(self, ranked: list[int], target: int) -> None:
        self.n += 1
        if target in ranked[:10]:
            position = ranked.index(target) + 1
            self.r1 += position == 1
            self.r5 += position <= 5
            self.rr += 1.0 / position


def evaluate(
    rank: Callable[[str], list[int]], questions: Sequence[Question]
) -> tuple[dict[str, Score], float]:
    scores = {name: Score() for name in (*SETS, "pooled")}
    started = time.perf_counter()
    for q in questions:
        ranked = rank(q.text)
        scores[q.source].add(ranked, q.paragraph)
        scores["pooled"].add(ranked, q.paragraph)
    return scores, (time.perf_counter() - started) / len(questions) * 1000


def paragraph_passages(paragraphs: Sequence[str]) -> list[Passage]:
    """The pooled paragraphs as the benchmark indexes them: each its own answer."""
    return [Passage(str(i), "bench", "", i, 1, None, "", text) for i, text in enumerate(paragraphs)]


async def project_scores(
    paragraphs: Sequence[str],
    questions: Sequence[Question],
    gate: bool = True,
    ranker: Ranker | None = None,
) -> tuple[dict[str, Score], float]:
    """The project's search over the pooled paragraphs (each its own answer: none lends its words
    to the next as context), per set and pooled, and its milliseconds per question."""
    settings = load_settings()
    analyzer = build_analyzer(settings.stopwords_path)
    with tempfile.TemporaryDirectory() as tmp:
        await build_index(Path(tmp) / "bench.sqlite", paragraph_passages(paragraphs), analyzer)
        searcher = await Searcher.open(Path(tmp) / "bench.sqlite", settings, analyzer, ranker)
        if not gate:
            searcher.settings = dataclasses.replace(settings.search, min_coverage=0.0)
        scores = {name: Score() for name in (*SETS, "pooled")}
        started = time.perf_counter()
        for q in questions:
            hits = await searcher.search(q.text, limit=10)
            ranked = [int(h.passage.id) for h in hits]
            scores[q.source].add(ranked, q.paragraph)
            scores["pooled"].add(ranked, q.paragraph)
        elapsed = (time.perf_counter() - started) / max(len(questions), 1) * 1000
        await searcher.close()
        return scores, elapsed


def untouched(paragraphs: Sequence[str], questions: Sequence[Question], models: Sequence[Path]) -> list[str]:
    """R@1 of the committed model and of each of ``models`` on the untouched questions, per set
    and pooled, and on every question: a table."""
    from benchmarks.public_half import split

    train, kept = split(paragraphs, questions)
    counts = Counter(q.source for q in kept)
    lines = [
        f"{len(paragraphs):,} pooled paragraphs; untouched questions: "
        + ", ".join(f"{x} {counts[x]:,}" for x in SETS)
        + f" ({len(kept):,} of {len(questions):,}; {len(train):,} in the training half)",
        "",
        "| model | untouched R@1 | PersianQA R@1 | PersianQuAD R@1 | ParsiNLU R@1 (held out)"
        " | every question R@1 | training half R@1 |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, ranker in [("committed", None), *((str(p), Ranker(load_model(p))) for p in models)]:
        s, _ = asyncio.run(project_scores(paragraphs, kept, ranker=ranker))
        every, _ = asyncio.run(project_scores(paragraphs, train, ranker=ranker))
        both = Score(s["pooled"].n + every["pooled"].n, s["pooled"].r1 + every["pooled"].r1)
        cells = [s["pooled"], *(s[x] for x in SETS), both, every["pooled"]]
        lines.append(f"| {name} | " + " | ".join(r1(c) for c in cells) + " |")
    return lines


def r1(score: Score) -> str:
    return f"{score.r1 / score.n:.3f} ({score.r1:,})" if score.n else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="replace the section in BENCHMARKS.md")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--untouched", action="store_true", help="R@1 on the untouched questions only")
    parser.add_argument("--model", type=Path, action="append", default=[], help="with --untouched: a model")
    args = parser.parse_args()
    if not args.data.is_dir():
        print(f"skipped: no benchmark data at {args.data}")
        return
    paragraphs, questions = load(args.data)
    if args.untouched:
        print("\n".join(untouched(paragraphs, questions, args.model)))
        return
    settings = load_settings()
    analyzer = build_analyzer(settings.stopwords_path)
    savoy = frozenset(
        lucene_fold(w)
        for w in (ROOT / "benchmarks/data/savoy_persian_stopwords.txt").read_text(encoding="utf-8").split()
        if not w.startswith("#")
    )
    results: list[tuple[str, dict[str, Score], float]] = []
    for name, ranker in (
        ("raw text, FTS5 unicode61, tokens OR-ed", fts_ranker(paragraphs, raw_tokens)),
        ("Elasticsearch `persian` analyzer, rebuilt (Lucene fold, Savoy stop words, Lucene stems)",
         fts_ranker(paragraphs, lucene_analyzer(savoy))),
        ("`rank_bm25` Okapi over the project's tokens", bm25_ranker(paragraphs, analyzer)),
    ):  # fmt: skip
        scores, ms = evaluate(ranker, questions)
        results.append((name, scores, ms))
        print(name, f"R@1 {scores['pooled'].r1 / scores['pooled'].n:.3f}", file=sys.stderr)

    scores, ms = asyncio.run(project_scores(paragraphs, questions))
    results.append(("**the project's search** (`Searcher.search`, as the bot uses it)", scores, ms))
    scores, ms = asyncio.run(project_scores(paragraphs, questions, gate=False))
    results.append(
        ("the project's search without its no-answer gate (`min_coverage = 0`), for diagnosis", scores, ms)
    )

    lines = [
        BEGIN,
        "## Answer quality on public Persian QA sets",
        "",
        f"`uv run python -m benchmarks.retrieval --write` on {time.strftime('%Y-%m-%d')}, {machine()}.",
        f"{len(paragraphs):,} pooled paragraphs, {len(questions):,} answerable questions. "
        "ParsiNLU is held out: never tuned on. R@1 is followed by the number of questions it counts "
        f"(of {', '.join(f'{x} {n:,}' for x, n in Counter(q.source for q in questions).items())}).",
        "",
        "| configuration | R@1 | R@5 | MRR@10 | PersianQA R@1 | PersianQuAD R@1"
        " | ParsiNLU R@1 (held out) | ms/query |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, s, ms in results:
        p = s["pooled"]
        per = " | ".join(f"{s[x].r1 / s[x].n:.3f} ({s[x].r1:,})" for x in SETS)
        pooled = f"{p.r1 / p.n:.3f} ({p.r1:,}) | {p.r5 / p.n:.3f} | {p.rr / p.n:.3f}"
        lines.append(f"| {name} | {pooled} | {per} | {ms:.2f} |")
    lines.append(END)
    publish(lines, args.write)


if __name__ == "__main__":
    main()
