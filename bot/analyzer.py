"""The Persian analyzer: one chain of small steps that turns text into search keys.

The same chain runs over passages when the index is built and over every query, so whatever a
user types (Arabic keyboard, no ZWNJ, kashida, Persian or Latin digits, an inflected form) folds
to the keys the passages were indexed under. The whole chain is ``Analyzer.CHAR_FILTERS``,
``tokenize`` and ``Analyzer.token_filters``; each step is a plain function tested on its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path

from bot.lexicon import Lexicon, load_lexicon

CharFilter = Callable[[str], str]

ZWNJ = "\u200c"

# --- char filters: str -> str ---------------------------------------------------------------

_SURROGATES_AND_CONTROLS = re.compile(r"[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def drop_invalid_chars(text: str) -> str:
    """Remove lone surrogates and control characters, which SQLite and UTF-8 refuse."""
    return _SURROGATES_AND_CONTROLS.sub(" ", text)


def fold_compatibility_forms(text: str) -> str:
    """NFKC: Arabic presentation forms that PDF extractors emit (ﻻ, ﺷ) become plain letters."""
    return unicodedata.normalize("NFKC", text)


_DIGITS = {
    **{0x0660 + i: str(i) for i in range(10)},  # Arabic-Indic ٠-٩
    **{0x06F0 + i: str(i) for i in range(10)},  # Persian ۰-۹
    **{0x07C0 + i: str(i) for i in range(10)},  # NKo (also right-to-left)
}


_OTHER_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9\u07c0-\u07c9]")


def fold_digits(text: str) -> str:
    """Persian and Arabic-Indic digits to 0-9, so «۴۰», «٤٠» and «40» are one key."""
    # str.translate with a dict walks every character in Python-object speed; a regex visits
    # only the digits, and most text has none.
    return _OTHER_DIGITS.sub(_latin_digit, text)


def _latin_digit(match: re.Match[str]) -> str:
    return _DIGITS[ord(match.group())]


# Harakat, superscript alef, Quranic marks, kashida (tatweel) and the hamza above.
_DIACRITICS = re.compile(r"[\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")


def strip_diacritics(text: str) -> str:
    """Remove harakat and kashida: «شــما» is «شما», «اَرّه» is «اره»."""
    return _DIACRITICS.sub("", text)


_LETTERS = (
    ("ي", "ی"),  # Arabic yeh
    ("ى", "ی"),  # alef maksura
    ("ے", "ی"),  # yeh barree
    ("ئ", "ی"),  # yeh with hamza
    ("ك", "ک"),  # Arabic kaf
    ("ة", "ه"),  # teh marbuta
    ("ۀ", "ه"),  # heh with yeh above
    ("ہ", "ه"),  # heh goal
    ("ە", "ه"),  # ae
    ("أ", "ا"),
    ("إ", "ا"),
    ("آ", "ا"),
    ("ٱ", "ا"),
    ("ؤ", "و"),
    ("ء", ""),  # a lone hamza is spelled, or not, at the writer's whim
)


def fold_letters(text: str) -> str:
    """Arabic and Persian letter forms to one form each, and Latin to lower case."""
    # A chain of replace() is C-speed on long texts, where str.translate with a dict is not.
    for letter, folded in _LETTERS:
        if letter in text:
            text = text.replace(letter, folded)
    return text.lower()


CHAR_FILTERS: tuple[CharFilter, ...] = (
    drop_invalid_chars,
    fold_compatibility_forms,
    fold_digits,
    strip_diacritics,
    fold_letters,
)


def fold(text: str) -> str:
    """Run every char filter: the canonical spelling keys are made from."""
    for char_filter in CHAR_FILTERS:
        text = char_filter(text)
    return text


# --- tokenizer ------------------------------------------------------------------------------

# Letters and digits; ZWNJ, spaces and punctuation all separate (join_affixes puts affixes back).
_TOKEN = re.compile(r"[^\W_]+")


def tokenize(folded: str) -> list[str]:
    return _TOKEN.findall(folded)


# --- token filters: list[str] -> list[str] --------------------------------------------------

# Written apart (space or ZWNJ) or together, these belong to the word beside them.
PREFIX_TOKENS = frozenset({"می", "نمی"})
SUFFIX_TOKENS = frozenset(
    {
        "ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان", "هایشان",
        "تر", "ترین", "ای", "ام", "ایم", "اید", "اند",
    }
)  # fmt: skip


def join_affixes(tokens: list[str]) -> list[str]:
    """«می شود» → «میشود», «برنامه ها» → «برنامهها»: one word whatever the spacing."""
    out: list[str] = []
    pending_prefix = ""
    for token in tokens:
        if token in PREFIX_TOKENS:
            pending_prefix += token
            continue
        if token in SUFFIX_TOKENS and out and not pending_prefix:
            out[-1] += token
            continue
        out.append(pending_prefix + token)
        pending_prefix = ""
    if pending_prefix:
        out.append(pending_prefix)
    return out


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

    def __post_init__(self) -> None:
        # Caches per analyzer: words repeat a lot, in passages and in what is highlighted.
        stem = partial(self.lexicon.stem, keep=self.stopwords)
        object.__setattr__(self, "_stem", lru_cache(maxsize=200_000)(stem))
        object.__setattr__(self, "key", lru_cache(maxsize=100_000)(self._key))
        object.__setattr__(self, "spans", lru_cache(maxsize=4096)(self._spans))

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

    @property
    def token_filters(self) -> tuple[Callable[[list[str]], list[str]], ...]:
        # Stop words are dropped before stemming (their listed forms) and after it (an
        # inflected stop word such as «کردیم» stems to the listed «کرد»).
        return (join_affixes, self.formalize, self.drop_stopwords, self.stem, self.drop_stopwords)

    def analyze(self, text: str) -> list[str]:
        tokens = tokenize(fold(text))
        for token_filter in self.token_filters:
            tokens = token_filter(tokens)
        return tokens

    def words(self, text: str) -> list[str]:
        """The chain up to the stemmer: folded, affix-joined words without stop words, as
        written. Search gives a passage that has a question's exact words a bonus over one that
        only shares their stems."""
        return self.drop_stopwords(self.formalize(join_affixes(tokenize(fold(text)))))

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
        for match in _WORD_SPAN.finditer(text):
            key = self.key(match.group())
            if key:
                yield match.start(), match.end(), key

    def _spans(self, text: str) -> tuple[tuple[int, int, str], ...]:
        """``word_spans`` of a passage, kept: the same answers are highlighted again and again."""
        return tuple(self.word_spans(text))


# A word in original text, kashida, harakat and ZWNJ-joined parts included.
_WORD_SPAN = re.compile(r"[\w\u0640\u064b-\u065f\u0670]+(?:\u200c[\w\u0640\u064b-\u065f\u0670]+)*")


def read_word_list(path: Path) -> list[str]:
    """One entry per line; blank lines and ``#`` comments ignored."""
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.append(line)
    return words


def load_stopwords(path: Path) -> frozenset[str]:
    """Stop words from an editable list, folded and joined like the text they are dropped from."""
    return frozenset(key for word in read_word_list(path) for key in join_affixes(tokenize(fold(word))))


def build_analyzer(stopwords_path: Path) -> Analyzer:
    return Analyzer(stopwords=load_stopwords(stopwords_path), lexicon=load_lexicon())


def unique(keys: Iterable[str]) -> list[str]:
    """Keys in first-seen order without repeats."""
    return list(dict.fromkeys(keys))
