"""Candidates of a question whose every word is common: its rarest words AND-ed first, the OR after."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bot.analysis.analyzer import Analyzer
from bot.library.passages import Passage
from bot.search.query import Clause, fts_conjunctions, fts_expression
from bot.search.searcher import Searcher
from bot.settings import Settings
from tests.search.test_searcher import passages_searcher

BUDGET = 10  # candidate_rows of these tests: every word below is held by more passages
COMMON = 40  # passages holding each common word alone
# Long, so that bm25 of «کتاب» alone ranks it below every short passage holding «کتاب»: only a
# conjunction brings it among the candidates.
BOTH = (
    "سفر طولانی ما از شهر به روستا و از روستا به کوهستان رسید و آنجا در بازار کوچکی کتاب تازه‌ای"
    " درباره دریا خریدیم و باز هم راه رفتیم تا شب شد و همه خسته و گرسنه به خانه برگشتیم."
)


def clause(*keys: str) -> Clause:
    return Clause({(k,): 1.0 for k in keys})


def test_no_conjunction_while_the_rarest_word_fits_the_budget() -> None:
    doc_freq = {"a": 5, "b": 5_000, "c": 9_000}
    assert fts_conjunctions([clause("a"), clause("b"), clause("c")], doc_freq, 100_000, 600) == ()
    assert fts_conjunctions([clause("b"), clause("c")], doc_freq, 100_000, 0) == ()  # no budget


def test_common_words_are_anded_rarest_first_strictest_first() -> None:
    doc_freq = {"a": 200_000, "b": 50_000, "c": 90_000, "d": 300_000, "e": 10_000}
    clauses = [clause("a"), clause("b"), clause("c", "e"), clause("d")]
    # b (50,000), then c or e (100,000), then a (200,000): 1e6 × 0.05 × 0.1 × 0.2 = 1,000 passages
    # expected, more than the budget, but three clauses at most; then the looser conjunction.
    assert fts_conjunctions(clauses, doc_freq, 1_000_000, 600) == (
        '"b" AND ("c" OR "e") AND "a"',
        '"b" AND ("c" OR "e")',
    )
    # Two rare enough together (1e6 × 0.005 × 0.01 = 50): no third.
    rarer = {"a": 20_000, "b": 5_000, "c": 9_000, "d": 30_000, "e": 1_000}
    assert fts_conjunctions(clauses, rarer, 1_000_000, 600) == ('"b" AND ("c" OR "e")',)


def test_one_common_word_or_words_no_passage_holds_make_no_conjunction() -> None:
    doc_freq = {"a": 20_000}
    assert fts_conjunctions([clause("a")], doc_freq, 1_000_000, 600) == ()
    assert fts_conjunctions([clause("a"), clause("unknown")], doc_freq, 1_000_000, 600) == ()


@asynccontextmanager
async def common_library(tmp_path: Path, settings: Settings, analyzer: Analyzer) -> AsyncIterator[Searcher]:
    texts = [f"این کتاب را در روز {i} خواندم." for i in range(COMMON)]
    texts += [f"کنار دریا در روز {i} نشستیم." for i in range(COMMON)]
    texts += [f"باغ گل در روز {i} دیدیم." for i in range(COMMON)]
    texts.append(BOTH)
    passages = [Passage(str(i), "t", "", i, 1, None, "", text) for i, text in enumerate(texts)]
    small = dataclasses.replace(settings, search=dataclasses.replace(settings.search, candidate_rows=BUDGET))
    async with passages_searcher(tmp_path, small, analyzer, passages) as searcher:
        yield searcher


async def test_common_words_asked_together_find_the_passage_holding_both(
    tmp_path: Path, settings: Settings, analyzer: Analyzer
) -> None:
    async with common_library(tmp_path, settings, analyzer) as searcher:
        index, pool = searcher.index, searcher.ranker.model.pool
        plan = await searcher.plan("کتاب دریا", index, searcher.memo)
        assert plan.conjunctions and " AND " in plan.conjunctions[0]
        # The premise: the budgeted OR alone (one of the two words) leaves that passage out.
        alone = await index.candidates(plan.expression, searcher.settings.question_weight, pool)
        assert len(alone) == pool
        assert all(c.rowid != COMMON * 3 + 1 for c in alone)  # rows are numbered from 1
        candidates = await searcher.retrieve(index, plan, pool, None)
        assert candidates[0].rowid == COMMON * 3 + 1  # the conjunction's, ahead of the OR's
        assert len(candidates) == pool  # too few together: the OR fills the pool
        hits = await searcher.search("کتاب دریا")
        assert hits[0].passage.id == str(COMMON * 3)


async def test_a_conjunction_that_finds_nothing_falls_back_to_the_or(
    tmp_path: Path, settings: Settings, analyzer: Analyzer
) -> None:
    async with common_library(tmp_path, settings, analyzer) as searcher:
        index, pool = searcher.index, searcher.ranker.model.pool
        plan = await searcher.plan("کتاب گل", index, searcher.memo)  # no passage holds both
        assert plan.conjunctions
        weight = searcher.settings.question_weight
        assert await index.candidates(plan.conjunctions[-1], weight, pool) == []
        alone = await index.candidates(plan.expression, weight, pool)
        assert len(alone) == pool
        assert await searcher.retrieve(index, plan, pool, None) == alone


def test_the_expression_is_unchanged_by_conjunctions() -> None:
    doc_freq = {"a": 20_000, "b": 5_000}
    assert fts_expression([clause("a"), clause("b")], doc_freq, 600) == '"b"'
