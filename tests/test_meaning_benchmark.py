"""The meaning benchmark counts what it claims: first results before and after a re-ranking whose
weight is chosen on the other interviews only, and the AUC of a feature."""

from __future__ import annotations

from benchmarks.dev import Question
from benchmarks.meaning import Asked, Ranked, auc, loo_rerank

EMPTY: frozenset[str] = frozenset()


def asked(interview: str, number: int, right_at: int, marked: int) -> Asked:
    """A question whose search put the right passage at ``right_at`` among three, scored
    1.0, 0.9, 0.8; the passage at ``marked`` holds the key «hint»."""
    keys = [(frozenset({"hint"}) if i == marked else EMPTY, EMPTY) for i in range(3)]
    ranked = Ranked([1.0, 0.9, 0.8], keys, [i == right_at for i in range(3)])
    question = Question(f"{interview}-{number:02}", "para", "?", ("x",))
    return Asked(question, interview, ["hint"], ranked, ranked)


def hint(a: Asked, body: frozenset[str], _: frozenset[str]) -> float:
    return float("hint" in body)


def test_a_feature_that_marks_the_right_passage_is_given_weight_and_moves_it_first() -> None:
    questions = [asked(name, n, right_at=1, marked=1) for name in ("a", "b", "c") for n in range(3)]
    counts, chosen = loo_rerank(questions, hint, gated=True)
    assert counts["para"] == [0, 9, 9]  # none first before; all first after
    assert all(w > 0.1 for w in chosen)  # enough to overcome a 0.1 gap in score


def test_a_misleading_feature_gets_no_weight_from_the_other_interviews() -> None:
    # It marks a wrong passage; the first result is already right.
    questions = [asked(name, n, right_at=0, marked=2) for name in ("a", "b") for n in range(2)]
    counts, chosen = loo_rerank(questions, hint, gated=True)
    assert counts["para"] == [4, 4, 4]
    assert chosen == [0.0, 0.0]


def test_the_weight_for_an_interview_is_chosen_without_it() -> None:
    # Interview «a» alone is helped by the feature, «b» and «c» are hurt: held out, «a» gets
    # the weight the others choose (none), and stays where it was.
    questions = [asked("a", n, right_at=1, marked=1) for n in range(3)]
    questions += [asked(name, n, right_at=0, marked=1) for name in ("b", "c") for n in range(3)]
    counts, chosen = loo_rerank(questions, hint, gated=True)
    assert chosen[0] == 0.0
    assert counts["para"][0] == 6 and counts["para"][1] == 6


def test_auc_counts_wins_and_half_ties() -> None:
    assert auc([3, 2], [1]) == 1.0
    assert auc([1], [1]) == 0.5
    assert auc([0], [1, 2]) == 0.0
