"""Scoring as pure functions: positions, distances, the proximity bonus and clause weights."""

from __future__ import annotations

from bot.search.query import Clause
from bot.search.scoring import clause_weight, idf, min_distance, occurrences, proximity


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
