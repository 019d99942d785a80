"""The meaning signal: associations learned from question–answer pairs, on constructed data."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from benchmarks import train_meaning
from bot.analysis.analyzer import Analyzer
from bot.library.interview import parse_interview
from bot.search.meaning import (
    ARTEFACT,
    SYNONYMS,
    Associations,
    MeaningError,
    Pair,
    interview_pairs,
    pairs_from_files,
    reader_pairs,
)

TOPICS = ("orchard", "glacier", "violin", "harbour", "quarry", "comet", "ferry", "loom")


def synthetic_pairs() -> list[Pair]:
    """Eight made-up interviews: asking about cost is answered with money words, asking about
    a start with years, whatever the topic; each topic word appears with its own answer only."""
    pairs: list[Pair] = []
    for i, topic in enumerate(TOPICS):
        pairs.append((["cost", topic], ["toman", "million", topic, f"detail{i}", "said"]))
        pairs.append((["begin", topic], ["year", "first", topic, f"story{i}", "said"]))
        pairs.append(([topic, "plan"], [topic, "next", f"hope{i}", "said"]))
    return pairs


@pytest.fixture(scope="module")
def model() -> Associations:
    return Associations.train(synthetic_pairs())


def test_a_paraphrase_scores_above_an_unrelated_passage(model: Associations) -> None:
    # «cost» is nowhere in either passage: only what it was learnt to lead to tells them apart.
    about_money = ["toman", "bakery", "price"]
    unrelated = ["rain", "bakery", "weather"]
    assert model.soft_overlap(["cost", "bakery"], about_money) > model.soft_overlap(
        ["cost", "bakery"], unrelated
    )
    assert model.soft_overlap(["begin"], ["year", "school"]) > model.soft_overlap(
        ["begin"], ["toman", "school"]
    )


def test_exact_matches_count_fully_and_the_score_is_a_share(model: Associations) -> None:
    assert model.soft_overlap(["cost", "orchard"], ["cost", "orchard"]) == 1.0
    assert model.soft_overlap(["unknown"], ["toman"]) == 0.0
    assert model.soft_overlap([], ["toman"]) == 0.0
    score = model.soft_overlap(["cost", "unknown"], ["toman"])
    assert 0.0 < score <= 0.5


def test_weights_decide_which_query_keys_count(model: Associations) -> None:
    assert model.soft_overlap(["cost", "unknown"], ["toman"], {"cost": 1.0}) > 0.5
    assert model.soft_overlap(["cost", "unknown"], ["toman"], {"unknown": 1.0}) == 0.0


def test_one_pairs_co_occurrences_are_not_kept(model: Associations) -> None:
    # «detail3» met «cost» once, with «orchard»: a topic's detail, not what «cost» means.
    assert "detail3" not in model.table.get("cost", {})
    assert model.table["cost"].get("toman") == 1.0 or model.table["cost"].get("million") == 1.0


def test_expand_lists_answer_keys_the_question_leads_to(model: Associations) -> None:
    expanded = model.expand(["cost", "violin"], k=3)
    keys = [key for key, _ in expanded]
    assert {"toman", "million"} <= set(keys)
    assert "cost" not in keys and "violin" not in keys
    assert all(0 < weight <= 1 for _, weight in expanded)
    assert [w for _, w in expanded] == sorted((w for _, w in expanded), reverse=True)
    assert model.expand(["unknown"], k=5) == []
    assert model.expand(["cost"], k=0) == []


def test_training_is_deterministic() -> None:
    first, second = Associations.train(synthetic_pairs()), Associations.train(synthetic_pairs())
    assert first == second
    assert first.to_json() == second.to_json()


def test_no_usable_pairs_give_an_empty_table() -> None:
    empty = Associations.train([([], ["a"]), (["q"], [])])
    assert len(empty) == 0
    assert empty.soft_overlap(["q"], ["a"]) == 0.0


def test_save_and_load_round_trip_to_the_same_bytes(model: Associations, tmp_path: Path) -> None:
    path = tmp_path / "deep" / "meaning.json.gz"
    model.save(path)
    loaded = Associations.load(path)
    assert loaded == model
    again = tmp_path / "again.json.gz"
    loaded.save(again)
    assert again.read_bytes() == path.read_bytes()


def test_a_missing_or_broken_file_says_so_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(MeaningError, match="no association table"):
        Associations.load(tmp_path / "absent.json.gz")
    broken = tmp_path / "broken.json.gz"
    broken.write_bytes(b"not gzip at all")
    with pytest.raises(MeaningError, match="not an association table"):
        Associations.load(broken)
    for payload in (b'{"format": 1, "table": []}', b'{"format": 1, "table": {"a": {"b": "x"}}}', b"[1]"):
        broken.write_bytes(gzip.compress(payload))
        with pytest.raises(MeaningError, match="not an association table"):
            Associations.load(broken)


INTERVIEW = """---
id: baker
title: نان و تنور
interviewee: نانوای آزمایشی
---
## Lead

