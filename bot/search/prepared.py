"""What measuring reads of the question and of the library, made once rather than per candidate.

``prepare`` turns a plan into the padded strings and totals ``features.measured`` reads, once per
question: the result is kept on the plan (plans are kept per index), with the values measured
per interviewer's question (``question_recall``, the verbatim share), which only depend on the
question and the library. The library keeps what only depends on itself: each interviewer's
question's keys with their rarity.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.search.intent import ASKING
from bot.search.meaning import Associations, Reading
from bot.search.scoring import Plan, idf

Rarities = tuple[tuple[tuple[str, float], ...], float]  # (key, rarity) in the set's order, their sum


@dataclass(frozen=True, slots=True)
class Library:
    """What the features read from the open index."""

    doc_freq: Mapping[str, int]
    size: int
    average_length: float
    average_words: float
    number_keys: frozenset[str]
    # Per interviewer's question (its keys), its keys but the asking words, each with its rarity.
    theirs: dict[str, Rarities] = field(default_factory=dict, compare=False, repr=False)

    def rarities(self, question_keys: str) -> Rarities:
        """An interviewer's question's keys (``ASKING`` left out) with their rarity, and its sum."""
        kept = self.theirs.get(question_keys)
        if kept is None:
            rarity = {k: idf(self.doc_freq.get(k, 0), self.size) for k in set(question_keys.split()) - ASKING}
            kept = self.theirs[question_keys] = (tuple(rarity.items()), sum(rarity.values()))
        return kept


@dataclass(frozen=True, slots=True)
class Prepared:
    """What measuring reads of the question, made once per question rather than once per
    candidate: each clause's phrases as the padded strings ``occurrences`` looks for, the exact
    words' and the 4-grams' totals; and, filled in as candidates ask, the values per
    interviewer's question."""

    clauses: tuple[tuple[float, float, tuple[tuple[str, float], ...]], ...]  # weight, background, needles
    words: tuple[tuple[str, float], ...]  # (" word ", rarity)
    words_total: float
    grams_total: float
    key_needles: tuple[tuple[str, str], ...]  # (key, " key ")
    rarest: float  # idf of a key no passage holds
    library: Library  # what it was prepared against
    recall: dict[str, float]  # question_recall per interviewer's question (its keys), as asked for
    theirs_held: dict[str, float]  # per interviewer's question: share of its keys asked (-1: none)
    meaning: dict[int, tuple[Associations, Reading]]  # the question as each meaning signal reads it


def prepare(plan: Plan, library: Library) -> Prepared:
    """The question read for measuring, kept on the plan for ``library``."""
    kept = plan.measuring
    if kept is not None and kept.library is library:
        return kept
    background = plan.background or (0.0,) * len(plan.clauses)
    prep = Prepared(
        tuple(
            (
                weight,
                bg,
                tuple((" " + " ".join(phrase) + " ", share) for phrase, share in clause.alternatives.items()),
            )
            for clause, weight, bg in zip(plan.clauses, plan.weights, background, strict=True)
        ),
        tuple((f" {word} ", rarity) for word, rarity in plan.words),
        sum(rarity for _, rarity in plan.words),
        sum(w for w, _ in plan.grams),
        tuple((k, f" {k} ") for k in plan.keys),
        idf(0, library.size),
        library,
        {},
        {},
        {},
    )
    plan.keep_measuring(prep)
    return prep


def recall_of(plan: Plan, prep: Prepared, question_keys: str) -> float:
    """``features.question_recall`` of an interviewer's question, kept per question."""
    recall = prep.recall.get(question_keys)
    if recall is None:
        rarity, total = prep.library.rarities(question_keys)
        keys = plan.keys
        recall = sum([r for k, r in rarity if k in keys]) / total if rarity else 0.0
        prep.recall[question_keys] = recall
    return recall


def theirs_held(plan: Plan, prep: Prepared, question_keys: str) -> float:
    """The share of an interviewer's question's keys the reader's question holds (-1: it has none),
    as ``scoring.asks_its_question`` reads it; kept per question."""
    held = prep.theirs_held.get(question_keys)
    if held is None:
        theirs = set(question_keys.split())
        held = prep.theirs_held[question_keys] = len(theirs & plan.keys) / len(theirs) if theirs else -1.0
    return held


def meaning_read(plan: Plan, prep: Prepared, meaning: Associations) -> Reading:
    """The reader's keys as ``meaning`` reads them (``Associations.reading``), kept per question."""
    kept = prep.meaning.get(id(meaning))
    if kept is None or kept[0] is not meaning:
        asked, weights = plan.asked
        kept = prep.meaning[id(meaning)] = (meaning, meaning.reading(asked, weights))
    return kept[1]
