"""The phrasebook: small talk and follow-ups read through the analyzer, from an editable file."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.analysis.analyzer import Analyzer
from bot.conversation.smalltalk import Kind, PhrasebookError, load_phrasebook


def book(tmp_path: Path, analyzer: Analyzer, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "smalltalk.txt"
    path.write_text(text, encoding="utf-8")
    return load_phrasebook(path, analyzer.plain_words)


def test_an_editor_adds_a_phrase_and_it_matches_in_every_spelling(tmp_path: Path, analyzer: Analyzer) -> None:
    phrases = book(tmp_path, analyzer, "[greeting]\nسلام علیکم\n[thanks]\nبی‌نهایت سپاسگزارم\n[filler]\nجان\n")
    assert phrases.read("سلام عليكم") == phrases.read("سلام علیکم")  # Arabic letters
    said = phrases.read("سلام علیکم جان")
    assert said is not None and said.kind is Kind.GREETING and not said.english
    for typed in ("بی‌نهایت سپاسگزارم", "بینهایت سپاسگزارم", "بی نهایت سپاسگزارم"):  # ZWNJ, none, a space
        said = phrases.read(typed)
        assert said is not None and said.kind is Kind.THANKS, typed


def test_anything_beyond_the_phrases_is_a_question(tmp_path: Path, analyzer: Analyzer) -> None:
    phrases = book(tmp_path, analyzer, "[greeting]\nسلام\n[next]\nادامه\n")
    assert phrases.read("سلام، به کدام کشورها سفر کردید؟") is None
    assert phrases.read("ادامه دیپلماسی شهری") is None
    assert phrases.read("") is None and phrases.read("؟!") is None


def test_a_follow_up_wins_over_the_pleasantries_around_it(tmp_path: Path, analyzer: Analyzer) -> None:
    phrases = book(tmp_path, analyzer, "[thanks]\nمرسی\n[next]\nادامه بده\n")
    said = phrases.read("مرسی، ادامه بده")
    assert said is not None and said.kind is Kind.NEXT


def test_english_sections_are_answered_in_english(tmp_path: Path, analyzer: Analyzer) -> None:
    phrases = book(tmp_path, analyzer, "[greeting]\nsalam\n[greeting:en]\nhello\n")
    english, finglish = phrases.read("Hello!"), phrases.read("salam")
    assert english is not None and english.english
    assert finglish is not None and not finglish.english


@pytest.mark.parametrize(
    ("text", "problem"),
    [("سلام\n", "before any [section]"), ("[greetings]\nسلام\n", "unknown section [greetings]")],
)
def test_a_broken_file_names_its_line(tmp_path: Path, analyzer: Analyzer, text: str, problem: str) -> None:
    with pytest.raises(PhrasebookError, match=r"smalltalk\.txt:\d+: .*" + problem.replace("[", r"\[")):
        book(tmp_path, analyzer, text)
