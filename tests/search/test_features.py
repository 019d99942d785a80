"""The ranking stage's features hold the values they held before ``measure`` was made faster.

``tests/fixtures/features.json`` was written by the plain version of ``features.measure`` (one
``scoring.occurrences`` per phrase and field, the meaning overlap per candidate, each rarity
recomputed) over retrieval's 30 candidates for every question of ``tests/questions.tsv`` on the
seed interview. The search measures them now with the question read once per search; every
value must be what it was. Features added after the fixture was written are not in it. A change
of the analyzer or the meaning table moves some values on purpose; the fixture is then rewritten
with the rest unchanged (2026-12-06: 149 ``bm25_written`` values, as «خانواده‌ای» became two
words, and 70 meaning overlaps of 4,950; every candidate and every other value as before).

    uv run python -m tests.search.test_features     # rewrite the fixture (only on purpose)
"""

from __future__ import annotations

import asyncio
import json
import math
import tempfile
from pathlib import Path

from bot.analysis.analyzer import build_analyzer
from bot.library.corpus import corpus_files
from bot.search.build import build_from_files
from bot.search.features import FEATURES, measure, measure_all
from bot.search.searcher import Searcher
from bot.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "features.json"
POOL = 30


def asked() -> list[str]:
    rows = (ROOT / "questions.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[1] for line in rows if line.strip() and not line.startswith("#")]


async def measured(searcher: Searcher) -> dict[str, dict[str, object]]:
    """Per question: its candidates' passage ids and, per feature, every candidate's value."""
    out: dict[str, dict[str, object]] = {}
    for text in asked():
        _, candidates, rows = await searcher.examine(text, POOL)
        passages = await searcher.index.passages([c.rowid for c in candidates])
        out[text] = {
            "ids": [passages[c.rowid].id for c in candidates],
            "features": {name: [row[at] for row in rows] for at, name in enumerate(FEATURES)},
        }
    return out


def same(a: float, b: float) -> bool:
    # The same arithmetic in the same order; a sum over a set may add in another order in another
    # process (string hashing), hence a tolerance of a few units in the last place.
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)


async def test_every_feature_holds_the_value_the_plain_version_gave(searcher: Searcher) -> None:
    expected = json.loads(FIXTURE.read_text(encoding="utf-8"))
    got = await measured(searcher)
    assert set(got) == set(expected)
    compared = 0
    for text, want in expected.items():
        assert got[text]["ids"] == want["ids"], text
        values = got[text]["features"]
        assert isinstance(values, dict)
        for name, column in want["features"].items():
            assert len(values[name]) == len(column), (text, name)
            for at, (x, y) in enumerate(zip(values[name], column, strict=True)):
                assert same(x, y), (text, name, at, x, y)
                compared += 1
    assert compared > 1000  # the fixture is not empty: dozens of questions, many candidates each


async def test_one_candidate_measured_alone_is_measured_as_among_all(searcher: Searcher) -> None:
    library = searcher.library(searcher.index, searcher.memo)
    for text in ("مهم‌ترین کار معاونت چیست؟", "چند سال در شهرداری کار کرده؟", "نظرت درباره ترافیک"):
        plan, candidates, rows = await searcher.examine(text, POOL)
        comparing = {"interview_share", "answer_agreement", "answer_coverage", "retrieval_rank"}
        for c, row in zip(candidates, rows, strict=True):
            alone = measure(plan, c, library, searcher.settings, searcher.meaning)
            for at, name in enumerate(FEATURES):
                if name not in comparing:
                    assert alone[at] == row[at], (text, name)
    assert measure_all(plan, [], library, searcher.settings, searcher.meaning) == []


async def write() -> None:
    settings = load_settings()
    analyzer = build_analyzer(settings.stopwords_path)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "index.sqlite"
        await build_from_files(corpus_files(ROOT / "fixtures" / "corpus"), db, analyzer, settings)
        searcher = await Searcher.open(db, settings, analyzer)
        try:
            data = await measured(searcher)
        finally:
            await searcher.close()
    FIXTURE.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


if __name__ == "__main__":
    asyncio.run(write())
