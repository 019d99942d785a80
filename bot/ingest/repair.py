"""Repairs of text as a PDF extractor or a careless keyboard gives it: kashida, mirrored «» and (),
punctuation spacing, Latin digits, missing ZWNJ, Arabic ي/ك, lines in reversed word order. Each
repair is a small function over a line or a word, tested on its own."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from itertools import pairwise

from bot.analysis import dictionary
from bot.analysis.cache import load_lexicon
from bot.analysis.chars import AFTER_SILENT_HEH, ZWNJ, fold

BULLETS = ("ëë", "■", "●", "◆", "▪", "•")
KASHIDA = "\u0640"
NON_JOINING = set("اآأإدذرزژوؤء")  # letters that do not join to the next one: no ZWNJ needed after them
TERMINAL = (".", "؟", "?", "!", ":", "»", "…")
# A Persian letter (with its marks): not «،», «؛», «؟», the Arabic block's digits or «٪».
LETTER = r"[\u0621-\u065f\u0670-\u06d3\u06d5-\u06ef\u06fa-\u06ff]"


# --- character and word repairs ----------------------------------------------------------------


def strip_kashida(text: str) -> str:
    return text.replace(KASHIDA, "")


def strip_bullet(line: str) -> tuple[bool, str]:
    stripped = line.strip()
    for bullet in BULLETS:
        if stripped.startswith(bullet):
            return True, stripped[len(bullet) :].strip()
    return False, stripped


def unmirror(text: str) -> str:
    """«» and () the right way round when the extractor gave them in visual order (»…« and )…()."""
    opening, closing = text.find("«"), text.find("»")
    if closing != -1 and (opening == -1 or closing < opening):
        text = text.replace("«", "\0").replace("»", "«").replace("\0", "»")
    opening, closing = text.find("("), text.find(")")
    if closing != -1 and (opening == -1 or closing < opening):
        text = text.replace("(", "\0").replace(")", "(").replace("\0", ")")
    return text


def fix_punctuation_spacing(text: str) -> str:
    """«میرلوحی ،عضو» → «میرلوحی، عضو»; «کنند.موضوعی» → «کنند. موضوعی»."""
    text = re.sub(r"\s+([،؛,:.!؟])(?=\S)", r"\1 ", text)
    text = re.sub(r"\s+([،؛!؟])", r"\1", text)
    text = re.sub(r"(?<=[\u0600-\u06ff])([.،؛؟!])(?=[\u0600-\u06ff])", r"\1 ", text)
    return text


def persian_digits(text: str) -> str:
    """Latin digits inside Persian text become Persian digits; a Latin-only text, a code written
    with Latin letters («N95», «COVID-19», «H2O») and a version after a Latin name («Unreal
    Engine 5», «Apache 2.0») keep theirs."""

    def convert(match: re.Match[str]) -> str:
        if match.group("name"):
            return match.group()
        return match.group().translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))

    if not re.search(r"[\u0600-\u06ff]", text):
        return text
    return re.sub(
        r"(?P<name>(?<![A-Za-z])[A-Za-z]{2,} (?=\d+(?:\.\d+)*(?![\d.]*[\u0600-\u06ff])))?"
        r"(?<![A-Za-z\d])(?<![A-Za-z]-)(?<!\d\.)\d+(?:\.\d+)*(?![A-Za-z\d])",
        convert,
        text,
    )


@cache
def zwnj_words() -> dict[str, str]:
    """hazm's words written with ZWNJ, keyed by their spelling without it."""
    words: dict[str, str] = {}
    for word, count in dictionary.word_counts().items():
        if ZWNJ in word and not word.startswith(ZWNJ) and not word.endswith(ZWNJ) and ZWNJ * 2 not in word:
            joined = word.replace(ZWNJ, "")
            if joined not in words or count > dictionary.word_counts()[words[joined]]:
                words[joined] = word
    return words


def known(word: str) -> bool:
    """A word of the language: listed by hazm, or a listed word with an inflection."""
    lexicon = load_lexicon()
    key = fold(word)
    return key in lexicon.verb_lemma or lexicon.frequency.get(lexicon.stem(key), 0) > 0


# Plural endings set apart when hazm knows the stem. Comparatives («بیشتر», «فیلتر» is no
# comparative) are written joined as often as apart: only hazm's own spelling sets them apart.
PLURALS = ("هایی", "های", "ها")
# Demonstratives with «ها» are as often written joined as apart: the writer's choice stands.
JOINED_BY_CUSTOM = frozenset({"آنها", "اینها", "آنهایی", "اینهایی"})


def _join(stem: str, suffix: str) -> str:
    """Attach a suffix, with a ZWNJ where the stem's last letter would otherwise join it."""
    if stem and stem[-1] not in NON_JOINING:
        return stem + ZWNJ + suffix
    return stem + suffix


