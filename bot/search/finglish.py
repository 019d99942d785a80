"""Finglish: a question in Latin letters («se tar chand ta sim dare?») read as Persian.

Finglish has no spelling: «ch» is «چ», «gh» and «q» are «غ» or «ق», short vowels are written or
not, «s» is «س», «ص» or «ث». Rather than guess one spelling, a Latin word is matched onto the
library's own vocabulary (the words its passages hold, and the stop words): both sides are
reduced to a consonant skeleton (vowels and the letters that double as vowels dropped, letters
that sound alike merged, doubles collapsed), and among the words of the same skeleton the one
closest in its vowels, then the most common, wins. So «sim» finds «سیم», «damavand» «دماوند»,
«Berlin» «برلین», and a word that only exists in the library wins over a likelier spelling that
does not. A Latin word the library holds as written («N95», «ChatGPT») is left as it is.

Measured against the PyPI package ``finglish`` (letter tables ranked by word frequency): see
BENCHMARKS.md.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

# A Latin word, not a code: «b5», «eu3», «N95» are written as they are.
LATIN_WORD = re.compile(r"(?<![\w])[A-Za-z][A-Za-z']*(?![\w])")
_DIGRAPHS = (
    ("kh", "X"),
    ("sh", "S"),
    ("ch", "C"),
    ("gh", "G"),
    ("zh", "J"),
    ("ee", "i"),
    ("oo", "u"),
    ("ou", "u"),
)
_LATIN_CONSONANT = {"q": "G", "x": "X", "c": "k", "'": ""}
_PERSIAN = {
    "ب": "b", "پ": "p", "ت": "t", "ط": "t", "ث": "s", "س": "s", "ص": "s", "ج": "j", "چ": "C",
    "ح": "h", "خ": "X", "د": "d", "ذ": "z", "ز": "z", "ض": "z", "ظ": "z", "ر": "r", "ژ": "J",
    "ش": "S", "غ": "G", "ق": "G", "ف": "f", "ک": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n",
    "ه": "h",
}  # fmt: skip
# What a Persian word's letters sound like with their vowels, for ranking words of one skeleton.
_PERSIAN_VOWELS = {"ا": "a", "آ": "a", "و": "u", "ی": "i"}
_SKELETON_DROPS = set("aeiouvwy")
MIN_SOUND_FIT = 0.6  # «safar» and «سفر» fit 0.6 (short vowels unwritten); «near» and «نیروی» 0.4

# A question in English, not Finglish: the commonest English words (folded to lower case).
ENGLISH = frozenset(
    {"what", "who", "whom", "whose", "which", "when", "where", "why", "how", "is", "are", "was", "were",
     "do", "does", "did", "the", "a", "an", "of", "in", "on", "to", "about", "for", "with", "from", "and",
     "or", "he", "she", "they", "it", "his", "her", "their", "this", "that", "there", "can", "could",
     "would", "should", "will", "say", "said", "says", "tell", "think"}
)  # fmt: skip
# Finglish's affixes and commonest small words, which a skeleton is too short to find.
SMALL_WORDS = {
    "ha": "ها", "haye": "های", "hay": "های", "hayi": "هایی", "mi": "می", "nemi": "نمی", "ro": "را",
    "ra": "را", "ke": "که", "va": "و", "o": "و", "ba": "با", "dar": "در", "az": "از", "be": "به",
    "ye": "یه", "ya": "یا", "ham": "هم", "in": "این", "oon": "اون", "un": "اون", "an": "آن",
    "chi": "چی", "che": "چه", "key": "کی", "ki": "کی", "koja": "کجا", "chera": "چرا", "chand": "چند",
    "ta": "تا", "too": "تو", "tu": "تو", "bara": "برا", "baraye": "برای", "vase": "واسه",
}  # fmt: skip


def _collapse(text: str) -> str:
    return re.sub(r"(.)\1+", r"\1", text)


def latin_form(word: str) -> str:
    """A Latin word with its digraphs as single letters: «khane» → «Xane»."""
    word = word.lower()
    for pair, single in _DIGRAPHS:
        word = word.replace(pair, single)
    return "".join(_LATIN_CONSONANT.get(c, c) for c in word)


def latin_skeleton(word: str) -> str:
    form = latin_form(word)
    if form.endswith("h"):
        form = form[:-1]  # «rah», «deh»: a final h is the silent «ه» as often as not
    return _collapse("".join(c for c in form if c not in _SKELETON_DROPS))


def persian_skeleton(word: str) -> str:
    if word.endswith("ه"):
        word = word[:-1]
    return _collapse("".join(_PERSIAN.get(c, "") for c in word))


def persian_sound(word: str) -> str:
    """The word in Latin letters with the vowels it writes: «سیم» → «sim», «خانه» → «Xane»."""
    out = [_PERSIAN.get(c) or _PERSIAN_VOWELS.get(c, "") for c in word]
    if word.endswith("ه"):
        out[-1] = "e"
    return "".join(out)


def latin_sound(word: str) -> str:
    """A Latin word with the vowels Persian writes: o, u and v as «و», i and y as «ی», a kasra
    («e» inside a word) left out as Persian leaves it: «motori» → «muturi»."""
    form = latin_form(word)
    form = form.replace("o", "u").replace("v", "u").replace("w", "u").replace("y", "i")
    return form[:-1].replace("e", "") + form[-1:] if form else form


class Transliterator:
    """The library's words by skeleton, built once per index when a question first has Latin
    words (a few hundred milliseconds for a large library, nothing for one that is never asked
    in Finglish)."""

    def __init__(self, words: Iterable[tuple[str, int]]) -> None:
        self.known: set[str] = set()
        self.by_skeleton: dict[str, list[tuple[str, int]]] = {}
        for word, count in words:
            self.known.add(word)
            skeleton = persian_skeleton(word)
            if skeleton and not word.isascii() and word.isalpha():
                self.by_skeleton.setdefault(skeleton, []).append((word, count))
        self.skeletons = list(self.by_skeleton)

    def persian(self, latin: str) -> str | None:
        """The library's word this Latin word most likely spells, or None."""
        small = SMALL_WORDS.get(latin.lower())
        if small is not None:
            return small
        if len(latin) < 2:
            return None  # «vitamin k», «e»: a letter, not a word
        skeleton = latin_skeleton(latin)
        if not skeleton:
            return None
        candidates = list(self.by_skeleton.get(skeleton, ()))
        if not candidates and len(skeleton) >= 4:
            for near, _, _ in process.extract(
                skeleton, self.skeletons, scorer=Levenshtein.distance, score_cutoff=1, limit=5
            ):
                candidates.extend(self.by_skeleton[near])
        if not candidates:
            return None
        sound = latin_sound(latin)
        fits = [(Levenshtein.normalized_similarity(sound, persian_sound(w)), w, c) for w, c in candidates]
        fit, best, _ = max(fits, key=lambda f: f[0] + 0.02 * math.log1p(f[2]))
        # A word that only shares its consonants («near» and «نیروی») is not what was typed.
        return best if fit >= MIN_SOUND_FIT else None


