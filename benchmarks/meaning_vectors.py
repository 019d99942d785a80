"""Word vectors trained here as a meaning signal: measured, not shipped.

    uv run --with gensim python -m benchmarks.meaning_vectors            # print the table
    uv run --with gensim python -m benchmarks.meaning_vectors --write    # and put it in BENCHMARKS.md

gensim is not a dependency of the project: this runs it in a throw-away environment. Skip-gram
vectors (64 dimensions, window 5, 40 epochs, one worker and a fixed seed) are trained on the
analyzed sentences of the library itself (the 20 development interviews and the seed: text the bot
holds at run time, no judgments), and once more with the public PersianQA and PersianQuAD
paragraphs added (an experiment: those may not go into a shipped table). Each key's neighbours at
cosine ≥ 0.5 (ten at most) become an association table, scored like ``benchmarks.meaning``'s
features: the first 30 of the gate-off search re-ranked, the weight chosen on the other 19
interviews' questions.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import Sequence

from benchmarks.dev import DEV
from benchmarks.meaning import ANSWERABLE, ROOT, Asked, Feature, collect, dev_files, loo_rerank
from benchmarks.meaning_public import DATA, SETS
from benchmarks.questions import machine, publish
from bot.analysis.analyzer import Analyzer, build_analyzer
from bot.library.corpus import corpus_files
from bot.library.interview import load_interview
from bot.library.passages import split_sentences
from bot.search.meaning import Associations
from bot.settings import load_settings

BEGIN, END = "<!-- meaning-vectors:begin -->", "<!-- meaning-vectors:end -->"


def library_sentences(analyzer: Analyzer) -> list[list[str]]:
    sentences = []
    for path in [*dev_files(DEV), *corpus_files(ROOT / "corpus")]:
        for segment in load_interview(path).segments:
            for paragraph in (*((segment.question,) if segment.question else ()), *segment.paragraphs):
                sentences += [analyzer.analyze(s) for s in split_sentences(paragraph)]
    return sentences


def public_sentences(analyzer: Analyzer) -> list[list[str]]:
    sentences = []
    for _, name in SETS:
        for article in json.loads((DATA / name).read_text(encoding="utf-8"))["data"]:
            for paragraph in article["paragraphs"]:
                sentences += [analyzer.analyze(s) for s in split_sentences(paragraph["context"])]
    return sentences


def neighbours(sentences: list[list[str]]) -> Associations:
    from gensim.models import Word2Vec  # type: ignore[import-not-found,unused-ignore]

    model = Word2Vec(sentences, vector_size=64, window=5, min_count=2, sg=1, epochs=40, seed=1, workers=1)
    vectors = model.wv
    return Associations(
        {
            key: {other: float(s) for other, s in vectors.most_similar(key, topn=10) if s >= 0.5}
            for key in vectors.index_to_key
        }
    )


def share(table: Associations, exact: bool) -> Feature:
    def soft(asked: Asked, body: frozenset[str], _: frozenset[str]) -> float:
        return table.soft_overlap(asked.keys, body, exact=exact)

    return soft


async def run() -> list[str]:
    settings = load_settings()
    analyzer = build_analyzer(settings.stopwords_path)
    library = library_sentences(analyzer)
    corpora = {"the library's own text": library}
    if DATA.is_dir():
        corpora["+ PersianQA/PersianQuAD paragraphs (experiment)"] = library + public_sentences(analyzer)
    asked = await collect(analyzer, settings)
    lines = [
        BEGIN,
        "## Meaning signal: word vectors trained here (measured, not shipped)",
        "",
        f"`uv run --with gensim python -m benchmarks.meaning_vectors --write` — {machine()}.",
        "Right first among the gate-off search's first 30, before → after (answerable questions):",
        "",
        "| vectors trained on | keys | vocabulary | soft overlap | neighbours only |",
        "|---|---|---|---|---|",
    ]
    for label, sentences in corpora.items():
        table = neighbours(sentences)
        cells = []
        for exact in (True, False):
            counts, _ = loo_rerank(asked, share(table, exact), gated=False)
            before, after, total = (sum(counts[c][j] for c in ANSWERABLE) for j in range(3))
            cells.append(f"{before}→{after}/{total} (para {counts['para'][0]}→{counts['para'][1]})")
        size = sum(map(len, sentences))
        lines.append(f"| {label} | {size:,} | {len(table):,} | {cells[0]} | {cells[1]} |")
    lines.append(END)
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="replace the section in BENCHMARKS.md")
    args = parser.parse_args(argv)
    try:
        import gensim  # type: ignore[import-not-found,unused-ignore]  # noqa: F401
    except ImportError:
        print("skipped: gensim is not installed (uv run --with gensim python -m benchmarks.meaning_vectors)")
        return
    if not DEV.is_dir():
        print(f"skipped: no development corpus at {DEV}")
        return
    publish(asyncio.run(run()), args.write)


if __name__ == "__main__":
    main()
