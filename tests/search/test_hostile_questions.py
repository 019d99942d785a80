"""A question's work is bounded (issue 28, item 9): a 2,000-letter «word» is not tried at every
cut as two words written together (each cut analysed both halves: quadratic, 0.5 s a question)."""

from __future__ import annotations

from bot.analysis.analyzer import Analyzer, build_analyzer
from bot.search.query import glued_stopwords, split_alternatives
from bot.settings import load_settings


class Counting:
    """The analyzer, counting the keys asked of it."""

    def __init__(self, analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self.stopwords = analyzer.stopwords
        self.calls = 0

    def key(self, word: str) -> str:
        self.calls += 1
        return self.analyzer.key(word)


def test_a_very_long_word_is_not_split_at_every_letter() -> None:
    analyzer = build_analyzer(load_settings().stopwords_path)
    counting = Counting(analyzer)
    assert split_alternatives("کتاب" * 500, counting, {"کتاب": 3}) == []  # type: ignore[arg-type]
    assert counting.calls == 0  # was two keys per cut: 3,994 analyses of up to 2,000 letters
    assert not glued_stopwords("از" * 1000, analyzer)
    left, right = analyzer.key("کلان"), analyzer.key("شهر")
    assert split_alternatives("کلانشهر", analyzer, {left: 1, right: 1}) == [(left, right)]  # kept
