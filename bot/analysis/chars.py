"""Characters and tokens: the char filters every text goes through, and the tokenizer.

Pure functions of strings, with no data behind them: the stemmer's dictionary reading, the
analyzer chain and the importer's repairs all fold and split text with these.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

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


def token_spans(text: str) -> list[tuple[int, int]]:
    """Where ``tokenize``'s words lie in ``text`` (start, end), for cutting the text as written."""
    return [m.span() for m in _TOKEN.finditer(text)]


# --- token filters: list[str] -> list[str] --------------------------------------------------

# Written apart (space or ZWNJ) or together, these belong to the word beside them.
PREFIX_TOKENS = frozenset({"می", "نمی"})
SUFFIX_TOKENS = frozenset(
    {
        "ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان", "هایشان",
        "تر", "ترین", "ای", "ام", "ایم", "اید", "اند",
        # spoken: «بچه‌هاشون», «خونه‌مون», «عکسا‌رو» typed with a ZWNJ or a space
        "هاشون", "هامون", "هاتون", "هاش", "هام", "هات", "هاشو", "هامو", "هاتو", "هارو",
        "مون", "تون", "شون",
    }
)  # fmt: skip


# After a silent «ه», the indefinite «ای», the copulas and the pronoun «ام» are written apart
# («خانواده‌ای», «خسته‌ایم», «رفته‌اند»). Glued on, «ه» + «ای» reads as the plural «های»: «خانوادهای»
# was cut to «خانواد», «رایانه‌ای» to the vote «رای». The word is kept alone; what it drops says
# nothing a search can use (and a verb's perfect form «رفته» is read as the verb all the same).
# The importer's ZWNJ repair sets the same endings apart, in this order.
AFTER_SILENT_HEH = ("اند", "ای", "ام", "ایم", "اید")


def join_affixes(tokens: list[str]) -> list[str]:
    """«می شود» → «میشود», «برنامه ها» → «برنامهها»: one word whatever the spacing."""
    out: list[str] = []
    pending_prefix = ""
    for token in tokens:
        if token in PREFIX_TOKENS:
            pending_prefix += token
            continue
        if token in SUFFIX_TOKENS and out and not pending_prefix:
            if token not in AFTER_SILENT_HEH or not out[-1].endswith("ه"):
                out[-1] += token
            continue
        out.append(pending_prefix + token)
        pending_prefix = ""
    if pending_prefix:
        out.append(pending_prefix)
    return out


# A word in original text, kashida, harakat and ZWNJ-joined parts included.
WORD_SPAN = re.compile(r"[\w\u0640\u064b-\u065f\u0670]+(?:\u200c[\w\u0640\u064b-\u065f\u0670]+)*")


def read_word_list(path: Path) -> list[str]:
    """One entry per line; blank lines and ``#`` comments ignored."""
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.append(line)
    return words


def surface_words(text: str) -> list[str]:
    """The analysis chain's first three stages, in their one order: the char filters (``fold``),
    the tokenizer, and affixes joined to their words. Every reader of words starts here."""
    return join_affixes(tokenize(fold(text)))