def looks_english(text: str) -> bool:
    """A question in English: two or more of the commonest English words, and no Persian."""
    if re.search(r"[\u0600-\u06ff]", text):
        return False
    return sum(w.lower() in ENGLISH for w in LATIN_WORD.findall(text)) >= 2


def has_latin(text: str) -> bool:
    return LATIN_WORD.search(text) is not None


def read_as_persian(text: str, transliterator: Transliterator) -> str:
    """Every Latin word the library does not hold as written, in the library's Persian. In an
    English question only names are searched: a word with no Persian spelling in the library
    («say», «girl») is dropped, since a word the library lacks would sink the names with it."""
    english = looks_english(text)

    def persian(match: re.Match[str]) -> str:
        word = match.group()
        if word.lower() in transliterator.known:
            return word
        if english and word.lower() in ENGLISH:
            return " "
        return transliterator.persian(word) or (" " if english else word)

    return LATIN_WORD.sub(persian, text)


def names_in(text: str, transliterator: Transliterator) -> list[tuple[str, str]]:
    """(Latin word, the library's word it was read as) for each Latin word of an English
    question the library holds: what the bot tells an English reader it searched for."""
    found = []
    for word in LATIN_WORD.findall(text):
        if word.lower() in ENGLISH:
            continue
        if word.lower() in transliterator.known:
            found.append((word, word))
        elif (persian := transliterator.persian(word)) is not None:
            found.append((word, persian))
    return list(dict.fromkeys(found))
