"""Number words and digits are one key, in passages and questions alike."""

from __future__ import annotations

import pytest

from bot.analysis.analyzer import Analyzer
from bot.analysis.chars import fold, join_affixes, tokenize
from bot.analysis.numbers import numbers_to_digits


def read(text: str) -> list[str]:
    return numbers_to_digits(join_affixes(tokenize(fold(text))))


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("دو کشور", ["2", "کشور"]),
        ("صد و بیست نفر", ["120", "نفر"]),
        ("سوم", ["3"]),
        ("سومین نشست", ["3", "نشست"]),
        ("چهارمین اجلاس", ["4", "اجلاس"]),
        ("سی‌ام", ["30"]),
        ("بیست و یکم", ["21"]),
        ("یک و نیم", ["1", "5"]),  # as the tokenizer reads «۱٫۵»
        ("دو و نیم میلیون", ["2", "5", "میلیون"]),
        ("سی درصد", ["30", "درصد"]),
        ("پنجاه و دو دقیقه", ["52", "دقیقه"]),
        ("سه هزار و پانصد", ["3500"]),
        ("دویست هزار نفر", ["200000", "نفر"]),
        ("هزار و سیصد و پنجاه و هفت", ["1357"]),
        ("هزار و یک شب", ["1001", "شب"]),
        ("۳ هزار", ["3000"]),
        ("سه میلیون", ["3", "میلیون"]),  # «میلیون» stays a word, as texts write «۳ میلیون»
        ("دو سه روز", ["2", "3", "روز"]),  # "two or three": two numbers, not 5
        ("صد و", ["100", "و"]),  # a «و» with no part after it is left where it was
        ("بیست و صد", ["20", "و", "100"]),  # a hundred cannot follow twenty
        ("نه هزار", ["9000"]),
    ],
)
def test_number_words_become_digits(text: str, tokens: list[str]) -> None:
    assert read(text) == tokens


@pytest.mark.parametrize(
    "text",
    [
        "یک روز",  # "a day"
        "نه، نمی‌دانم",  # "no"
        "یکم صبر کن",  # "a little"
        "اولین بار",  # "the first time" stays words: «اول» is far more often "at first"
        "سیم کارت",  # a wire, not the thirtieth
        "زمین",
        "دوستان",
    ],
)
def test_words_with_another_meaning_stay_words(text: str) -> None:
    assert read(text) == join_affixes(tokenize(fold(text)))


@pytest.mark.parametrize(
    "variants",
    [
        ["دو کشور", "۲ کشور", "2 کشور", "٢ كشور"],
        ["صد و بیست", "۱۲۰", "120"],
        ["سوم", "سومین", "۳"],
        ["یک و نیم", "۱٫۵", "1.5"],
        ["سی درصد", "۳۰ درصد", "30 درصد"],
        ["سه هزار نفر", "۳ هزار نفر", "۳۰۰۰ نفر"],
    ],
)
def test_index_and_question_agree(analyzer: Analyzer, variants: list[str]) -> None:
    assert len({tuple(analyzer.analyze(v)) for v in variants}) == 1
    assert len({tuple(analyzer.words(v)) for v in variants}) == 1


def test_text_without_numbers_is_returned_as_it_came() -> None:
    tokens = ["دیپلماسی", "شهری"]
    assert numbers_to_digits(tokens) is tokens