گفت‌وگویی ساختگی با یک نانوا.

## Q: هزینهٔ آرد برای شما چقدر است؟

هر کیسه آرد دویست هزار تومان است. تنور ما هیزمی است.

## Q: از چه سالی نانوایی می‌کنید؟

از سال ۱۳۷۰ در همین محله نان می‌پزیم.
"""

QUESTIONS = (
    "id\tclass\tquestion\texpected\tquestion-phrase\n"
    "baker-01\tpara\tپول آرد چند است؟\tدویست هزار تومان\tهزینهٔ آرد\n"
    "baker-02\tnone\tهوا چطور است؟\t\t\n"
    "baker-03\tpara\tاز کی نان می‌پزید؟\tسال ۱۳۷۰\tاز چه سالی\n"
)


def test_pairs_come_from_an_interview_and_its_readers(analyzer: Analyzer, tmp_path: Path) -> None:
    interview = parse_interview(INTERVIEW)
    pairs = interview_pairs(interview, analyzer)
    assert len(pairs) == 2
    assert analyzer.analyze("آرد")[0] in pairs[0][0] and analyzer.analyze("تومان")[0] in pairs[0][1]
    tsv = tmp_path / "baker.questions.tsv"
    tsv.write_text(QUESTIONS, encoding="utf-8")
    readers = reader_pairs(tsv, interview, analyzer)
    assert len(readers) == 2  # the question with nothing expected is left out
    assert analyzer.analyze("پول")[0] in readers[0][0]
    assert analyzer.analyze("تنور")[0] in readers[0][1]  # the whole passage, not only the phrase
    assert "1370" in readers[1][1]


@pytest.mark.skipif(
    not train_meaning.DEV.is_dir(), reason="the development corpus is not beside the repository"
)
def test_the_committed_table_is_the_trainers_output(analyzer: Analyzer) -> None:
    assert Associations.load() == train_meaning.build(analyzer=analyzer)
    assert ARTEFACT.stat().st_size < 2_000_000


def test_without_exact_matches_only_what_associations_add_counts(model: Associations) -> None:
    assert model.soft_overlap(["cost", "orchard"], ["cost", "orchard"], exact=False) == 0.0
    with_word = model.soft_overlap(["cost", "bakery"], ["toman", "bakery"], exact=False)
    assert 0.0 < with_word == model.soft_overlap(["cost", "bakery"], ["toman", "bakery"]) - 0.5


def test_wordnet_synonyms_are_keys_that_share_a_synset(analyzer: Analyzer, tmp_path: Path) -> None:
    tab = tmp_path / "wn-data-test.tab"
    tab.write_text(
        "# a constructed wordnet\ttest\turl\tlicence\n"
        "00000001-n\tlemma\tکودک\n00000001-n\tlemma\tبچه\n00000001-n\tlemma\tطفل\n"
        "00000002-n\tlemma\tسنگ\n"  # alone in its synset: no synonym
        "00000003-v\tlemma\tراه رفتن آهسته\n00000003-v\tlemma\tخرامید\n",  # several keys: left out
        encoding="utf-8",
    )
    synonyms = Associations.from_wordnet(tab, analyzer)
    child, kid = analyzer.analyze("کودک")[0], analyzer.analyze("بچه")[0]
    assert synonyms.table[child][kid] == 1.0 and synonyms.table[kid][child] == 1.0
    assert analyzer.analyze("سنگ")[0] not in synonyms.table
    assert analyzer.analyze("خرامید")[0] not in synonyms.table
    assert synonyms.soft_overlap([child], [kid, "x"], exact=False) == 1.0


def test_the_shipped_synonyms_load_and_go_both_ways() -> None:
    synonyms = Associations.load(SYNONYMS)
    assert len(synonyms) > 1000
    assert all(key in synonyms.table[other] for key, row in synonyms.table.items() for other in row)


def test_overlaps_score_many_passages_as_soft_overlap_scores_each(model: Associations) -> None:
    passages = [["toman", "bakery"], ["rain"], [], ["cost"]]
    query = ["cost", "bakery", "unknown"]
    assert model.overlaps(query, passages) == [model.soft_overlap(query, p) for p in passages]
    assert model.overlaps([], passages) == [0.0] * 4


def test_pairs_from_files_read_each_interview_and_its_questions(analyzer: Analyzer, tmp_path: Path) -> None:
    (tmp_path / "baker.md").write_text(INTERVIEW, encoding="utf-8")
    assert len(pairs_from_files([tmp_path / "baker.md"], analyzer)) == 2  # no questions file yet
    (tmp_path / "baker.questions.tsv").write_text(QUESTIONS, encoding="utf-8")
    assert len(pairs_from_files([tmp_path / "baker.md"], analyzer)) == 4
    assert len(pairs_from_files([tmp_path / "baker.md"], analyzer, readers=False)) == 2
