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
from collections.abc import Container, Sequence

from bot.search.index import Candidate
from bot.search.intent import ASKING, intent_of
from bot.search.meaning import Associations
from bot.search.prepared import Library as Library
from bot.search.prepared import Prepared, meaning_read, prepare, recall_of, theirs_held
from bot.search.scoring import Plan, idf, min_distance, proximity, shares
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
MEANING_AT = FEATURES.index("meaning_passage")  # meaning_question follows it
SHARE_AT = FEATURES.index("interview_share")  # the other three that compare candidates follow it
WINDOW = 12  # keys: about a sentence
AGREEMENT = 10  # candidates that vote on which answer the question is about
GRAM = 4
VERBATIM = 0.6  # this much of each question in the other: the reader asks the interviewer's question


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


def count(padded: str, needle: str) -> int:
    """``len(occurrences(padded, phrase))`` for ``needle`` = the phrase's padded string."""
    found, step = 0, len(needle) - 1
    start = padded.find(needle)
    while start != -1:
        found += 1
        start = padded.find(needle, start + step)
    return found


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
    row = measured(plan, prepare(plan, library), c, library, settings, needed)
    row[-2:] = meaning_overlaps(plan, c.question_keys, c.body_keys, meaning, "meaning_question" in needed)
    return row


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


def measured(
    plan: Plan,
    prep: Prepared,
    c: Candidate,
    library: Library,
    settings: SearchSettings,
    needed: Container[str],
) -> list[float]:
    """``measure`` without the meaning overlaps (left 0: ``measure_all`` reads them for every
    candidate at once), the question read once (``prep``). Every value is computed as the plain
    definitions in this module and ``scoring`` compute it, in the same order of additions
    (tests/search/test_features.py holds them to values computed before this was made faster)."""
    k1, total = settings.bm25_k1, plan.total
    k1_plus = k1 + 1
    b = settings.bm25_b
    k1_norm = k1 * (1.0 - b + b * c.length / library.average_length)  # length_norm, inline
    body, question, context = c.padded_body, c.padded_question, c.padded_context
    f_body = f_question = f_context = covered = covered_body = lead = 0.0
    unmatched = unmatched_background = 0.0
    placed: list[tuple[float, list[int]]] = []
    held_question: list[float] = []  # the weights of the clauses the interviewer's question holds
    for weight, background, alternatives in prep.clauses:
        s_body = s_question = s_context = share_any = share_body = best_lead = 0.0
        best_at: list[int] = []
        in_question = False
        for needle, share in alternatives:
            start = body.find(needle)
            if start != -1:  # ``scoring.occurrences``, inline: the positions where the phrase starts
                at = []
                step = len(needle) - 1
                while start != -1:
                    at.append(body.count(" ", 0, start))
                    start = body.find(needle, start + step)
                tf = len(at)
                value = share * (tf * k1_plus / (tf + k1_norm))  # bm25(tf, norm, k1)
                if value > s_body:
                    s_body, best_at = value, at
                if share > share_body:
                    share_body = share
                if share / (1 + at[0]) > best_lead:
                    best_lead = share / (1 + at[0])
                if share > share_any:
                    share_any = share
            if needle in question:
                in_question = True
                tf = count(question, needle)
                s_question = max(s_question, share * (tf * k1_plus / (tf + k1)))  # bm25(tf, 1.0, k1)
                if share > share_any:
                    share_any = share
            if context and needle in context:
                tf = count(context, needle)
                s_context = max(s_context, share * (tf * k1_plus / (tf + k1)))
                if share > share_any:
                    share_any = share
        f_body += weight * s_body
        f_question += weight * s_question
        f_context += weight * s_context
        covered += weight * share_any
        covered_body += weight * share_body
        lead += weight * best_lead
        if best_at:
            placed.append((weight, best_at))
        if in_question:
            held_question.append(weight)
        if not share_any:
            unmatched = max(unmatched, weight)
            unmatched_background = max(unmatched_background, background)
    number = 0.0
    if plan.wants_number and placed:
        numbers = [i for i, k in enumerate(c.body_keys.split(" ")) if k.isdigit() or k in library.number_keys]
        if numbers:
            number = 1.0 / max(1, min(min_distance(numbers, at) for _, at in placed))
    asked = intent_of(c.question) if plan.intent is not None else None
    verbatim = 0.0  # ``scoring.asks_its_question(plan, c.question_keys, VERBATIM)``, from what is read above
    if c.position == 1 and "verbatim" in needed:
        theirs = theirs_held(plan, prep, c.question_keys)
        verbatim = float(theirs >= 0 and sum(held_question) / total >= VERBATIM and theirs >= VERBATIM)
    written_score = 0.0  # ``written``, inline
    if prep.words:
        k1_words = k1 * (1.0 - b + b * c.word_count / library.average_words)
        padded = c.padded_words
        written_score = (
            sum(
                [
                    rarity * (tf * k1_plus / (tf + k1_words) if (tf := padded.count(needle)) else 0.0)
                    for needle, rarity in prep.words
                ]
            )
            / prep.words_total
        )
    return [
        f_body / total,
        f_question / total,
        f_context / total,
        written_score,
        covered / total,
        covered_body / total,
        proximity(placed) / total if len(placed) > 1 else 0.0,
        lead / total,
        number,
        window(placed, WINDOW) / total if placed else 0.0,
        recall_of(plan, prep, c.question_keys),
        verbatim,
        float(asked is not None and asked is plan.intent),
        float(asked is not None and asked is not plan.intent),
        float(c.question is None),
        float(c.position == 1),
        char_overlap(plan, c.words, prep.grams_total),
        unmatched / prep.rarest,
        unmatched_background,
        0.0,
        0.0,
        0.0,
        0.0,
        0.0,  # meaning_passage
        0.0,  # meaning_question
    ]


