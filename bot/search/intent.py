"""What a question asks for — a reason, a way, a person, an amount, a place, a time — read from its
question words, so a reader's «چرا …» meets the interviewer's «دلیل … چه بود» and «چه کسانی»
meets «کدام افراد».

Question words are stop words: they never reach the index's keys, so without this a reader's
«چطور» tells nothing apart. Only words whose meaning is one are read: «کی» is both "who" and
"when" in speech, so it says nothing alone.
"""

from __future__ import annotations

import enum
from functools import lru_cache
from itertools import pairwise

from bot.analysis.chars import surface_words


class Intent(enum.Enum):
    REASON = "reason"
    MANNER = "manner"
    PERSON = "person"
    AMOUNT = "amount"
    PLACE = "place"
    TIME = "time"


_WORDS = {
    Intent.REASON: {"چرا", "چراست", "چرایی", "دلیل", "دلایل", "علت", "علتش", "دلیلش", "چرااین"},
    Intent.MANNER: {"چطور", "چطوری", "چگونه", "چگونگی", "چجوری", "چجور", "چطوره"},
    Intent.PERSON: {"کیست", "کیه", "کیا", "کسی", "کسانی", "افرادی", "کسایی"},
    Intent.AMOUNT: {"چند", "چندتا", "چقدر", "چقد", "چقدره", "چنده", "میزان", "مقدار", "تعداد"},
    Intent.PLACE: {"کجا", "کجاست", "کجاس", "کجای", "کجاها", "کجایی"},
    Intent.TIME: {"زمانی", "وقتی", "موقعی", "کدوقت"},
}
# Words that ask only after «چه» / «کدام»: «چه کسی», «چه زمانی», «کدام افراد», «چه طور».
_AFTER_WHICH = {
    "طور": Intent.MANNER, "جوری": Intent.MANNER, "شکل": Intent.MANNER, "شکلی": Intent.MANNER,
    "کسی": Intent.PERSON, "کسانی": Intent.PERSON, "افرادی": Intent.PERSON, "افراد": Intent.PERSON,
    "زمانی": Intent.TIME, "وقت": Intent.TIME, "موقع": Intent.TIME, "سالی": Intent.TIME, "تاریخی": Intent.TIME,
    "مقدار": Intent.AMOUNT, "میزان": Intent.AMOUNT, "تعداد": Intent.AMOUNT, "قدر": Intent.AMOUNT,
    "جایی": Intent.PLACE, "شهری": Intent.PLACE, "کشوری": Intent.PLACE,
}  # fmt: skip
_WHICH = frozenset({"چه", "کدام", "کدوم", "چی"})
# Read alone, these ask for nothing: they ask only after «چه» / «کدام».
_ONLY_AFTER_WHICH = frozenset({"کسی", "کسانی", "افرادی", "زمانی", "وقتی", "موقعی", "میزان", "مقدار", "تعداد"})
_ALONE = {word: intent for intent, words in _WORDS.items() for word in words - _ONLY_AFTER_WHICH}
# Every word that only says what is asked («دلیل», «میزان», «کسانی»): an interviewer's «دلیل … چه بود»
# asks what a reader's «چرا» asks, though the reader never typed «دلیل».
ASKING = frozenset(word for words in _WORDS.values() for word in words) | frozenset(_AFTER_WHICH)


@lru_cache(maxsize=8192)  # interviewers' questions come back with every search
def intent_of(text: str | None) -> Intent | None:
    """The first thing the question asks for, or None when its words do not say."""
    if not text:
        return None
    words = surface_words(text[:1000])
    for i, word in enumerate(words):
        if i and words[i - 1] in _WHICH and word in _AFTER_WHICH:
            return _AFTER_WHICH[word]
        if word in _ALONE:
            return _ALONE[word]
    for first, second in pairwise(words):  # «برای چه»: a reason
        if first == "برای" and second in ("چه", "چی"):
            return Intent.REASON
    return None
