"""Scoring as pure functions: positions, distances, the proximity bonus and clause weights."""

from __future__ import annotations

from bot.analysis.analyzer import Analyzer
from bot.search.query import Clause
from bot.search.scoring import (
    Plan,
    answering_sentences,
    clause_weight,
    idf,
    min_distance,
    occurrences,
    proximity,
)


def test_occurrences_are_token_positions_of_a_phrase() -> None:
    padded = " سفر وین برلین سفر کرد "
    assert occurrences(padded, ("سفر",)) == [0, 3]
    assert occurrences(padded, ("وین", "برلین")) == [1]
    assert occurrences(padded, ("پاریس",)) == []


def test_min_distance_walks_two_sorted_lists() -> None:
    assert min_distance([1, 10], [4, 12]) == 2
    assert min_distance([5], [5]) == 0


def test_proximity_rewards_neighbours_by_the_lighter_weight() -> None:
    assert proximity([(2.0, [0]), (1.0, [1])]) == 1.0
    assert proximity([(2.0, [0]), (1.0, [4])]) == 0.25
    assert proximity([(2.0, [0])]) == 0.0


def test_a_clause_weighs_as_its_rarest_known_alternative_and_an_unknown_one_as_the_rarest() -> None:
    doc_freq = {"سفر": 10, "مسافرت": 2}
    both = Clause({("سفر",): 1.0, ("مسافرت",): 0.9})
    assert clause_weight(both, doc_freq, 100) == idf(2, 100)
    assert clause_weight(Clause({("پاریس",): 1.0}), doc_freq, 100) == idf(0, 100)
    assert idf(0, 100) > idf(2, 100) > idf(10, 100)


def plan_of(weights: dict[str, float], wants_number: bool = False) -> Plan:
    clauses = [Clause({(key,): 1.0}) for key in weights]
    return Plan(
        clauses, "x", list(weights.values()), sum(weights.values()), [], wants_number, frozenset(weights)
    )


def spans_of(analyzer: Analyzer, text: str) -> tuple[tuple[int, int, str], ...]:
    return analyzer.spans(text)


def test_the_answering_sentence_holds_the_most_of_the_question(analyzer: Analyzer) -> None:
    text = (
        "سفر ما از تهران شروع شد و همه چیز را از پیش آماده کرده بودیم تا هیچ روزی هدر نرود."
        " در وین چهار روز ماندیم و با شهرداران دیدار کردیم و گزارش‌های زیادی شنیدیم."
        " برلین را هم دیدیم و بعد به تهران برگشتیم و گزارش سفر را نوشتیم."
    )
    vienna, day = analyzer.analyze("وین")[0], analyzer.analyze("روز")[0]
    assert answering_sentences(plan_of({vienna: 2.0, day: 1.0}), text, spans_of(analyzer, text)).startswith(
        "در وین چهار روز"
    )
    # A short answering sentence brings the next with it: one line alone is often half an answer.
    short = "وین زیبا بود. در آن‌جا چهار روز ماندیم و با شهرداران دیدار کردیم. بعد به برلین رفتیم."
    answer = answering_sentences(plan_of({vienna: 2.0}), short, spans_of(analyzer, short))
    assert answer == "وین زیبا بود. در آن‌جا چهار روز ماندیم و با شهرداران دیدار کردیم."
    assert answering_sentences(plan_of({vienna: 1.0}), "وین.", spans_of(analyzer, "وین.")) == "وین."


def test_asked_how_many_the_sentence_with_a_number_answers(analyzer: Analyzer) -> None:
    text = (
        "شهرداران زیادی از کشورهای مختلف به اجلاس آمده بودند و از برنامه‌هایشان گفتند و گفتیم."
        " در این اجلاس ۴۰ شهردار حضور داشتند و از تجربه‌هایشان در اداره شهرها گفتند."
    )
    mayor = analyzer.analyze("شهردار")[0]
    plain = answering_sentences(plan_of({mayor: 1.0}), text, spans_of(analyzer, text))
    counted = answering_sentences(plan_of({mayor: 1.0}, wants_number=True), text, spans_of(analyzer, text))
    assert plain.startswith("شهرداران زیادی") and counted.startswith("در این اجلاس ۴۰ شهردار")
