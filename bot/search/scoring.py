"""Scoring, as pure functions: how well one candidate passage answers a parsed question.

BM25F over the question and body fields, each clause counted once by its best alternative, plus
the bonuses (proximity, opening words, a number near the words) and BM25 over the words as
written. Nothing here reads the index or the network: the searcher hands in what it read.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from bot.library.passages import split_sentences
from bot.search.intent import Intent
from bot.search.query import Clause, Phrase
from bot.settings import SearchSettings


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


def score(
    plan: Plan,
    question_keys: str,
    body_keys: str,
    settings: SearchSettings,
    average_length: float,
    number_keys: frozenset[str],
    context_keys: str = "",
) -> tuple[float, float, frozenset[str]]:
    """BM25F over the two fields, each clause counted once by its best alternative.

    FTS5's own bm25 cannot weigh one query term below another; here a typo or a synonym
    counts for its share, and a question that names the passage's question scores higher.
    A passage is about what it opens with: a question word adds its weight × ``lead_weight``
    / (1 + its first position), so «مجارستان کشوری در اروپای مرکزی است» leads for a question
    about Hungary over a passage that names Hungary in passing. A question asking for a
    number («چند», «چه سالی») adds ``number_weight`` × its heaviest word's weight / the
    distance from the nearest number to a question word.

    ``context_keys``, the end of the passage before in the same answer, counts
    ``context_weight`` per occurrence: «این شهرداران…» is found by the words that named them.
    """
    k1, b = settings.bm25_k1, settings.bm25_b
    length = body_keys.count(" ") + 1 if body_keys else 0
    norm = 1.0 - b + b * length / average_length
    body, question, context = f" {body_keys} ", f" {question_keys} ", f" {context_keys} "
    context_weight = settings.context_weight if context_keys else 0.0
    total = covered = 0.0
    matched: set[str] = set()
    placed: list[tuple[float, list[int]]] = []  # (weight, positions in the body) per clause
    for clause, weight in zip(plan.clauses, plan.weights, strict=True):
        best_score = best_share = best_lead = 0.0
        best_positions: list[int] = []
        for phrase, share in clause.alternatives.items():
            at = occurrences(body, phrase)
            tf = len(at) + settings.question_weight * len(occurrences(question, phrase))
            if context_weight:
                tf += context_weight * len(occurrences(context, phrase))
            if tf:
                matched.update(phrase)
                best_share = max(best_share, share)
                value = share * tf * (k1 + 1) / (tf + k1 * norm)
                if value > best_score:
                    best_score, best_positions = value, at
                if at:
                    best_lead = max(best_lead, share / (1 + at[0]))
        total += weight * (best_score + settings.lead_weight * best_lead)
        covered += weight * best_share
        if best_positions:
            placed.append((weight, best_positions))
    total += settings.proximity_weight * proximity(placed)
    if plan.wants_number and placed and settings.number_weight:
        numbers = [i for i, k in enumerate(body_keys.split(" ")) if k.isdigit() or k in number_keys]
        if numbers:
            nearest = min(min_distance(numbers, at) for _, at in placed)
            total += settings.number_weight * max(plan.weights) / max(nearest, 1)
    return total, covered, frozenset(matched)


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
    return {name: sum(w for keys, w in weighed if keys & got) / plan.total for name, got in held.items()}


def exact(
    asked: Sequence[tuple[str, float]], words: str, settings: SearchSettings, average_words: float
) -> float:
    """BM25 of the question's words as written over the passage's words as written."""
    if not asked:
        return 0.0
    k1, b = settings.bm25_k1, settings.bm25_b
    norm = 1.0 - b + b * (words.count(" ") + 1) / average_words
    padded = f" {words} "
    score = 0.0
    for word, rarity in asked:
        tf = padded.count(f" {word} ")
        if tf:
            score += rarity * tf * (k1 + 1) / (tf + k1 * norm)
    return score


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


def sentences_of(text: str, first: int, count: int) -> str:
    """Sentences ``first`` to ``first + count`` of a passage (its whole text for a count of 0)."""
    return " ".join(split_sentences(text)[first : first + count]) if count else text.strip()


def answering_range(plan: Plan, text: str, spans: Sequence[tuple[int, int, str]]) -> tuple[int, int]:
    """(first sentence, how many) of the sentence (or two) that answers the question best: the
    one whose words hold the most of the question's weight (each clause once), and a number
    when the question asks for one; the first of equals. ``spans`` are the passage's (start,
    end, key) words. (0, 0) for a passage of one sentence: the passage is its own answer."""
    sentences = split_sentences(text)
    if len(sentences) <= 1:
        return 0, 0
    bounds, at = [], 0
    for sentence in sentences:
        start = text.find(sentence, at)
        start = at if start == -1 else start
        at = start + len(sentence)
        bounds.append(at)
    keys: list[set[str]] = [set() for _ in sentences]
    index = 0
    for start, _, key in spans:
        while index < len(bounds) - 1 and start >= bounds[index]:
            index += 1
        keys[index].add(key)
    heaviest = max(plan.weights, default=0.0)
    values = []
    for sentence, held in zip(sentences, keys, strict=True):
        value = sum(w for keys, w in zip(plan.clause_keys, plan.weights, strict=True) if keys & held)
        if plan.wants_number and value and any(ch.isdigit() for ch in sentence):
            value += heaviest / 2
        values.append(value)
    best = max(range(len(sentences)), key=lambda i: (values[i], -i))
    return best, 2 if len(sentences[best]) < SHORT_SENTENCE and best + 1 < len(sentences) else 1
