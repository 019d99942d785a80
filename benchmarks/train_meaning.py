"""Rebuild the meaning signal's association table, ``bot/search/data/meaning.json.gz``.

    uv run python -m benchmarks.train_meaning           # write it
    uv run python -m benchmarks.train_meaning --check   # say whether the committed file is this build
    uv run python -m benchmarks.train_meaning --wordnet wn-data-fas.tab   # also the synonyms table

Inputs, all written for this project (MIT): the seed interview (``corpus/*.md``, its interviewer's
questions and answers) and the development corpus (``../shared/interviews-dev``: each interview's
questions and answers, and its reader questions with the passages that answer them). The seed's
reader question set (``tests/questions.tsv``) is left out: it measures the search. No public data
set goes in (see README, "Meaning signal"). The same inputs give the same bytes.

``--wordnet`` also rebuilds ``bot/search/data/synonyms.json.gz`` from the Persian WordNet as the Open
Multilingual Wordnet publishes it: ``wns/fas/wn-data-fas.tab`` of github.com/omwn/omw-data (commit
f75be19; its licence: "It's free and you can use it everywhere you want").
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.analysis.analyzer import Analyzer, build_analyzer
from bot.library.corpus import corpus_files
from bot.search.meaning import ARTEFACT, SYNONYMS, Associations, pairs_from_files
from bot.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "interviews-dev"
WORDNET_SOURCE = "Persian WordNet (Montazery & Faili 2010), omwn/omw-data f75be19 wns/fas/wn-data-fas.tab"


def inputs(dev: Path = DEV, seed: Path = ROOT / "corpus") -> tuple[list[Path], list[Path]]:
    """The seed's interview files and the development corpus's clean ones (``NAME.md``)."""
    return corpus_files(seed), sorted(p for p in dev.glob("*.md") if "." not in p.stem and p.stem != "README")


def build(dev: Path = DEV, seed: Path = ROOT / "corpus", analyzer: Analyzer | None = None) -> Associations:
    analyzer = analyzer or build_analyzer(load_settings().stopwords_path)
    seed_files, dev_files = inputs(dev, seed)
    names = [f"corpus/{p.name}" for p in seed_files] + [f"interviews-dev/{p.name}" for p in dev_files]
    pairs = pairs_from_files(seed_files, analyzer, readers=False) + pairs_from_files(dev_files, analyzer)
    return Associations.train(pairs, sources=names)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="compare with the committed tables, write nothing"
    )
    parser.add_argument("--out", type=Path, default=ARTEFACT, help="where to write the learnt table")
    parser.add_argument("--wordnet", type=Path, help="the Persian WordNet tab file, for the synonyms table")
    args = parser.parse_args(argv)
    if not DEV.is_dir():
        sys.exit(f"no development corpus at {DEV}: the table is built from it")
    if args.wordnet is not None and not args.wordnet.is_file():
        sys.exit(f"no WordNet file at {args.wordnet}")
    analyzer = build_analyzer(load_settings().stopwords_path)
    tables = [(build(analyzer=analyzer), args.out)]
    if args.wordnet is not None:
        tables.append((Associations.from_wordnet(args.wordnet, analyzer, WORDNET_SOURCE), SYNONYMS))
    same = True
    for table, path in tables:
        if args.check:
            fresh = path.exists() and Associations.load(path) == table
            same &= fresh
            print(f"{path}: {'the same as' if fresh else 'differs from'} a fresh build ({len(table)} keys)")
        else:
            table.save(path)
            print(f"wrote {path}: {len(table)} keys, {path.stat().st_size:,} bytes")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
