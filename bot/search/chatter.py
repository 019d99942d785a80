"""The question inside a chatty message.

Readers write the way they talk in Telegram: «سلام خسته نباشید 🌹 من دانشجوی تئاترم و نمایش رو
دیدم. میخواستم بدونم … کی خونده بود؟ ممنون از کانالتون». Greetings, thanks and the reader's own
story are not what they ask: their words would weigh in the search as much as the question's,
and a passage must match enough of the question's weight to count as an answer. So a message of
several sentences is searched by the sentences that ask (with a question mark or a question
word), without the lead-in («میخواستم بدونم», «سوالم اینه که»). A message of one
sentence is searched whole. A greeting that opens a sentence («سلام خوبی؟ راجع به آلمان چی
گفتی», «سلام وقت بخیر، …») and thanks that close it are cut from it, and a sentence that is
nothing else asks nothing. Nothing here names an interview's words: only the language's own
greetings, thanks, lead-ins and question words, as folded by the analyzer's char filters.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.analysis.chars import fold, token_spans

# A sentence as readers type it: up to its end mark, an emoji or a new line; the end mark kept.
_ENDS = "." + "!؟?؛;:\n…"
_SENTENCE = re.compile(rf"[^{_ENDS}\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F]+[{_ENDS}]*")
_ASKS = re.compile(r"[؟?]")
_DECIMAL = re.compile(r"(?<=\d)[.٫/](?=\d)")  # «6.2 %» is a number, not two sentences
# Question words (folded: «ي» is «ی», «ك» is «ک»), written and colloquial.
QUESTION_WORDS = frozenset(
    {"چرا", "چطور", "چطوری", "چجوری", "چگونه", "کی", "کجا", "کجاس", "کجاست", "چه", "چی", "چیه",
     "چیست", "چند", "چندتا", "چقدر", "چقد", "چنده", "چقدره", "ایا", "کدام", "کدوم", "کدامیک", "مگه"}
)  # fmt: skip
# What opens the question and asks nothing itself: «میخواستم بدونم …», «سوالم اینه که …».
_LEAD_IN = re.compile(
    r"^\s*(?:(?:فقط|یه|یک|من|ببخشید|لطفا|لطفاً)\s+)*"
    r"(?:(?:می\u200c?|می )?خواستم\s+(?:بدونم|بپرسم|بدانم|بپرسم که|بدونم که)"
    r"|سوال(?:م|ی)?\s+(?:اینه|این است|این بود|داشتم)(?:\s+که)?"
    r"|سوال\s*:|یه سوال(?:\s+داشتم)?|یک سوال(?:\s+داشتم)?"
    r"|بپرسم(?:\s+که)?|بدونم(?:\s+که)?)\s*",
)


def _phrases(*written: str) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(fold(p).split()) for p in written)


# What opens a greeting: said first, it greets (not «چطوری …», which may ask how).
_OPENING = _phrases(
    "سلام", "درود", "سلام علیکم", "علیک سلام", "hi", "hello", "salam", "slm", "dorood",
    "وقت بخیر", "وقت به خیر", "وقتتون بخیر", "وقتتون به خیر", "وقتتان بخیر", "وقتت بخیر",
    "صبح بخیر", "صبح به خیر", "عصر بخیر", "شب بخیر", "روز بخیر", "ظهر بخیر", "خسته نباشید",
    "خسته نباشین", "خسته نباشی", "عرض ادب", "عرض سلام", "عرض ادب و احترام",
)  # fmt: skip
# What may follow it in the same greeting.
_GREETING = _OPENING | _phrases(
    "و", "بر شما", "خدمت شما", "خدمت شما عزیزان", "خوبی", "خوبین", "خوبید", "خوب هستید", "خوب هستین",
    "چطوری", "چطورین", "چطورید", "حالت چطوره", "حالتون چطوره", "حال شما چطوره", "حالتون خوبه",
    "دوستان", "عزیزان", "khoobi", "khubi", "khobi",
)  # fmt: skip
# What closes a message and asks nothing.
_THANKS = _phrases(
    "ممنون", "ممنونم", "مرسی", "متشکرم", "سپاس", "سپاسگزارم", "مچکرم", "خیلی ممنون",
    "خیلی مرسی", "ممنون میشم", "ممنون می شم", "پیشاپیش ممنون", "پیشاپیش ممنونم",
    "پیشاپیش سپاس", "merci", "mersi", "mrc", "mamnoon", "thanks", "thx",
)  # fmt: skip
_LONGEST = max(len(p) for p in _GREETING | _THANKS)


def _phrase_at(words: list[str], at: int, phrases: frozenset[tuple[str, ...]], backwards: bool) -> int:
    """How many words of a phrase of ``phrases`` start at ``at`` (end there, ``backwards``): the
    longest; 0 when none does."""
    for size in range(min(_LONGEST, at if backwards else len(words) - at), 0, -1):
        if tuple(words[at - size : at] if backwards else words[at : at + size]) in phrases:
            return size
    return 0


def without_pleasantries(text: str) -> str:
    """``text`` without the greeting that opens it and the thanks that close it; '' when it is
    nothing else."""
    spans = token_spans(text)  # ZWNJ, spaces and punctuation separate, as in the tokenizer
    words = [fold(text[a:b]) for a, b in spans]
    start = _phrase_at(words, 0, _OPENING, False)
    if start:
        while size := _phrase_at(words, start, _GREETING, False):
            start += size
    end = len(words)
    while end > start and (size := _phrase_at(words, end, _THANKS, True)):
        end -= size
    if start == 0 and end == len(words):
        return text
    if start >= end:
        return ""
    return text[spans[start][0] : spans[end - 1][1] if end < len(words) else len(text)].strip()


@lru_cache(maxsize=4096)  # a message is read by the search, the English check and the name look-up
def question_inside(text: str) -> str:
    """The sentence of a chatty message that asks, without its lead-in; the text itself when it
    is one sentence or none of its sentences asks."""
    text = _DECIMAL.sub("٫", text[:2000])
    pieces = [(raw.strip(" " + _ENDS), raw) for raw in _SENTENCE.findall(text)]
    pieces = [(clean, raw) for clean, raw in pieces if clean]
    if len(pieces) < 2:
        return _LEAD_IN.sub("", without_pleasantries(text), count=1).strip() or text
    # A sentence that only greets or thanks asks nothing, even with a question mark: «خوبی؟».
    pieces = [(asked, raw) for clean, raw in pieces if (asked := without_pleasantries(clean))]
    # Every sentence that asks, by a question mark or a question word: «در چه سالی … دابلیو .
    # آلدرسون اختراع شد ؟» is one question cut by an initial's full stop, not two sentences.
    asking = [
        clean
        for clean, raw in pieces
        if _ASKS.search(raw) or QUESTION_WORDS.intersection(fold(clean).split())
    ]
    if not asking:
        return text
    question = " ".join(asking)
    return _LEAD_IN.sub("", question, count=1).strip() or question
