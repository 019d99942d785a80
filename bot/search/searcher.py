"""Search: a question in, the passages that answer it out, best first — or none.

FTS5's bm25 (question and body columns weighted apart) picks the candidates; each candidate's
*coverage* — the share of the question's weight, by word rarity, that the passage matches — then
scales its score and decides whether it answers at all. A passage that shares one common word
with the question is not an answer, so «قیمت دلار امروز چنده؟» finds nothing, honestly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial
from pathlib import Path

from bot.analysis.analyzer import Analyzer, build_analyzer, unique
from bot.library.passages import Passage, split_sentences
from bot.recent import Recent
from bot.search import scoring
from bot.search.chatter import question_inside
from bot.search.features import FEATURES, Library, background_rarity, char_grams, measure_all
from bot.search.finglish import Transliterator, has_latin, looks_english, names_in, read_as_persian
from bot.search.index import Candidate, Index
from bot.search.intent import intent_of
from bot.search.meaning import Associations
from bot.search.query import (
    NUMBER_WORDS,
    Clause,
    Synonyms,
    asks_for_number,
    fts_conjunctions,
    fts_expression,
    load_synonyms,
    parse_query,
)
from bot.search.ranking import Ranker, load_model, question_features
from bot.search.scoring import Plan, clause_weight, idf
from bot.settings import SearchSettings, Settings

PLANS = 2048  # parsed questions kept per index: a repeated question (the next button too) skips parsing
RESULTS = 1024  # answers kept per index: the index only changes by a reload, which drops them


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float  # higher is better
    coverage: float  # 0..1, share of the question's weight this passage matches
    matched: frozenset[str]  # the passage's keys that matched, for highlighting
    confident: bool = True  # an answer; False: only the closest passage (coverage below answer_coverage)
    probability: float = 1.0  # that this passage answers the question (the ranking model's, calibrated)
    # Finds the answering sentence when it is first read: a reply shows three hits of the eight it
    # asks for, and at 100,000 passages, where each hit is a new passage, finding it for all eight
    # cost about 0.5 ms of a 3.5 ms search.
    reading: Callable[[], tuple[str, tuple[int, int]]] = field(compare=False, repr=False, kw_only=True)

    @cached_property
    def _answered(self) -> tuple[str, tuple[int, int]]:
        return self.reading()

    @property
    def answer(self) -> str:
        """The sentence (or two) of the passage that answers best: what a reply opens with."""
        return self._answered[0]

    @property
    def answer_range(self) -> tuple[int, int]:
        """(first sentence, how many) of ``answer``; (0, 0): all of it."""
        return self._answered[1]


@lru_cache(maxsize=4096)
def sentences_in(text: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """A passage's sentences and where each ends, kept (as the analyzer keeps its words'
    spans): the same passages answer again and again."""
    sentences = tuple(split_sentences(text))
    return sentences, tuple(scoring.sentence_ends(text, sentences))


@lru_cache(maxsize=1)
def default_meaning() -> Associations:
    """The committed meaning signal (``bot/search/data/meaning.json.gz``), read once per process."""
    return Associations.load()


@lru_cache(maxsize=1)
def default_ranker() -> Ranker:
    """The committed model (``bot/search/ranker.json``), read once per process."""
    return Ranker(load_model())


class Memo:
    """What repeated questions reuse, for one index and one set of settings: their plans and
    their results (as a search engine's query-result cache does). Readers of an interview ask
    the same questions, and "next" asks its question again."""

    def __init__(self) -> None:
        self.plans: Recent[str, Plan] = Recent(PLANS)
        self.results: Recent[tuple[str, int, str | None], list[Hit]] = Recent(RESULTS)
        self.transliterator: Transliterator | None = None  # built when a question first has Latin words
        self.library: Library | None = None  # what the features read from the index


class Searcher:
    """Everything a query needs, built once: the analyzer, synonyms and the open index."""

    def __init__(
        self,
        index: Index,
        analyzer: Analyzer,
        synonyms: Synonyms,
        settings: SearchSettings,
        ranker: Ranker | None = None,
        meaning: Associations | None = None,
    ) -> None:
        self.index = index
        self.memo = Memo()  # for self.index and self.settings only
        self._retired: list[Index] = []
        self.analyzer = analyzer
        self.synonyms = synonyms
        self._settings = settings
        self.number_keys = frozenset(analyzer.keys(sorted(NUMBER_WORDS)))
        self.ranker = ranker or default_ranker()
        self.meaning = default_meaning() if meaning is None else meaning
        self._background_total = sum(analyzer.lexicon.frequency.values())

    @property
    def settings(self) -> SearchSettings:
        return self._settings

    @settings.setter
    def settings(self, settings: SearchSettings) -> None:
        self._settings, self.memo = settings, Memo()

    @classmethod
    async def open(
        cls,
        index_path: Path,
        settings: Settings,
        analyzer: Analyzer | None = None,
        ranker: Ranker | None = None,
        meaning: Associations | None = None,
    ) -> Searcher:
        analyzer = analyzer or build_analyzer(settings.stopwords_path)
        synonyms = load_synonyms(settings.synonyms_path, analyzer)
        return cls(await Index.open(index_path), analyzer, synonyms, settings.search, ranker, meaning)

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
        asked_text = question_inside(text)  # a chatty message is searched by the sentence that asks
        if has_latin(asked_text):  # Finglish, or Latin names: read onto the library's Persian words
            asked_text = read_as_persian(asked_text, await self.transliterator(index, memo))
        clauses = self.parse(asked_text, index)
        budget = self.settings.candidate_rows
        expression = fts_expression(clauses, index.doc_freq, budget)
        conjunctions = fts_conjunctions(clauses, index.doc_freq, index.size, budget) if expression else ()
        weights = [clause_weight(c, index.doc_freq, index.size) for c in clauses]
        words: list[tuple[str, float]] = []
        if expression and self.settings.exact_weight:
            asked = unique(self.analyzer.words(asked_text))[:64]
            held = await index.word_freq(asked)
            words = [(w, idf(held[w], index.size)) for w in asked if w in held]
        keys = frozenset(k for clause in clauses for k in clause.keys)
        frequency, total = self.analyzer.lexicon.frequency, self._background_total
        background = tuple(
            background_rarity(frequency.get(next(iter(c.alternatives))[0], 0), total) for c in clauses
        )
        rarest = idf(0, index.size)
        grams = tuple(
            (
                idf(index.doc_freq[key], index.size) if key and key in index.doc_freq else rarest,
                char_grams(word),
            )
            for word in unique(self.analyzer.words(asked_text))[:16]
            for key in (self.analyzer.key(word),)
        )
        plan = Plan(
            clauses, expression, weights, sum(weights) or 1.0, words, asks_for_number(asked_text), keys,
            intent_of(asked_text), background, grams, conjunctions,
        )  # fmt: skip
        return memo.plans.keep(text, plan)

    async def transliterator(self, index: Index, memo: Memo) -> Transliterator:
        if memo.transliterator is None:
            written = await index.written_words()
            stop = [(word, index.size) for word in self.analyzer.stopwords]  # «chand», «ke»: as common as any
            # Colloquial words («miare», «mikhad») as readers type them, as common as their written form.
            counts = dict(written)
            informal = [
                (colloquial, counts.get(formal[0], 0))
                for colloquial, formal in self.analyzer.lexicon.informal.items()
                if counts.get(formal[0])
            ]
            memo.transliterator = Transliterator([*written, *stop, *informal])
        return memo.transliterator

    @staticmethod
    def reads_english(text: str) -> bool:
        """The question is in English (greetings around it aside): the bot replies in English
        that the interview is Persian; its Latin names are still searched."""
        return looks_english(question_inside(text))

    async def latin_names(self, text: str) -> list[tuple[str, str]]:
        """The Latin words of a question the library holds, each with its Persian spelling there."""
        return names_in(question_inside(text), await self.transliterator(self.index, self.memo))

    async def search(self, text: str, limit: int | None = None, interview: str | None = None) -> list[Hit]:
        limit = self.settings.limit if limit is None else max(0, limit)
        # One index for the whole search, even if a reload swaps it meanwhile.
        index, memo = self.index, self.memo
        key = (text, limit, interview)
        hits = memo.results.recall(key)
        if hits is None:
            hits = memo.results.keep(key, await self._search(text, limit, interview, index, memo))
        return list(hits)

    def library(self, index: Index, memo: Memo) -> Library:
        if memo.library is None or memo.library.doc_freq is not index.doc_freq:
            memo.library = Library(
                index.doc_freq, index.size, index.average_length, index.average_words, self.number_keys
            )
        return memo.library

    async def examine(
        self, text: str, pool: int, interview: str | None = None
    ) -> tuple[Plan, list[Candidate], list[list[float]]]:
        """The question's plan, retrieval's first ``pool`` candidates and their features: what
        the ranking stage reads (the trainer reads it too)."""
        index, memo = self.index, self.memo
        plan = await self.plan(text, index, memo)
        if not plan.expression:
            return plan, [], []
        candidates = await self.retrieve(index, plan, pool, interview)
        return (
            plan,
            candidates,
            measure_all(plan, candidates, self.library(index, memo), self.settings, self.meaning),
        )

    async def retrieve(self, index: Index, plan: Plan, pool: int, interview: str | None) -> list[Candidate]:
        """FTS5's best ``pool`` passages for the plan: those that hold the rarest words together
        (``Plan.conjunctions``, strictest first), then, while they are too few, the best of the
        whole expression."""
        weight = self.settings.question_weight
        found: dict[int, Candidate] = {}
        for expression in (*plan.conjunctions, plan.expression):
            for c in await index.candidates(expression, weight, pool, interview):
                found.setdefault(c.rowid, c)
            if len(found) >= pool:
                break
        return list(found.values())[:pool]

    async def _search(
        self, text: str, limit: int, interview: str | None, index: Index, memo: Memo
    ) -> list[Hit]:
        plan = await self.plan(text, index, memo)
        if not plan.expression or limit == 0:
            return []
        model = self.ranker.model
        candidates = await self.retrieve(index, plan, max(model.pool, limit), interview)
        if not candidates:
            return []
        rows = measure_all(
            plan, candidates, self.library(index, memo), self.settings, self.meaning, self.ranker.needed
        )
        # A passage sharing one common word with the question is no answer: it is not ranked at all.
        coverage_at = FEATURES.index("coverage")
        kept = [i for i, row in enumerate(rows) if row[coverage_at] >= self.settings.min_coverage]
        if not kept:
            return []
        candidates, rows = [candidates[i] for i in kept], [rows[i] for i in kept]
        order, scores = self.ranker.order(rows)
        best = order[:limit]
        chances = self.ranker.probabilities(
            rows, scores, order, question_features(len(plan.clauses), plan.wants_number), limit
        )
        if chances[0] < model.closest_at:
            return []  # the question's words are here, but nothing here answers it
        passages = await index.passages([candidates[i].rowid for i in best])
        answer_at = model.answer_at
        hits = []
        for i, chance in zip(best, chances, strict=True):
            c = candidates[i]
            hits.append(
                Hit(
                    passages[c.rowid],
                    round(scores[i], 4),
                    round(rows[i][coverage_at], 3),
                    matched_keys(plan, c),
                    chances[0] >= answer_at and chance >= answer_at,  # answers only below an answer
                    round(chance, 4),
                    reading=partial(self.answering, plan, passages[c.rowid].text),
                )
            )
        return hits

    def answering(self, plan: Plan, text: str) -> tuple[str, tuple[int, int]]:
        """The sentence (or two) of a passage that answers the plan best, and its (first, how many)."""
        sentences, ends = sentences_in(text)  # once for the range and for its text
        first, count = scoring.answering_range(plan, text, self.analyzer.spans(text), sentences, ends)
        return scoring.sentences_of(text, first, count, sentences), (first, count)


def matched_keys(plan: Plan, c: Candidate) -> frozenset[str]:
    """The question's keys a passage holds (body, or the interviewer's question), for highlighting."""
    held = f" {c.question_keys} {c.body_keys} "
    return frozenset(k for k in plan.keys if f" {k} " in held)
