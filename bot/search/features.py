"""The ranking stage's features: what each candidate passage is measured by, each named once.

Retrieval hands in candidates (FTS5's best by its own bm25); here each is measured against the
parsed question, once, as a row of named numbers (``FEATURES``). The learned model in
``ranking`` weighs them; nothing here is a weight. Sums of clause weights are divided by the
question's total weight, so a feature means the same for a short and a long question.

BM25 is written once (``bm25``) and serves every field: the passage's body, the interviewer's
question, the end of the passage before, and the words as written.
"""

from __future__ import annotations

import math
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass

from bot.search.index import Candidate
from bot.search.intent import ASKING, intent_of
from bot.search.meaning import Associations
from bot.search.scoring import Plan, asks_its_question, idf, min_distance, occurrences, proximity, shares
from bot.settings import SearchSettings

FEATURES = (
    "bm25_body",  # BM25 of the question's clauses over the passage's keys
    "bm25_question",  # … over the interviewer's question
    "bm25_context",  # … over the end of the passage before, in the same answer
    "bm25_written",  # … of the question's words as written over the passage's words as written
    "coverage",  # share of the question's weight the passage (any field) matches
    "coverage_body",  # … its body alone
    "proximity",  # matched words standing close together
    "lead_words",  # question words the passage opens with
    "number_near",  # a number near the question's words, when the question asks for one
    "window",  # the most of the question's weight any short stretch of the body holds (its best sentence)
    "question_recall",  # share of the interviewer's question (by rarity) the reader's question holds
    "verbatim",  # the reader asks the interviewer's question nearly verbatim; this passage opens its answer
    "intent_match",  # the interviewer asked for what the reader asks (a reason, a person, an amount…)
    "intent_other",  # the interviewer asked for something else
    "is_lead",  # the passage is the interview's lead, not an answer
    "first_of_answer",  # the passage opens its answer
    "char_overlap",  # share of the question's words (by rarity) whose character 4-grams the passage holds
    "unmatched_rarity",  # the rarest question word the passage lacks, by the library's counts
    "unmatched_background",  # … by a background list of Persian word frequencies
    "interview_share",  # share of the question's weight the passage's interview matches among the candidates
    "answer_agreement",  # share of the first ten candidates from the same answer
    "answer_coverage",  # share of the question's weight the candidates from the same answer match together
    "retrieval_rank",  # 1 / (1 + FTS5's rank of the passage)
    "meaning_passage",  # share of the question (by rarity) the passage matches, by keys or associations
    "meaning_question",  # … the interviewer's question's keys
)
MEANING = ("meaning_passage", "meaning_question")
WINDOW = 12  # keys: about a sentence
AGREEMENT = 10  # candidates that vote on which answer the question is about
GRAM = 4
VERBATIM = 0.6  # this much of each question in the other: the reader asks the interviewer's question


@dataclass(frozen=True, slots=True)
class Library:
    """What the features read from the open index."""

    doc_freq: Mapping[str, int]
    size: int
    average_length: float
    average_words: float
    number_keys: frozenset[str]


def bm25(tf: float, norm: float, k1: float) -> float:
    """The one BM25 saturation: ``tf`` occurrences in a field ``norm`` times its average length."""
    return tf * (k1 + 1) / (tf + k1 * norm) if tf else 0.0


def length_norm(length: int, average: float, b: float) -> float:
    return 1.0 - b + b * length / average


def char_grams(word: str) -> tuple[str, ...]:
    """A word's character 4-grams (the word itself when shorter): «زعفرون» meets «زعفران» by «زعف»…"""
    if len(word) <= GRAM:
        return (word,)
    return tuple(word[i : i + GRAM] for i in range(len(word) - GRAM + 1))


def measure(
    plan: Plan,
    c: Candidate,
    library: Library,
    settings: SearchSettings,
    meaning: Associations | None = None,
    needed: Container[str] = FEATURES,
) -> list[float]:
    """One candidate's features, in ``FEATURES`` order, except the ones that compare candidates
    (interview share, agreement, rank), which ``measure_all`` fills in. The costly ones that no
    model reads (not in ``needed``) are left 0: the trainer measures all, the bot what it uses."""
    k1, total = settings.bm25_k1, plan.total
    length = c.body_keys.count(" ") + 1 if c.body_keys else 0
    norm = length_norm(length, library.average_length, settings.bm25_b)
    body, question, context = f" {c.body_keys} ", f" {c.question_keys} ", f" {c.context} "
    f_body = f_question = f_context = covered = covered_body = lead = 0.0
    unmatched = unmatched_background = 0.0
    placed: list[tuple[float, list[int]]] = []
    for i, (clause, weight) in enumerate(zip(plan.clauses, plan.weights, strict=True)):
        s_body = s_question = s_context = share_any = share_body = best_lead = 0.0
        best_at: list[int] = []
        for phrase, share in clause.alternatives.items():
            at = occurrences(body, phrase)
            in_question = len(occurrences(question, phrase))
            in_context = len(occurrences(context, phrase)) if c.context else 0
            if at:
                value = share * bm25(len(at), norm, k1)
                if value > s_body:
                    s_body, best_at = value, at
                share_body = max(share_body, share)
                best_lead = max(best_lead, share / (1 + at[0]))
            if in_question:
                s_question = max(s_question, share * bm25(in_question, 1.0, k1))
            if in_context:
                s_context = max(s_context, share * bm25(in_context, 1.0, k1))
            if at or in_question or in_context:
                share_any = max(share_any, share)
        f_body += weight * s_body
        f_question += weight * s_question
        f_context += weight * s_context
        covered += weight * share_any
        covered_body += weight * share_body
        lead += weight * best_lead
        if best_at:
            placed.append((weight, best_at))
        if not share_any:
            unmatched = max(unmatched, weight)
            unmatched_background = max(unmatched_background, plan.background[i] if plan.background else 0.0)
    number = 0.0
    if plan.wants_number and placed:
        numbers = [i for i, k in enumerate(c.body_keys.split(" ")) if k.isdigit() or k in library.number_keys]
        if numbers:
            number = 1.0 / max(1, min(min_distance(numbers, at) for _, at in placed))
    asked = intent_of(c.question) if plan.intent is not None else None
    return [
        f_body / total,
        f_question / total,
        f_context / total,
        written(plan, c.words, library, settings),
        covered / total,
        covered_body / total,
        proximity(placed) / total,
        lead / total,
        number,
        window(placed, WINDOW) / total,
        question_recall(plan, c.question_keys, library),
        float(
            "verbatim" in needed and c.position == 1 and asks_its_question(plan, c.question_keys, VERBATIM)
        ),
        float(asked is not None and asked is plan.intent),
        float(asked is not None and asked is not plan.intent),
        float(c.question is None),
        float(c.position == 1),
        char_overlap(plan, c.words),
        unmatched / idf(0, library.size),
        unmatched_background,
        0.0,
        0.0,
        0.0,
        0.0,
        *meaning_overlaps(plan, c.question_keys, c.body_keys, meaning, "meaning_question" in needed),
    ]


