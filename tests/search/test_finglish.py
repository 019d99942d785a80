"""Finglish read onto the library's own words."""

from __future__ import annotations

import pytest

from bot.search.finglish import (
    Transliterator,
    latin_skeleton,
    looks_english,
    persian_skeleton,
    read_as_persian,
)

LIBRARY = [
    ("سیم", 3), ("سام", 1), ("دماوند", 2), ("برلین", 4), ("خانه", 5), ("تار", 2), ("تیر", 9), ("چند", 100),
    ("chatgpt", 2), ("n95", 1), ("نیروی", 3), ("قاسمی", 2), ("موتور", 2), ("متری", 4),
]  # fmt: skip


@pytest.fixture
def words() -> Transliterator:
    return Transliterator(LIBRARY)


@pytest.mark.parametrize(
    ("latin", "persian"),
    [("sim", "سیم"), ("damavand", "دماوند"), ("Berlin", "برلین"), ("khane", "خانه"), ("tar", "تار"),
     ("ghasemi", "قاسمی"), ("qasemi", "قاسمی"), ("motor", "موتور"), ("chand", "چند")],
)  # fmt: skip
def test_a_latin_word_finds_the_librarys_spelling(words: Transliterator, latin: str, persian: str) -> None:
    assert words.persian(latin) == persian


def test_both_sides_reduce_to_one_skeleton() -> None:
    assert latin_skeleton("damavand") == persian_skeleton("دماوند") == "dmnd"
    assert latin_skeleton("khaneh") == persian_skeleton("خانه") == "Xn"


def test_a_word_sharing_only_its_consonants_is_not_taken(words: Transliterator) -> None:
    assert words.persian("near") is None  # «نیروی» has the skeleton, not the sound


def test_latin_terms_the_text_writes_in_latin_stay(words: Transliterator) -> None:
    assert read_as_persian("ChatGPT va N95", words) == "ChatGPT و N95"


def test_an_english_question_keeps_its_names_and_drops_its_function_words(words: Transliterator) -> None:
    assert looks_english("what did he say about Berlin?")
    assert not looks_english("se tar chand ta sim dare?") and not looks_english("سفر به Berlin")
    assert read_as_persian("what about Berlin", words).split() == ["برلین"]
    # An English word with no Persian spelling in the library is dropped, not searched as written:
    # a word the library lacks would weigh as the rarest and sink the name beside it.
    assert read_as_persian("what did Berlin say", words).split() == ["برلین"]
    assert read_as_persian("ketab Berlin say", words).split()[-1] == "say"  # Finglish keeps it


def test_codes_and_lone_letters_stay_as_written(words: Transliterator) -> None:
    assert read_as_persian("ویتامین b5 و eu3 و ویتامین k", words) == "ویتامین b5 و eu3 و ویتامین k"
