"""The question inside a chatty message.

Readers write the way they talk in Telegram: «سلام خسته نباشید 🌹 من دانشجوی تئاترم و نمایش رو
دیدم. میخواستم بدونم … کی خونده بود؟ ممنون از کانالتون». Greetings, thanks and the reader's own
story are not what they ask: their words would weigh in the search as much as the question's,
and a passage must match enough of the question's weight to count as an answer. So a message of
several sentences is searched by the sentences that ask (with a question mark or a question
word), without the lead-in («میخواستم بدونم», «سوالم اینه که»). A message of one
sentence is searched whole. Nothing here names an interview's words: only the language's own
greetings, thanks, lead-ins and question words, as folded by the analyzer's char filters.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.analysis.chars import fold

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


@lru_cache(maxsize=4096)  # a message is read by the search, the English check and the name look-up
def question_inside(text: str) -> str:
    """The sentence of a chatty message that asks, without its lead-in; the text itself when it
    is one sentence or none of its sentences asks."""
    text = _DECIMAL.sub("٫", text[:2000])
    pieces = [(raw.strip(" " + _ENDS), raw) for raw in _SENTENCE.findall(text)]
    pieces = [(clean, raw) for clean, raw in pieces if clean]
    if len(pieces) < 2:
        return _LEAD_IN.sub("", text, count=1).strip() or text
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