def meaning_overlaps(
    plan: Plan, question_keys: str, body_keys: str, meaning: Associations | None, with_question: bool = True
) -> tuple[float, float]:
    """The meaning signal's soft overlap of the question with the passage and with the
    interviewer's question (a key held counts 1, else its strongest association held)."""
    if meaning is None or not meaning.table:
        return 0.0, 0.0
    asked, weights = plan.asked
    return (
        meaning.soft_overlap(asked, frozenset(body_keys.split()), weights),
        meaning.soft_overlap(asked, frozenset(question_keys.split()), weights) if with_question else 0.0,
    )


def measure_all(
    plan: Plan,
    candidates: Sequence[Candidate],
    library: Library,
    settings: SearchSettings,
    meaning: Associations | None = None,
    needed: Container[str] = FEATURES,
) -> list[list[float]]:
    """Every candidate's features (those a model reads: ``needed``); candidates in retrieval's order."""
    rows = [measure(plan, c, library, settings, meaning, needed) for c in candidates]
    held: dict[str, set[str]] = {}  # per interview, the keys any of its candidates matched
    answers: dict[str, set[str]] = {}  # per answer, likewise
    for c in candidates:
        text = f" {c.question_keys} {c.body_keys} {c.context} "
        got = {k for k in plan.keys if f" {k} " in text}
        held.setdefault(c.interview, set()).update(got)
        answers.setdefault(f"{c.interview}\n{c.question}", set()).update(got)
    share, answer_share = shares(plan, held), shares(plan, answers)
    voters = [(c.interview, c.question) for c in candidates[:AGREEMENT]]
    at = FEATURES.index("interview_share")
    for rank, (c, row) in enumerate(zip(candidates, rows, strict=True)):
        row[at] = share[c.interview]
        row[at + 1] = voters.count((c.interview, c.question)) / len(voters)
        row[at + 2] = answer_share[f"{c.interview}\n{c.question}"]
        row[at + 3] = 1.0 / (1 + rank)
    return rows


def written(plan: Plan, words: str, library: Library, settings: SearchSettings) -> float:
    """BM25 of the question's words as written over the passage's words as written, as a share
    of the most those words could score."""
    if not plan.words:
        return 0.0
    norm = length_norm(words.count(" ") + 1, library.average_words, settings.bm25_b)
    padded = f" {words} "
    score = sum(
        rarity * bm25(padded.count(f" {word} "), norm, settings.bm25_k1) for word, rarity in plan.words
    )
    return score / sum(rarity for _, rarity in plan.words)


def window(placed: Sequence[tuple[float, list[int]]], width: int) -> float:
    """The most clause weight any ``width`` consecutive keys hold, each clause once."""
    events = sorted((at, i) for i, (_, positions) in enumerate(placed) for at in positions)
    best = 0.0
    start = 0
    inside: dict[int, int] = {}
    for at, clause in events:
        inside[clause] = inside.get(clause, 0) + 1
        while at - events[start][0] >= width:
            gone = events[start][1]
            inside[gone] -= 1
            if not inside[gone]:
                del inside[gone]
            start += 1
        best = max(best, sum(placed[i][0] for i in inside))
    return best


def question_recall(plan: Plan, question_keys: str, library: Library) -> float:
    """Share of the interviewer's question, each key by its rarity, that the reader's question
    holds; words that only say what is asked («دلیل») left out (``intent_match`` reads those)."""
    theirs = set(question_keys.split()) - ASKING
    if not theirs:
        return 0.0
    rarity = {k: idf(library.doc_freq.get(k, 0), library.size) for k in theirs}
    return sum(r for k, r in rarity.items() if k in plan.keys) / sum(rarity.values())


def char_overlap(plan: Plan, words: str) -> float:
    """Share of the question's words (by rarity) most of whose character 4-grams the passage's
    words hold: inflections, colloquial spellings and typos the keys missed."""
    if not plan.grams:
        return 0.0
    held = sum(w for w, grams in plan.grams if 2 * sum(g in words for g in grams) >= len(grams))
    return held / sum(w for w, _ in plan.grams)


def background_rarity(count: int, total: int) -> float:
    """0 for the commonest words of Persian, 1 for a word the background list never saw."""
    return min(1.0, -math.log((count + 1) / (total + 1)) / math.log(total + 1))