def _prefer_zwnj(word: str) -> str | None:
    """hazm's ZWNJ spelling of a word, when hazm's counts prefer it to the joined one."""
    spelled = zwnj_words().get(word)
    if spelled is None:
        return None
    joined, apart = dictionary.word_counts().get(word, -1), dictionary.word_counts()[spelled]
    return spelled if apart > joined or apart == joined == 0 else None


def repair_word(word: str, damaged: bool = True) -> str:
    """Put back a missing ZWNJ (or a missing space after «و»/«در») in one word.

    Only what PDF extraction loses: a word the language writes joined (آنکه، سخنرانی) stays, and
    a word that has a ZWNJ is as its writer spelled it. A verb's «می» is always set apart; the
    rest (hazm's spellings, plural and comparative endings, «و»/«در» glued on) only when
    ``damaged``: in a text that has its ZWNJ, a joined word is the writer's choice («کوهنورد»).
    """
    if ZWNJ in word or not re.fullmatch(f"{LETTER}+", word) or len(word) < 3:
        return word
    lexicon = load_lexicon()
    for prefix in ("نمی", "می"):  # «میشود»: a verb's prefix is always set apart
        rest = word[len(prefix) :]
        folded = fold(rest)
        verb = folded in lexicon.verb_lemma or folded in lexicon.bare_verbs  # «گویند»
        if word.startswith(prefix) and len(rest) >= 2 and verb:
            return prefix + ZWNJ + rest
    if not damaged:
        return word
    preferred = _prefer_zwnj(word)
    if preferred is not None:
        return preferred
    for suffix in ("یی", "ی"):  # «گفتوگویی»
        stem = _prefer_zwnj(word[: -len(suffix)]) if word.endswith(suffix) else None
        if stem:
            return stem + suffix
    if dictionary.word_counts().get(word, 0) > 0 or word in JOINED_BY_CUSTOM:  # written joined: leave it
        return word
    counts = dictionary.word_counts()
    for suffix in PLURALS:  # «رسانهها», «کلانشهرها»; «انتهای» is «انتها» + «ی», not «انت» + «های»
        stem = word[: -len(suffix)]
        if counts.get(word[:-1], 0) > counts.get(stem, 0):
            break
        if word.endswith(suffix) and len(stem) >= 2 and (known(stem) or stem in zwnj_words()):
            return _join(_prefer_zwnj(stem) or stem, suffix)
    for suffix in AFTER_SILENT_HEH:  # «شدهاند»
        stem = word[: -len(suffix)]
        if counts.get(word[:-1], 0) > counts.get(stem, 0):
            break
        if word.endswith(suffix) and stem.endswith("ه") and len(stem) >= 2 and known(stem):
            return stem + ZWNJ + suffix
    for particle in ("و", "در"):  # «واقتصاد», «ودر», «درشهرها»
        rest = word[len(particle) :]
        if word.startswith(particle) and len(rest) >= 2 and known(rest) and not known(word):
            return f"{particle} {repair_word(rest, damaged)}"
    return word


def repair_words(text: str, damaged: bool = True) -> str:
    """Each word repaired; a word is its letters with the ZWNJ inside it («حمل‌ونقل» is one)."""
    return re.sub(f"(?:{LETTER}|\u200c)+", lambda m: repair_word(m.group(), damaged), text)


def zwnj_damaged(text: str) -> bool:
    """Whether a text lost its ZWNJ: more of its words would be repaired than carry a ZWNJ. A
    clean text, most of whose words that take a ZWNJ have it, is left as its writer spelled it."""
    words = re.findall(f"(?:{LETTER}|\u200c)+", text)
    carried = sum(1 for w in words if ZWNJ in w.strip(ZWNJ))
    changed = {w for w in set(words) if ZWNJ not in w and repair_word(w, True) != w}
    return sum(1 for w in words if w in changed) > carried


# --- reversed lines ----------------------------------------------------------------------------


def bigrams(lines: list[str]) -> Counter[tuple[str, str]]:
    counts: Counter[tuple[str, str]] = Counter()
    for line in lines:
        words = line.split()
        counts.update(pairwise(words))
    return counts


def looks_reversed(line: str, context: Counter[tuple[str, str]]) -> bool:
    """Double spaces between words are the extractor's tell; the rest of the text decides."""
    words = line.split()
    if "  " not in line.strip() or len(words) < 3:
        return False
    forward = sum(context[pair] for pair in pairwise(words))
    backward = sum(context[pair] for pair in pairwise(words[::-1]))
    return backward >= forward


# --- reading the page ----------------------------------------------------------------------------


def clean_line(line: str) -> str:
    return " ".join(strip_kashida(line).split())


ARABIC_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})  # typed on an Arabic keyboard


def repair(text: str, damaged: bool = True) -> str:
    """Every in-line repair, in order; ``damaged`` as ``zwnj_damaged`` says of the whole text."""
    text = unmirror(text.translate(ARABIC_LETTERS))
    text = fix_punctuation_spacing(text)
    text = repair_words(text, damaged)
    text = persian_digits(text)
    return " ".join(text.split())
