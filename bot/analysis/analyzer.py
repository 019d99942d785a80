"""The Persian analyzer: one chain of small steps that turns text into search keys.

The same chain runs over passages when the index is built and over every query, so whatever a
user types (Arabic keyboard, no ZWNJ, kashida, Persian or Latin digits, an inflected form) folds
to the keys the passages were indexed under. The whole chain is ``chars.CHAR_FILTERS``,
``chars.tokenize`` and ``Analyzer.token_filters``; each step is a plain function tested on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path

from bot.analysis.cache import load_lexicon
from bot.analysis.chars import WORD_SPAN, fold, join_affixes, read_word_list, tokenize
from bot.analysis.numbers import numbers_to_digits
from bot.analysis.stemmer import Lexicon


@dataclass(frozen=True, eq=False)  # one per process: hashed by identity (answers are cached by it)
class Analyzer:
    """The analysis chain, built once: char filters, tokenizer, token filters.

    ``analyze`` is what the index and the query path both call.
    """

    stopwords: frozenset[str]
    lexicon: Lexicon
    _stem: Callable[[str], str] = field(init=False, repr=False, compare=False)
    key: Callable[[str], str | None] = field(init=False, repr=False, compare=False)
    spans: Callable[[str], tuple[tuple[int, int, str], ...]] = field(init=False, repr=False, compare=False)
    _plain: Callable[[str], tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Caches per analyzer: words repeat a lot, in passages and in what is highlighted.
        stem = partial(self.lexicon.stem, keep=self.stopwords)
        object.__setattr__(self, "_stem", lru_cache(maxsize=200_000)(stem))
        object.__setattr__(self, "key", lru_cache(maxsize=100_000)(self._key))
        object.__setattr__(self, "spans", lru_cache(maxsize=4096)(self._spans))
        # Every message is read for small talk first, and readers repeat each other's questions.
        object.__setattr__(self, "_plain", lru_cache(maxsize=4096)(self._plain_words))

    def drop_stopwords(self, tokens: list[str]) -> list[str]:
        # A lone letter («ی» typed apart, an initial) carries no meaning a search can use.
        return [t for t in tokens if t not in self.stopwords and (len(t) > 1 or t.isdigit())]

    def stem(self, tokens: list[str]) -> list[str]:
        return [self._stem(t) for t in tokens]

    def formalize(self, tokens: list[str]) -> list[str]:
        """Colloquial words in their written form: «اومده» → «آمده», «دیگه» → «دیگر»."""
        informal = self.lexicon.informal
        if informal.keys().isdisjoint(tokens):  # most written text: one pass in C
            return tokens
        out: list[str] = []
        for token in tokens:
            written = informal.get(token)
            if written is None:
                out.append(token)
            else:
                out.extend(written)
        return out

    # The token filters, named once, in order. ``plain_words``, ``words`` and ``analyze`` each
    # run the chain up to one of these points.
    @property
    def plain_filters(self) -> tuple[Callable[[list[str]], list[str]], ...]:
        return (join_affixes, self.formalize)

    @property
    def written_filters(self) -> tuple[Callable[[list[str]], list[str]], ...]:
        # Numbers are read before stop words go: «و» joins «صد و بیست», «یک» counts in «یک و نیم».
        return (*self.plain_filters, numbers_to_digits, self.drop_stopwords)

    @property
    def token_filters(self) -> tuple[Callable[[list[str]], list[str]], ...]:
        # Stop words are dropped before stemming (their listed forms) and after it (an
        # inflected stop word such as «کردیم» stems to the listed «کرد»).
        return (*self.written_filters, self.stem, self.drop_stopwords)

    @staticmethod
    def run(text: str, filters: tuple[Callable[[list[str]], list[str]], ...]) -> list[str]:
        """The char filters and the tokenizer, then ``filters``."""
        tokens = tokenize(fold(text))
        for token_filter in filters:
            tokens = token_filter(tokens)
        return tokens

    def analyze(self, text: str) -> list[str]:
        return self.run(text, self.token_filters)

    def words(self, text: str) -> list[str]:
        """The chain up to the stemmer: folded, affix-joined words without stop words, as
        written. Search gives a passage that has a question's exact words a bonus over one that
        only shares their stems."""
        return self.run(text, self.written_filters)

    def plain_words(self, text: str) -> list[str]:
        """Folded, affix-joined words in their written form, stop words kept: for matching whole
        phrases («تو کی هستی») rather than searching."""
        return list(self._plain(text))

    def _plain_words(self, text: str) -> tuple[str, ...]:
        return tuple(self.run(text, self.plain_filters))

    def keys(self, words: list[str]) -> list[str]:
        """The rest of the chain: ``analyze(text) == keys(words(text))``, for a caller that needs both.

        ``drop_stopwords(stem(words))`` in one pass: a word the stemmer leaves alone already
        passed the stop-word filter.
        """
        stem, stopwords = self._stem, self.stopwords
        keys = []
        for word in words:
            key = stem(word)
            if key == word or (key not in stopwords and (len(key) > 1 or key.isdigit())):
                keys.append(key)
        return keys

    def _key(self, word: str) -> str | None:
        """The key of one word, or None for a stop word or a word with no letters."""
        keys = self.analyze(word)
        return keys[0] if len(keys) == 1 else None

    def word_spans(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, key) for each word of the original text that has a key: for bolding."""
        for match in WORD_SPAN.finditer(text):
            key = self.key(match.group())
            if key:
                yield match.start(), match.end(), key

    def _spans(self, text: str) -> tuple[tuple[int, int, str], ...]:
        """``word_spans`` of a passage, kept: the same answers are highlighted again and again."""
        return tuple(self.word_spans(text))


def load_stopwords(path: Path) -> frozenset[str]:
    """Stop words from an editable list, folded and joined like the text they are dropped from."""
    return frozenset(key for word in read_word_list(path) for key in join_affixes(tokenize(fold(word))))


def build_analyzer(stopwords_path: Path) -> Analyzer:
    return Analyzer(stopwords=load_stopwords(stopwords_path), lexicon=load_lexicon())


def unique(keys: Iterable[str]) -> list[str]:
    """Keys in first-seen order without repeats."""
    return list(dict.fromkeys(keys))
