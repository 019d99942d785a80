"""From a question to clauses and an FTS5 expression."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.analysis.analyzer import Analyzer
from bot.search.query import (
    asks_for_number,
    clitic_alternatives,
    fts_expression,
    glued_stopwords,
    homophone_alternatives,
)


@given(text=st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from('"*():^-'), max_size=80))
def test_fts_expression_quotes_every_phrase(text: str) -> None:
    from bot.search.query import Clause

    expression = fts_expression([Clause({(text,): 1.0})])
    if text:
        assert expression.startswith('"') and expression.endswith('"')
        assert expression[1:-1].replace('""', "").count('"') == 0


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("چند شهردار آمده بودند؟", True),
        ("چند تا شهردار اومده بودن", True),
        ("چندمین اجلاس بود؟", True),
        ("چقدر طول کشید", True),
        ("چه قدر ماندید؟", True),
        ("در چه سالی ساخته شد؟", True),
        ("كدام سال بود", True),  # Arabic keyboard
        ("کدوم قرن؟", True),
        ("به کدام کشورها سفر کردید؟", False),
        ("شهردار چه کسی بود؟", False),
        ("سال خوبی بود", False),  # a year named, not asked for
        ("", False),
    ],
)
def test_a_question_asking_for_a_number_is_recognized(text: str, asks: bool) -> None:
    assert asks_for_number(text) is asks


def test_a_readers_clitics_on_a_word_only_the_library_knows_are_peeled(analyzer: Analyzer) -> None:
    """«تیک‌تاک» is in no lexicon, so the stemmer leaves «تیکتاکمونو» whole; the index knows «تیکتاک»."""
    word = "تیکتاک"
    assert analyzer.keys([word]) == [word]
    assert clitic_alternatives(word + "مونو", analyzer, {word: 2}) == [(word,)]
    assert clitic_alternatives(word + "ش", analyzer, {word: 2}) == [(word,)]
    assert clitic_alternatives(word + "مونو", analyzer, {"دیگر": 2}) == []  # nothing indexed to peel to


@pytest.mark.parametrize("word", ["بهش", "ازشون", "براش"])
def test_a_stop_word_and_a_pronoun_typed_as_one_are_a_stop_word(analyzer: Analyzer, word: str) -> None:
    assert glued_stopwords(word, analyzer)


def test_a_word_is_not_a_stop_word_and_a_pronoun_by_its_look_alone(analyzer: Analyzer) -> None:
    assert not glued_stopwords("بامداد", analyzer)


def test_a_letter_written_for_another_of_its_sound_finds_the_indexed_word() -> None:
    """«قصط» is «قسط», «حکتار» is «هکتار»: the commonest misspelling, even in a three-letter word."""
    indexed = {"قسط": 3, "هکتار": 2, "غلط": 1}
    assert homophone_alternatives("قصط", indexed) == [("قسط",)]
    assert homophone_alternatives("حکتار", indexed) == [("هکتار",)]
    assert homophone_alternatives("قلط", indexed) == [("غلط",)]
    assert homophone_alternatives("کتاب", indexed) == []
    assert homophone_alternatives("صصصصصصصص", indexed) == []  # too many spellings to try: none
