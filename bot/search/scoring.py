"""Scoring helpers, as pure functions: the parsed question (``Plan``), clause weights by rarity,
positions and distances of matched phrases, and the sentence of a passage that answers best.

The features of a candidate (BM25 per field and the rest) are in ``features``; the learned
weighing of them in ``ranking``. Nothing here reads the index or the network.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from bot.library.passages import split_sentences
from bot.search.intent import Intent
from bot.search.query import Clause, Phrase

if TYPE_CHECKING:
    from bot.search.prepared import Prepared


@dataclass(frozen=True)
class Plan:
    clauses: list[Clause]
    expression: str  # FTS5 MATCH for the candidates; empty when nothing is searchable
    weights: list[float]  # per clause, by rarity
    total: float
    words: list[tuple[str, float]]  # the question's words as written that some passage holds, with idf
    wants_number: bool  # «چند», «چه سالی»: a number near the question's words is likely the answer
    keys: frozenset[str]  # every key of every clause, made once per question
    intent: Intent | None = None  # what the question asks for: a reason, a person, an amount…
    background: tuple[float, ...] = ()  # per clause, its rarity in a background list of Persian words
    grams: tuple[tuple[float, tuple[str, ...]], ...] = ()  # per word asked: its rarity, its 4-grams
    # FTS5 MATCH of the rarest clauses AND-ed, strictest first, asked before ``expression`` when
    # even the rarest alternative matches more passages than the budget (query.fts_conjunctions).
    conjunctions: tuple[str, ...] = ()
    # What measuring reads of the question (``prepared.prepare``), made at its first search.
    measuring: Prepared | None = field(default=None, compare=False, repr=False)

    def keep_measuring(self, prepared: Prepared) -> None:
        object.__setattr__(self, "measuring", prepared)

    @cached_property  # a plan is kept per question: its clauses' keys are gathered once
    def clause_keys(self) -> tuple[frozenset[str], ...]:
        return tuple(clause.keys for clause in self.clauses)

    @cached_property
    def asked(self) -> tuple[tuple[str, ...], dict[str, float]]:
        """The keys the reader typed (each clause's first alternative), and each one's weight."""
        weights: dict[str, float] = {}
        for clause, weight in zip(self.clauses, self.weights, strict=True):
            for key in next(iter(clause.alternatives), ()):
                weights[key] = max(weights.get(key, 0.0), weight)
        return tuple(weights), weights


def idf(doc_freq: int, size: int) -> float:
    return math.log(1.0 + (size - doc_freq + 0.5) / (doc_freq + 0.5))


def clause_weight(clause: Clause, doc_freq: Mapping[str, int], size: int) -> float:
    """How much a clause matters: the rarity of its rarest alternative that the index holds.

    A clause none of whose alternatives is indexed (a word the interview never uses) weighs as
    much as the rarest possible word, so a question mostly about something else finds nothing.
    """
    known = [
        min(doc_freq[k] for k in phrase)
        for phrase in clause.alternatives
        if all(k in doc_freq for k in phrase)
    ]
    return idf(min(known) if known else 0, size)


def asks_its_question(plan: Plan, question_keys: str, share: float) -> bool:
    """The reader asks what the interviewer asked (verbatim, or nearly): the interviewer's
    question holds ``share`` of the question's weight, and the question that share of the
    interviewer's words. (One way only, «چند شهردار آمده بود» would «ask» every long question
    that names a mayor.)"""
    question = f" {question_keys} "
    held = sum(
        weight
        for clause, weight in zip(plan.clauses, plan.weights, strict=True)
        if any(occurrences(question, phrase) for phrase in clause.alternatives)
    )
    theirs = set(question_keys.split())
    return bool(theirs) and held / plan.total >= share and len(theirs & plan.keys) / len(theirs) >= share


def shares(plan: Plan, held: Mapping[str, set[str]]) -> dict[str, float]:
    """Per name (an interview), the share of the question's weight its matched keys cover."""
    weighed = list(zip(plan.clause_keys, plan.weights, strict=True))
    return {name: sum([w for keys, w in weighed if keys & got]) / plan.total for name, got in held.items()}


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


def occurrences(padded_keys: str, phrase: Phrase) -> list[int]:
    """Token positions where a phrase starts in ``" " + keys + " "`` (keys joined by spaces).

    Searching the joined string runs at C speed; a passage's keys are never split into a list.
    """
    needle = " " + " ".join(phrase) + " "
    found = []
    start = padded_keys.find(needle)
    while start != -1:
        found.append(padded_keys.count(" ", 0, start))
        start = padded_keys.find(needle, start + len(needle) - 1)
    return found


SHORT_SENTENCE = 80  # an answering sentence shorter than this brings the next one with it


def answering_sentences(plan: Plan, text: str, spans: Sequence[tuple[int, int, str]]) -> str:
    """The sentence (or two) of a passage that answers the question best (``answering_range``)."""
    first, count = answering_range(plan, text, spans)
    return sentences_of(text, first, count)


def sentences_of(text: str, first: int, count: int, sentences: Sequence[str] | None = None) -> str:
    """Sentences ``first`` to ``first + count`` of a passage (its whole text for a count of 0);
    ``sentences``: the passage's ``split_sentences``, when already split."""
    if not count:
        return text.strip()
    return " ".join((split_sentences(text) if sentences is None else sentences)[first : first + count])


def sentence_ends(text: str, sentences: Sequence[str]) -> list[int]:
    """Where each of a passage's sentences ends in its text."""
    bounds, at = [], 0
    for sentence in sentences:
        start = text.find(sentence, at)
        start = at if start == -1 else start
        at = start + len(sentence)
        bounds.append(at)
    return bounds


def answering_range(
    plan: Plan,
    text: str,
    spans: Sequence[tuple[int, int, str]],
    sentences: Sequence[str] | None = None,
    bounds: Sequence[int] | None = None,
) -> tuple[int, int]:
    """(first sentence, how many) of the sentence (or two) that answers the question best: the
    one whose words hold the most of the question's weight (each clause once), and a number
    when the question asks for one; the first of equals. ``spans`` are the passage's (start,
    end, key) words; ``sentences`` its ``split_sentences``, when already split, and ``bounds``
    their ``sentence_ends``. (0, 0) for a passage of one sentence: the passage is its own answer."""
    if sentences is None:
        sentences = split_sentences(text)
    if len(sentences) <= 1:
        return 0, 0
    if bounds is None:
        bounds = sentence_ends(text, sentences)
    keys: list[set[str]] = [set() for _ in sentences]  # per sentence, the question's keys it holds
    index, last, bound, asked = 0, len(bounds) - 1, bounds[0], plan.keys
    for start, _, key in spans:
        if key in asked:
            while index < last and start >= bound:
                index += 1
                bound = bounds[index]
            keys[index].add(key)
    heaviest = max(plan.weights, default=0.0)
    values = []
    for sentence, held in zip(sentences, keys, strict=True):
        value = (
            sum([w for keys, w in zip(plan.clause_keys, plan.weights, strict=True) if keys & held])
            if held
            else 0
        )
        if plan.wants_number and value and any(map(str.isdigit, sentence)):
            value += heaviest / 2
        values.append(value)
    best = values.index(max(values))  # the first of equals
    return best, 2 if len(sentences[best]) < SHORT_SENTENCE and best + 1 < len(sentences) else 1
