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


def _clauses(analyzer: Analyzer, text: str, indexed: dict[str, int]) -> list[dict[tuple[str, ...], float]]:
    from bot.search.query import Synonyms, parse_query

    clauses = parse_query(text, analyzer, Synonyms({}, frozenset()), indexed, sorted(indexed), 2, 0.7)
    return [dict(c.alternatives) for c in clauses]


def test_a_word_spelled_as_it_sounds_is_the_same_word_at_full_weight(analyzer: Analyzer) -> None:
    """Through the whole parse: «قصط» finds «قسط», «زعفرون» (Tehran's «un» for «ān») finds
    «زعفران», and «گوشیو» is «گوشی» under the spoken object marker, not a typo of it."""
    phone = analyzer.key("گوشی")
    indexed = {"قسط": 3, "زعفران": 5, phone: 4, "وام": 2}
    assert _clauses(analyzer, "قصط وام", indexed)[0][("قسط",)] == 1.0
    assert _clauses(analyzer, "زعفرون", indexed)[0][("زعفران",)] == 1.0
    assert _clauses(analyzer, "گوشیو", indexed)[0][(phone,)] == 1.0
    assert ("زعفران",) not in _clauses(analyzer, "ونزعفر", indexed)[0]  # a word's first «ون» stays


def test_spoken_un_is_tried_only_where_the_written_word_is_indexed(analyzer: Analyzer) -> None:
    from bot.search.query import spoken_alternatives

    assert spoken_alternatives("خیابونا", analyzer, {"خیابان": 1}) == [("خیابان",)]
    assert spoken_alternatives("خیابونا", analyzer, {"خیابون": 1}) == []


def test_now_and_the_arabic_article_are_no_keys(analyzer: Analyzer) -> None:
    """«الان» is a stop word, and «آلمان» is never cut to the article «ال» that Arabic names
    leave behind (it matched every «الان» and «ال‌…» in a library)."""
    assert analyzer.analyze("الان") == []
    assert analyzer.analyze("آلمان") == [analyzer.key("آلمان")] != ["ال"]
