"""Search: a question in, the passages that answer it out, best first — or none.

FTS5's bm25 (question and body columns weighted apart) picks the candidates; each candidate's
*coverage* — the share of the question's weight, by word rarity, that the passage matches — then
scales its score and decides whether it answers at all. A passage that shares one common word
with the question is not an answer, so «قیمت دلار امروز چنده؟» finds nothing, honestly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.analyzer import Analyzer, build_analyzer, unique
from bot.index import Index
from bot.passages import Passage
from bot.query import (
    NUMBER_WORDS,
    Clause,
    Synonyms,
    asks_for_number,
    clause_weight,
    fts_expression,
    idf,
    load_synonyms,
    occurrences,
    parse_query,
)
from bot.recent import Recent
from bot.settings import SearchSettings, Settings

PLANS = 2048  # parsed questions kept per index: a repeated question (the next button too) skips parsing
RESULTS = 1024  # answers kept per index: the index only changes by a reload, which drops them
CANDIDATES = 30  # rescoring more moved nothing on the dev sets (BENCHMARKS.md)


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float  # higher is better
    coverage: float  # 0..1, share of the question's weight this passage matches
    matched: frozenset[str]  # the passage's keys that matched, for highlighting


@dataclass(frozen=True)
class Plan:
    clauses: list[Clause]
    expression: str  # FTS5 MATCH for the candidates; empty when nothing is searchable
    weights: list[float]  # per clause, by rarity
    total: float
    words: list[tuple[str, float]]  # the question's words as written that some passage holds, with idf
    wants_number: bool  # «چند», «چه سالی»: a number near the question's words is likely the answer


class Memo:
    """What repeated questions reuse, for one index and one set of settings: their plans and
    their results (as a search engine's query-result cache does). Readers of an interview ask
    the same questions, and "next" asks its question again."""

    def __init__(self) -> None:
        self.plans: Recent[str, Plan] = Recent(PLANS)
        self.results: Recent[tuple[str, int, str | None], list[Hit]] = Recent(RESULTS)


class Searcher:
    """Everything a query needs, built once: the analyzer, synonyms and the open index."""

    def __init__(
        self, index: Index, analyzer: Analyzer, synonyms: Synonyms, settings: SearchSettings
    ) -> None:
        self.index = index
        self.memo = Memo()  # for self.index and self.settings only
        self._retired: list[Index] = []
        self.analyzer = analyzer
        self.synonyms = synonyms
        self._settings = settings
        self.number_keys = frozenset(analyzer.keys(sorted(NUMBER_WORDS)))

    @property
    def settings(self) -> SearchSettings:
        return self._settings

    @settings.setter
    def settings(self, settings: SearchSettings) -> None:
        self._settings, self.memo = settings, Memo()

    @classmethod
    async def open(cls, index_path: Path, settings: Settings, analyzer: Analyzer | None = None) -> Searcher:
        analyzer = analyzer or build_analyzer(settings.stopwords_path)
        synonyms = load_synonyms(settings.synonyms_path, analyzer)
        return cls(await Index.open(index_path), analyzer, synonyms, settings.search)

    async def close(self) -> None:
        for index in (*self._retired, self.index):
            await index.close()
        self._retired.clear()

    async def reload(self, index_path: Path) -> Index:
        """Swap in the index now at ``index_path`` (built into a new file and renamed there).

        A search already running keeps the index it started with; the index before last is
        closed now, by when nothing can still be using it.
        """
        fresh = await Index.open(index_path)
        for old in self._retired:
            await old.close()
        self._retired = [self.index]
        self.index, self.memo = fresh, Memo()  # together: what is kept is only good for its index
        return fresh

    def parse(self, text: str, index: Index | None = None) -> list[Clause]:
        index = index or self.index
        return parse_query(
            text,
            self.analyzer,
            self.synonyms,
            index.doc_freq,
            index.vocabulary,
            self.settings.max_edits,
            self.settings.typo_weight,
        )

    async def plan(self, text: str, index: Index, memo: Memo) -> Plan:
        """The parsed question, its FTS5 expression, its clauses' weights and its exact words'
        rarity, kept per index."""
        plan = memo.plans.recall(text)
        if plan is not None:
            return plan
        clauses = self.parse(text, index)
        expression = fts_expression(clauses, index.doc_freq, self.settings.candidate_rows)
        weights = [clause_weight(c, index.doc_freq, index.size) for c in clauses]
        words: list[tuple[str, float]] = []
        if expression and self.settings.exact_weight:
            asked = unique(self.analyzer.words(text[:2000]))[:64]
            held = await index.word_freq(asked)
            words = [(w, idf(held[w], index.size)) for w in asked if w in held]
        plan = Plan(clauses, expression, weights, sum(weights) or 1.0, words, asks_for_number(text))
        return memo.plans.keep(text, plan)

    async def search(self, text: str, limit: int | None = None, interview: str | None = None) -> list[Hit]:
        limit = self.settings.limit if limit is None else max(0, limit)
        # One index for the whole search, even if a reload swaps it meanwhile.
        index, memo = self.index, self.memo
        key = (text, limit, interview)
        hits = memo.results.recall(key)
        if hits is None:
            hits = memo.results.keep(key, await self._search(text, limit, interview, index, memo))
        return list(hits)

    async def _search(
        self, text: str, limit: int, interview: str | None, index: Index, memo: Memo
    ) -> list[Hit]:
        plan = await self.plan(text, index, memo)
        if not plan.expression or limit == 0:
            return []
        candidates = await index.candidates(
            plan.expression, self.settings.question_weight, max(CANDIDATES, limit * 3), interview
        )
        scored = []
        for rowid, question_keys, body_keys, words in candidates:
            score, covered, matched = self._score(plan, question_keys, body_keys, index)
            coverage = covered / plan.total
            if coverage >= self.settings.min_coverage:
                score += self.settings.exact_weight * self._exact(plan.words, words, index)
                scored.append((score * coverage**self.settings.coverage_power, coverage, rowid, matched))
        scored.sort(key=lambda s: (-s[0], s[2]))
        best = scored[:limit]
        passages = await index.passages([rowid for _, _, rowid, _ in best])
        return [
            Hit(passages[rowid], round(score, 4), round(coverage, 3), matched)
            for score, coverage, rowid, matched in best
        ]

    def _exact(self, asked: Sequence[tuple[str, float]], words: str, index: Index) -> float:
        """BM25 of the question's words as written over the passage's words as written."""
        if not asked:
            return 0.0
        k1, b = self.settings.bm25_k1, self.settings.bm25_b
        norm = 1.0 - b + b * (words.count(" ") + 1) / index.average_words
        padded = f" {words} "
        score = 0.0
        for word, rarity in asked:
            tf = padded.count(f" {word} ")
            if tf:
                score += rarity * tf * (k1 + 1) / (tf + k1 * norm)
        return score

    def _score(
        self, plan: Plan, question_keys: str, body_keys: str, index: Index
    ) -> tuple[float, float, frozenset[str]]:
        """BM25F over the two fields, each clause counted once by its best alternative.

        FTS5's own bm25 cannot weigh one query term below another; here a typo or a synonym
        counts for its share, and a question that names the passage's question scores higher.
        A passage is about what it opens with: a question word adds its weight × ``lead_weight``
        / (1 + its first position), so «مجارستان کشوری در اروپای مرکزی است» leads for a question
        about Hungary over a passage that names Hungary in passing. A question asking for a
        number («چند», «چه سالی») adds ``number_weight`` × its heaviest word's weight / the
        distance from the nearest number to a question word.
        """
        k1, b = self.settings.bm25_k1, self.settings.bm25_b
        length = body_keys.count(" ") + 1 if body_keys else 0
        norm = 1.0 - b + b * length / index.average_length
        body, question = f" {body_keys} ", f" {question_keys} "
        score = covered = 0.0
        matched: set[str] = set()
        placed: list[tuple[float, list[int]]] = []  # (weight, positions in the body) per clause
        for clause, weight in zip(plan.clauses, plan.weights, strict=True):
            best_score = best_share = best_lead = 0.0
            best_positions: list[int] = []
            for phrase, share in clause.alternatives.items():
                at = occurrences(body, phrase)
                tf = len(at) + self.settings.question_weight * len(occurrences(question, phrase))
                if tf:
                    matched.update(phrase)
                    best_share = max(best_share, share)
                    value = share * tf * (k1 + 1) / (tf + k1 * norm)
                    if value > best_score:
                        best_score, best_positions = value, at
                    if at:
                        best_lead = max(best_lead, share / (1 + at[0]))
            score += weight * (best_score + self.settings.lead_weight * best_lead)
            covered += weight * best_share
            if best_positions:
                placed.append((weight, best_positions))
        score += self.settings.proximity_weight * proximity(placed)
        if plan.wants_number and placed and self.settings.number_weight:
            numbers = [i for i, k in enumerate(body_keys.split(" ")) if k.isdigit() or k in self.number_keys]
            if numbers:
                nearest = min(min_distance(numbers, at) for _, at in placed)
                score += self.settings.number_weight * max(plan.weights) / max(nearest, 1)
        return score, covered, frozenset(matched)


def proximity(placed: Sequence[tuple[float, list[int]]]) -> float:
    """Words of the question that stand close together in a passage are likely one answer.

    For each pair of matched clauses, the lighter clause's weight divided by the distance
    between their nearest occurrences (1 for neighbours).
    """
    bonus = 0.0
    for i, (weight_i, at_i) in enumerate(placed):
        for weight_j, at_j in placed[i + 1 :]:
            distance = min_distance(at_i, at_j)
            if distance:
                bonus += min(weight_i, weight_j) / distance
    return bonus


def min_distance(a: list[int], b: list[int]) -> int:
    """The smallest |x - y| over two sorted position lists (0 when they share a position)."""
    i = j = 0
    best = 1 << 30
    while i < len(a) and j < len(b):
        best = min(best, abs(a[i] - b[j]))
        if a[i] < b[j]:
            i += 1
        else:
            j += 1
    return best


def highlight_spans(analyzer: Analyzer, text: str, matched: frozenset[str]) -> list[tuple[int, int]]:
    """Character spans of the words in ``text`` whose keys matched the question."""
    return [(start, end) for start, end, key in analyzer.spans(text) if key in matched]