def measure_all(
    plan: Plan,
    candidates: Sequence[Candidate],
    library: Library,
    settings: SearchSettings,
    meaning: Associations | None = None,
    needed: Container[str] = FEATURES,
) -> list[list[float]]:
    """Every candidate's features (those a model reads: ``needed``); candidates in retrieval's order."""
    prep = prepare(plan, library)
    rows = [measured(plan, prep, c, library, settings, needed) for c in candidates]
    if meaning is not None and meaning.table and rows:  # the question read once for every candidate
        asked, weights = plan.asked
        read = meaning_read(plan, prep, meaning)
        at = MEANING_AT
        bodies = [c.body_set for c in candidates]
        for row, value in zip(rows, meaning.overlaps(asked, bodies, weights, read=read), strict=True):
            row[at] = value
        if "meaning_question" in needed:
            at = MEANING_AT + 1
            distinct = list(dict.fromkeys(c.question_keys for c in candidates))  # one per answer
            theirs = meaning.overlaps(asked, [frozenset(q.split()) for q in distinct], weights, read=read)
            value_of = dict(zip(distinct, theirs, strict=True))
            for row, c in zip(rows, candidates, strict=True):
                row[at] = value_of[c.question_keys]
    held: dict[str, set[str]] = {}  # per interview, the keys any of its candidates matched
    answers: dict[str, set[str]] = {}  # per answer, likewise
    for c in candidates:
        text = c.padded_all
        got = {k for k, needle in prep.key_needles if needle in text}
        held.setdefault(c.interview, set()).update(got)
        answers.setdefault(c.answer, set()).update(got)
    share, answer_share = shares(plan, held), shares(plan, answers)
    voters = [c.answer for c in candidates[:AGREEMENT]]  # which answer each of the first stands for
    at = SHARE_AT
    for rank, (c, row) in enumerate(zip(candidates, rows, strict=True)):
        row[at] = share[c.interview]
        row[at + 1] = voters.count(c.answer) / len(voters)
        row[at + 2] = answer_share[c.answer]
        row[at + 3] = 1.0 / (1 + rank)
    return rows


def written(
    plan: Plan, words: str, library: Library, settings: SearchSettings, prep: Prepared | None = None
) -> float:
    """BM25 of the question's words as written over the passage's words as written, as a share
    of the most those words could score."""
    if not plan.words:
        return 0.0
    norm = length_norm(words.count(" ") + 1, library.average_words, settings.bm25_b)
    padded = f" {words} "
    if prep is None:
        prep = prepare(plan, library)
    k1 = settings.bm25_k1
    score = sum([rarity * bm25(padded.count(needle), norm, k1) for needle, rarity in prep.words])
    return score / prep.words_total


def window(placed: Sequence[tuple[float, list[int]]], width: int) -> float:
    """The most clause weight any ``width`` consecutive keys hold, each clause once."""
    events = sorted([(at, i) for i, (_, positions) in enumerate(placed) for at in positions])
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
        best = max(best, sum([placed[i][0] for i in inside]))
    return best


def question_recall(
    plan: Plan, question_keys: str, library: Library, known: dict[str, float] | None = None
) -> float:
    """Share of the interviewer's question, each key by its rarity, that the reader's question
    holds; words that only say what is asked («دلیل») left out (``intent_match`` reads those).
    ``known``: keys' rarities already computed, added to."""
    theirs = set(question_keys.split()) - ASKING
    if not theirs:
        return 0.0
    if known is None:
        known = {}
    rarity = {}
    for k in theirs:
        r = known.get(k)
        if r is None:
            r = known[k] = idf(library.doc_freq.get(k, 0), library.size)
        rarity[k] = r
    return sum(r for k, r in rarity.items() if k in plan.keys) / sum(rarity.values())


def char_overlap(plan: Plan, words: str, total: float | None = None) -> float:
    """Share of the question's words (by rarity) most of whose character 4-grams the passage's
    words hold: inflections, colloquial spellings and typos the keys missed. (``total``: the
    words' rarities summed, when already known.)"""
    if not plan.grams:
        return 0.0
    held = []
    for w, grams in plan.grams:
        found = 0
        for g in grams:
            if g in words:
                found += 1
        if 2 * found >= len(grams):
            held.append(w)
    return sum(held) / (sum(w for w, _ in plan.grams) if total is None else total)


def background_rarity(count: int, total: int) -> float:
    """0 for the commonest words of Persian, 1 for a word the background list never saw."""
    return min(1.0, -math.log((count + 1) / (total + 1)) / math.log(total + 1))
