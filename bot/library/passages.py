"""Passages: what a search returns — a few whole sentences of one answer, short enough to quote.

Each answer (and the lead) is cut into passages of whole sentences of at most about
``MAX_CHARS`` characters, never crossing from one answer into the next. A passage id such as
``mirlohi-q2-3`` (interview, segment, position) is stable while the interview's structure is,
and safe for deep links and callback data (``A-Za-z0-9_-``, short).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from bot.library.interview import Interview, Segment

MAX_CHARS = 600

# A sentence ends at . ! ? ؟ (and any closing quote or bracket after it), before white space.
_SENTENCE_END = re.compile(r"(?<=[.!?؟…])[»\")\]]*\s+")


@dataclass(frozen=True)
class Passage:
    id: str
    interview: str
    interview_title: str
    segment: int  # 0 for the lead, n for question n
    position: int  # 1-based, within the segment
    question: str | None
    speaker: str
    text: str
    truncated: bool = False  # the source breaks off at the end of this passage


def split_sentences(paragraph: str) -> list[str]:
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(paragraph):
        end = match.start() + len(match.group().rstrip())
        sentences.append(paragraph[start:end].strip())
        start = match.end()
    rest = paragraph[start:].strip()
    if rest:
        sentences.append(rest)
    return [s for s in sentences if s]


def pack(sentences: list[str], max_chars: int = MAX_CHARS) -> list[str]:
    """Group whole sentences into chunks of similar length, each at most about ``max_chars``.

    Aiming at an even share of the text (not filling each chunk to the brim) avoids a last
    passage of one short sentence. A single sentence longer than the limit stays whole.
    """
    total = sum(len(s) + 1 for s in sentences)
    if total <= max_chars:
        return [" ".join(sentences)] if sentences else []
    target = total / math.ceil(total / max_chars)
    chunks: list[str] = []
    current: list[str] = []
    length = 0
    for sentence in sentences:
        grown = length + len(sentence) + (1 if current else 0)
        if current and (grown > max_chars or (length >= target * 0.9 and grown > target * 1.1)):
            chunks.append(" ".join(current))
            current, length = [], 0
            grown = len(sentence)
        current.append(sentence)
        length = grown
    if current:
        chunks.append(" ".join(current))
    return chunks


def segment_passages(interview: Interview, segment: Segment, max_chars: int = MAX_CHARS) -> Iterator[Passage]:
    chunks: list[str] = []
    for paragraph in segment.paragraphs:
        # Paragraph breaks are the writer's: a passage may hold several short paragraphs, but a
        # paragraph is only split at a sentence end.
        chunks.extend(pack(split_sentences(paragraph), max_chars))
    merged = _merge_short(chunks, max_chars)
    for position, text in enumerate(merged, start=1):
        yield Passage(
            id=f"{interview.id}-{segment.key}-{position}",
            interview=interview.id,
            interview_title=interview.title,
            segment=segment.number,
            position=position,
            question=segment.question,
            speaker=segment.speaker,
            text=text,
            truncated=segment.truncated and position == len(merged),
        )


def _merge_short(chunks: list[str], max_chars: int) -> list[str]:
    """Join neighbouring short paragraphs while they fit, so one line never stands alone."""
    merged: list[str] = []
    for chunk in chunks:
        if merged and len(merged[-1]) + 1 + len(chunk) <= max_chars // 2:
            merged[-1] = f"{merged[-1]}\n{chunk}"
        else:
            merged.append(chunk)
    return merged


def interview_passages(interview: Interview, max_chars: int = MAX_CHARS) -> list[Passage]:
    return [p for segment in interview.segments for p in segment_passages(interview, segment, max_chars)]


def all_passages(interviews: Iterable[Interview], max_chars: int = MAX_CHARS) -> list[Passage]:
    return [p for interview in interviews for p in interview_passages(interview, max_chars)]
