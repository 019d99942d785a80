"""The public sets' training half (issue 23): split by paragraph, the same on every run, never a
ParsiNLU question or paragraph; in the trainer, always trained on and never a fold."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

import benchmarks.learn as learn
from benchmarks.learn import Example, Settings, cross_validate, fit, held_out
from benchmarks.public_half import GROUP, TRAIN_SETS, rows, split, training_half
from benchmarks.retrieval import DATA, Question, load
from bot.search.ranking import Model
from tests.helpers import ROOT
from tests.search.test_ranking import toy_examples
from tests.test_benchmarks import _tiny_data


def pooled() -> tuple[list[str], list[Question]]:
    """Forty paragraphs, three questions each; ParsiNLU shares paragraphs 30 to 34 with PersianQA."""
    paragraphs = [f"بند شماره {n} درباره موضوع {n * 7 % 13}" for n in range(40)]
    questions = []
    for n in range(40):
        for k in range(3):
            source = "PersianQA" if n < 20 else "PersianQuAD" if n < 30 else "ParsiNLU"
            questions.append(Question(f"پرسش {k} درباره بند {n}", n, source))
    questions += [Question(f"پرسش دیگر درباره بند {n}", n, "PersianQA") for n in range(30, 35)]
    return paragraphs, questions


def test_the_half_is_a_function_of_the_paragraphs_text_alone() -> None:
    paragraphs, questions = pooled()
    assert split(paragraphs, questions) == split(list(paragraphs), list(questions))
    # The same text, wherever it stands in the pool, is in the same half: no order, no seed.
    assert [training_half(p) for p in paragraphs] == [training_half(p) for p in reversed(paragraphs)][::-1]
    # A hash, not Python's per-process ``hash``: these halves are the same on every machine.
    assert [training_half(p) for p in ("الف", "ب", "پ", "ت", "ث", "ج")] == [
        False,
        True,
        True,
        False,
        False,
        True,
    ]
    assert 0 < sum(map(training_half, paragraphs)) < len(paragraphs)  # both halves have paragraphs


def test_every_question_is_in_exactly_one_part_and_no_paragraph_in_both() -> None:
    paragraphs, questions = pooled()
    train, untouched = split(paragraphs, questions)
    assert sorted(train + untouched, key=questions.index) == questions
    assert {q.paragraph for q in train}.isdisjoint({q.paragraph for q in untouched})
    assert train and all(training_half(paragraphs[q.paragraph]) for q in train)


def test_parsinlu_is_never_trained_on_nor_a_paragraph_it_shares() -> None:
    paragraphs, questions = pooled()
    train, untouched = split(paragraphs, questions)
    assert all(q.source in TRAIN_SETS for q in train)
    assert [q for q in questions if q.source == "ParsiNLU"] == [
        q for q in untouched if q.source == "ParsiNLU"
    ]
    shared = range(30, 35)  # PersianQA questions on ParsiNLU's paragraphs: untouched, whatever the hash
    assert not any(q.paragraph in shared for q in train)
    assert any(training_half(paragraphs[n]) for n in shared)  # the rule, not the hash, kept them out


def test_the_trainers_rows_name_the_paragraph_as_the_right_passage() -> None:
    paragraphs, questions = pooled()
    train, _ = split(paragraphs, questions)
    made = rows(train)
    assert {r[0] for r in made} == {GROUP} and len({r[1] for r in made}) == len(made)
    assert [(r[3], r[4], r[5]) for r in made] == [(q.text, (str(q.paragraph),), True) for q in train]


@pytest.mark.skipif(not DATA.is_dir(), reason="no public benchmark data")
def test_on_the_real_sets_about_half_of_each_development_set_trains() -> None:
    paragraphs, questions = load(DATA)
    train, untouched = split(paragraphs, questions)
    assert not any(q.source == "ParsiNLU" for q in train)
    for source in TRAIN_SETS:
        every = {q.paragraph for q in questions if q.source == source}
        trained = {q.paragraph for q in train if q.source == source}
        assert 0.3 < len(trained) / len(every) < 0.7, source
    assert {q.paragraph for q in train}.isdisjoint({q.paragraph for q in untouched})


def public(examples: list[Example]) -> list[Example]:
    return [replace(e, group=GROUP, id=f"p{e.id}") for e in examples if e.kind != "none"]


def test_the_training_half_is_never_a_fold_and_always_in_training(monkeypatch: pytest.MonkeyPatch) -> None:
    examples = toy_examples() + public(toy_examples())
    seen: list[set[str]] = []
    real = learn.fit

    def spy(train: list[Example], s: Settings) -> learn.Fitted:
        seen.append({e.group for e in train})
        return real(train, s)

    monkeypatch.setattr(learn, "fit", spy)
    outcomes = held_out(examples, Settings(pool=6, public_weight=0.5))
    assert len(seen) == 3 and all(GROUP in groups and len(groups) == 3 for groups in seen)
    assert not any(o.example.group == GROUP for o in outcomes)
    assert len(outcomes) == len(toy_examples())


def test_weight_zero_trains_the_model_the_interviews_alone_train() -> None:
    alone = fit(toy_examples(), Settings(pool=6)).model
    assert fit(toy_examples() + public(toy_examples()), Settings(pool=6)).model == alone
    weighted = fit(toy_examples() + public(toy_examples()), Settings(pool=6, public_weight=1.0)).model
    assert weighted.rank != alone.rank  # a weight above zero trains on them
    both = Settings(pool=6, public_weight=1.0, public_answer=True)
    assert (
        fit(toy_examples() + public(toy_examples()), both).model.answer != weighted.answer
    )  # answer model too


def test_without_the_walk_only_the_regularization_and_the_weight_are_chosen() -> None:
    examples = toy_examples() + public(toy_examples())
    kept = ("coverage", "window")
    previous = Settings(features=kept, pool=6)
    chosen = cross_validate(examples, previous=previous, weights=(0.0, 0.5), walk=False)
    assert chosen.settings.features == kept and chosen.settings.public_weight in (0.0, 0.5)
    assert not chosen.ablation


def test_the_model_records_the_public_weight_only_when_it_was_trained_with_one() -> None:
    model = fit(toy_examples() + public(toy_examples()), Settings(pool=6, public_weight=0.05)).model
    data = model.to_json()
    assert (data["public_weight"], data["public_answer"]) == (0.05, False)
    assert Model.from_json(json.loads(json.dumps(data))) == Model.from_json(data)
    assert Model.from_json(data).public_weight == 0.05
    assert (
        "public_weight" not in fit(toy_examples(), Settings(pool=6)).model.to_json()
    )  # older files unchanged


def test_the_retrieval_benchmark_reports_the_untouched_questions_alone(tmp_path: Path) -> None:
    _tiny_data(tmp_path)
    paragraphs, questions = load(tmp_path)
    train, untouched = split(paragraphs, questions)
    command = [sys.executable, "-m", "benchmarks.retrieval", "--untouched", "--data", str(tmp_path)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"({len(untouched)} of 4; {len(train)} in the training half)" in done.stdout
    assert "ParsiNLU 1 " in done.stdout  # held out: always untouched
    rows = [line for line in done.stdout.splitlines() if line.startswith("| committed")]
    assert len(rows) == 1 and f"1.000 ({len(untouched)})" in rows[0]  # each question names its paragraph
