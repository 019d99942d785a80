"""From a user's question to what the index is asked: clauses of alternative keys.

The question goes through the same analyzer as the passages; then each key becomes a clause,
a set of alternatives that each count for a share of a match:

- the key itself (1.0), and its synonyms from ``config/synonyms.txt`` (1.0);
- for a key the index has never seen: indexed words a few edits away, two letters swapped counting
  as one (typos: «ترامب», «برلن», «تارمپ»), and a split into two indexed words («گفتوگو» →
  «گفت» «وگو»), or into a stop word and an indexed word (ZWNJ left out: «بینالمللی» →
  «المللی», as «بین‌المللی» is indexed), at ``typo_weight``.

Typo alternatives are only sought for unknown keys, so they never outrank an exact match.
The FTS5 expression is built from keys alone, each in double quotes: no user text reaches MATCH.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise, product
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.analysis.analyzer import Analyzer
from bot.analysis.chars import read_word_list, surface_words
from bot.analysis.stemmer import CLITIC_ENDINGS, PRONOUN_ENDINGS

Phrase = tuple[str, ...]
MAX_FUZZY_WORDS = 8  # typo and split look-ups scan the vocabulary: a few per question
STOP_PART = 3  # a stop word glued to a word: «بین» in «بینالمللی», but not «با» in «بامداد»
SYNONYM_WEIGHT = 0.9  # a synonym finds the passage, but the word the user typed ranks first


@dataclass(frozen=True)
class Clause:
    """One word of the question: its alternatives (phrases of keys) with their weights."""

    alternatives: Mapping[Phrase, float]

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(k for phrase in self.alternatives for k in phrase)


@dataclass(frozen=True)
class Synonyms:
    """Rules read from the synonyms file: each maps a phrase of keys to alternative phrases."""

    rules: Mapping[Phrase, tuple[Phrase, ...]]
    replace: frozenset[Phrase]  # one-way variants: the variant itself is not searched

    @property
    def longest(self) -> int:
        return max((len(p) for p in self.rules), default=0)


class SynonymsError(ValueError):
    pass


def load_synonyms(path: Path, analyzer: Analyzer) -> Synonyms:
    rules: dict[Phrase, list[Phrase]] = {}
    replace: set[Phrase] = set()
    if not path.exists():
        return Synonyms({}, frozenset())
    for number, line in enumerate(read_word_list(path), start=1):
        if "=>" in line:
            left, _, right = line.partition("=>")
            sources = [tuple(analyzer.analyze(left))]
            targets = [tuple(analyzer.analyze(right))]
            replace.update(sources)
        else:
            sources = targets = [tuple(analyzer.analyze(part)) for part in line.split(",")]
        if any(not p for p in sources + targets) or len(sources + targets) < 2:
            raise SynonymsError(f"{path}: rule {number} ({line!r}) needs two sides that are not stop words")
        for source in sources:
            rules.setdefault(source, [])
            rules[source].extend(t for t in targets if t != source and t not in rules[source])
    return Synonyms({k: tuple(v) for k, v in rules.items()}, frozenset(replace))


def max_edits_for(key: str, limit: int) -> int:
    """Short words tolerate no typo (too many neighbours), long words up to ``limit``."""
    if len(key) < 4:
        return 0
    return min(limit, 1 if len(key) < 7 else 2)


def typo_alternatives(key: str, vocabulary: Sequence[str], limit: int) -> list[str]:
    edits = max_edits_for(key, limit)
    if edits == 0 or not vocabulary:
        return []
    found = process.extract(key, vocabulary, scorer=OSA.distance, score_cutoff=edits, limit=5)
    best = min((distance for _, distance, _ in found), default=0)
    return [term for term, distance, _ in found if distance == best]


MAX_GLUED = 32  # letters: longer words are not tried as two written together (linear per question)


def split_alternatives(word: str, analyzer: Analyzer, doc_freq: Mapping[str, int]) -> list[Phrase]:
    """«کلانشهر» → («کل», «شهر»): two indexed words written together without a space or ZWNJ.
    One of them may be a stop word, which the passages' keys lack: «بینالمللی» → («المللی»,),
    as «بین‌المللی» is indexed. The word as typed is split, not its key: the stemmer cuts
    the end of the whole («بینالمللی» → «بینالملل»), the index the end of its last part."""
    splits: list[Phrase] = []
    if len(word) > MAX_GLUED:  # no two words run together are this long; each cut costs the word's
        return splits  # length, so a 2,000-letter «word» took 0.5 s on the event loop
    for cut in range(2, len(word) - 1):
        left, right = analyzer.key(word[:cut]), analyzer.key(word[cut:])
        if left and right and left in doc_freq and right in doc_freq:
            splits.append((left, right))
        elif left and left in doc_freq and len(word) - cut >= STOP_PART and word[cut:] in analyzer.stopwords:
            splits.append((left,))
        elif right and right in doc_freq and cut >= STOP_PART and word[:cut] in analyzer.stopwords:
            splits.append((right,))
    return splits[:2]


# Questions that ask for a number or a date: their answer is a passage with a number near the
# question's words («چند شهردار آمده بودند» → «۴۰ شهردار از ۴ قاره»). Folded, as typed.
HOW_MANY = frozenset({"چند", "چندتا", "چندم", "چندمین", "چقدر", "چقد"})
WHICH = frozenset({"چه", "کدام", "کدوم", "چی"})
COUNTED = frozenset({"قدر", "سال", "سالی", "قرن", "قرنی", "دهه", "دههای", "تاریخ", "تاریخی", "سن", "سنی"})
NUMBER_WORDS = frozenset(
    {"دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه", "ده", "یازده", "دوازده", "سیزده", "چهارده",
     "پانزده", "شانزده", "هفده", "هجده", "نوزده", "بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد",
     "هشتاد", "نود", "صد", "دویست", "سیصد", "چهارصد", "پانصد", "هزار", "میلیون", "میلیارد"}
)  # fmt: skip


def asks_for_number(text: str) -> bool:
    """«چند», «چقدر», «چه سالی», «کدوم قرن»: the answer is a number or a date."""
    words = surface_words(text[:2000])
    return any(w in HOW_MANY for w in words) or any(a in WHICH and b in COUNTED for a, b in pairwise(words))


def glued_stopwords(word: str, analyzer: Analyzer) -> bool:
    """«چندبار», «همینجا»: two stop words typed as one; «بهش», «ازشون», «باهاش»: a stop word and
    a pronoun. Unknown to the index, such a word would weigh as the rarest word there is, and the
    question would seem to be mostly about it."""
    stop = analyzer.stopwords
    if len(word) > MAX_GLUED:
        return False
    return any(
        word[:cut] in stop and (word[cut:] in stop or word[cut:] in PRONOUN_ENDINGS)
        for cut in range(2, len(word))
    )


# Letters Persian writes alike and spells apart: one sound, several letters («حکتار» for «هکتار»,
# «قصط» for «قسط», «جایظه» for «جایزه»). The commonest misspelling there is, and OSA counts it as
# a typo at typo weight, or not at all in a word of three letters.
HOMOPHONES = ("سصث", "زذضظ", "تط", "قغ", "هح")
_SOUNDS = {letter: group for group in HOMOPHONES for letter in group}
HOMOPHONE_WEIGHT = 1.0
MAX_SPELLINGS = 256  # spellings tried per word: four letters of the larger groups


def homophone_alternatives(key: str, doc_freq: Mapping[str, int]) -> list[Phrase]:
    """The indexed keys a key may be when a letter was written for another of its sound."""
    choices = [_SOUNDS.get(letter, letter) for letter in key]
    if math.prod(len(c) for c in choices) > MAX_SPELLINGS:
        return []
    found = {"".join(spelling) for spelling in product(*choices)} - {key}
    return [(k,) for k in sorted(found) if k in doc_freq]


# Tehran's speech says «ān» as «un» and readers write it so: «زعفرون», «خیابونا», «ارزونه». hazm's
# colloquial words list some («خیابون»); any other unknown word is tried with each «ون» as «ان».
SPOKEN_UN = ("ون", "ان")


def spoken_alternatives(word: str, analyzer: Analyzer, doc_freq: Mapping[str, int]) -> list[Phrase]:
    """«زعفرونکاری» → («زعفرانکاری»'s key,): an unknown word whose «ون» is a spoken «ان», when the
    written word is an indexed key."""
    spoken, written = SPOKEN_UN
    found: list[Phrase] = []
    at = word.find(spoken)
    while at > 0:  # never the word's first letters: «ونک» is no «انک»
        key = analyzer.key(word[:at] + written + word[at + len(spoken) :])
        if key and key in doc_freq and (key,) not in found:
            found.append((key,))
        at = word.find(spoken, at + 1)
    return found


def clitic_alternatives(word: str, analyzer: Analyzer, doc_freq: Mapping[str, int]) -> list[Phrase]:
    """«گوشیامون» → («گوشی»,): a word the lexicon does not know, under a reader's plural, pronoun
    or object marker, that the library does: the fewest letters peeled that leave an indexed key."""
    for ending in CLITIC_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            key = analyzer.key(word[: -len(ending)])
            if key and key in doc_freq:
                return [(key,)]
    return []


def parse_query(
    text: str,
    analyzer: Analyzer,
    synonyms: Synonyms,
    doc_freq: Mapping[str, int],
    vocabulary: Sequence[str],
    max_edits: int,
    typo_weight: float,
) -> list[Clause]:
    # A question, not a book: bound the work. Each key keeps the word it came from, for splits.
    spelled = [(word, key) for word in analyzer.words(text[:2000]) for key in analyzer.keys([word])][:64]
    keys = [key for _, key in spelled]
    clauses: list[Clause] = []
    fuzzy_left = MAX_FUZZY_WORDS
    joined: str | None = None
    i = 0
    while i < len(keys):
        span, phrase = _longest_rule(keys, i, synonyms)
        alternatives: dict[Phrase, float] = {}
        if phrase not in synonyms.replace:
            alternatives[phrase] = 1.0
        for target in synonyms.rules.get(phrase, ()):
            alternatives.setdefault(target, SYNONYM_WEIGHT)
        # «زیر مجموعه» asked, «زیرمجموعه» written: both words may match the joined word.
        joined_before, joined = joined, None
        if span == 1:
            if joined_before:
                alternatives.setdefault((joined_before,), 1.0)
            if i + 1 < len(keys):
                together = analyzer.key(keys[i] + keys[i + 1])
                if together and together in doc_freq and together not in keys:
                    alternatives.setdefault((together,), 1.0)
                    joined = together
        unknown = span == 1 and not any(all(k in doc_freq for k in alt) for alt in alternatives)
        if unknown and glued_stopwords(spelled[i][0], analyzer):  # a stop word, though no list has it
            i += 1
            continue
        if unknown and fuzzy_left:
            fuzzy_left -= 1
            key, word = keys[i], spelled[i][0]
            # The same word, spelled as it sounds or under a reader's clitics: full weight, before
            # a typo's lower weight can claim the same key («گوشیو» is «گوشی», not a typo of it).
            for same in (
                *homophone_alternatives(key, doc_freq),
                *spoken_alternatives(word, analyzer, doc_freq),
                *clitic_alternatives(word, analyzer, doc_freq),
            ):
                alternatives.setdefault(same, HOMOPHONE_WEIGHT)
            for term in typo_alternatives(key, vocabulary, max_edits):
                alternatives.setdefault((term,), typo_weight)
            for split in split_alternatives(word, analyzer, doc_freq):  # the word, not its key
                alternatives.setdefault(split, typo_weight)
        if not any(c.alternatives == alternatives for c in clauses):  # a repeated word counts once
            clauses.append(Clause(alternatives))
        i += span
    return clauses


def _longest_rule(keys: list[str], start: int, synonyms: Synonyms) -> tuple[int, Phrase]:
    for length in range(min(synonyms.longest, len(keys) - start), 1, -1):
        phrase = tuple(keys[start : start + length])
        if phrase in synonyms.rules:
            return length, phrase
    return 1, (keys[start],)


def fts_expression(
    clauses: Sequence[Clause], doc_freq: Mapping[str, int] | None = None, budget: int = 0
) -> str:
    """An FTS5 MATCH expression: alternatives quoted, OR-ed; '' when there is nothing.

    With a ``budget``, only the rarest alternatives whose passages add up to about that many
    go into the expression (always at least one): FTS5 ranks every row an OR matches, and a
    common word matches a large share of a big library. Every clause still counts when the
    candidates are scored.
    """
    phrases = [p for p in dict.fromkeys(p for c in clauses for p in c.alternatives) if p]
    if budget and doc_freq is not None:
        by_rarity = sorted(phrases, key=lambda p: _phrase_rows(p, doc_freq))
        chosen: list[Phrase] = []
        rows = 0
        for phrase in by_rarity:
            df = _phrase_rows(phrase, doc_freq)
            if chosen and rows + df > budget:
                break
            chosen.append(phrase)
            rows += df
        phrases = chosen
    return " OR ".join(_quoted(phrase) for phrase in phrases)


def _quoted(phrase: Phrase) -> str:
    return '"' + " ".join(phrase).replace('"', '""') + '"'


def _phrase_rows(phrase: Phrase, doc_freq: Mapping[str, int]) -> int:
    return min(doc_freq.get(k, 0) for k in phrase) if phrase else 0


MAX_CONJOINED = 3  # clauses AND-ed at most: each one more narrows less and misses more


def fts_conjunctions(
    clauses: Sequence[Clause], doc_freq: Mapping[str, int], size: int, budget: int
) -> tuple[str, ...]:
    """The rarest clauses AND-ed (each one its alternatives OR-ed), the most of them first, then
    one fewer each, down to two: when even the question's rarest alternative matches more than
    ``budget`` passages; () otherwise.

    FTS5 ranks every row its expression matches, so a question whose every word is common
    («سال», «شهر») ranked tens of thousands of rows at a million passages. The passages that
    hold the two or three rarest words together are few and are the likely answers; a search
    asks for them first, then for those holding fewer of them, and falls back to
    ``fts_expression`` when they are still too few. The first conjunction takes clauses, rarest
    first, until as many passages as the budget would hold all of them were the words
    independent: at least two, at most ``MAX_CONJOINED``.
    """
    if not budget or size < 1:
        return ()
    rows = [
        (sum(_phrase_rows(p, doc_freq) for p in c.alternatives), [p for p in c.alternatives if p])
        for c in clauses
    ]
    held = sorted((r for r in rows if r[0] > 0), key=lambda r: r[0])
    rarest = min((_phrase_rows(p, doc_freq) for _, ps in held for p in ps), default=0)
    if len(held) < 2 or rarest <= budget:
        return ()
    chosen: list[str] = []
    expected = float(size)
    for count, phrases in held[:MAX_CONJOINED]:
        if len(chosen) >= 2 and expected <= budget:
            break
        alternatives = " OR ".join(_quoted(p) for p in phrases)
        chosen.append(f"({alternatives})" if len(phrases) > 1 else alternatives)
        expected *= min(count, size) / size
    return tuple(" AND ".join(chosen[:n]) for n in range(len(chosen), 1, -1))
