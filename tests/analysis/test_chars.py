"""The char filters and the tokenizer, each step alone."""

from __future__ import annotations

from bot.analysis.chars import (
    drop_invalid_chars,
    fold,
    fold_digits,
    fold_letters,
    join_affixes,
    strip_diacritics,
    tokenize,
)


def test_fold_letters_maps_arabic_forms_to_persian() -> None:
    assert fold_letters("يكى") == "یکی"
    assert fold_letters("ة ۀ") == "ه ه"
    assert fold_letters("أإآٱ") == "اااا"
    assert fold_letters("مسؤول") == "مسوول"
    assert fold_letters("UNIDO") == "unido"


def test_fold_digits_maps_persian_and_arabic_digits_to_latin() -> None:
    assert fold_digits("۴۰ و ٤٠ و 40") == "40 و 40 و 40"


def test_strip_diacritics_removes_kashida_and_harakat() -> None:
    assert strip_diacritics("شــما") == "شما"
    assert strip_diacritics("اَرّه") == "اره"


def test_drop_invalid_chars_removes_lone_surrogates_and_controls() -> None:
    assert drop_invalid_chars("a\ud800b\x00c") == "a b c"


def test_fold_turns_presentation_forms_into_letters() -> None:
    assert fold("ﺷﻬﺮ") == "شهر"


def test_tokenize_splits_at_zwnj_and_punctuation() -> None:
    assert tokenize("می\u200cشود، «برنامه‌ها»") == ["می", "شود", "برنامه", "ها"]


def test_join_affixes_glues_prefix_and_suffix_tokens() -> None:
    assert join_affixes(["می", "شود"]) == ["میشود"]
    assert join_affixes(["برنامه", "ها", "جدید"]) == ["برنامهها", "جدید"]
    assert join_affixes(["نمی", "رود"]) == ["نمیرود"]
