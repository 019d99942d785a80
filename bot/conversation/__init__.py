"""Understanding a message before any search: small talk, a follow-up to the last answer, or a
question about the interview itself. Anything else is a question for the search."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from bot.analysis.analyzer import Analyzer
from bot.conversation.meta import Field, MetaKeys, asks_about_interview, meta_keys
from bot.conversation.smalltalk import FOLLOW_UPS, Kind, Phrasebook, PhrasebookError, Said, load_phrasebook

__all__ = [
    "FOLLOW_UPS", "AboutInterview", "Conversation", "Field", "Kind", "PhrasebookError", "Said", "reading_name"
]  # fmt: skip


@dataclass(frozen=True)
class AboutInterview:
    field: Field


@dataclass(frozen=True, eq=False)
class Conversation:
    phrasebook: Phrasebook
    analyzer: Analyzer
    meta_keys: MetaKeys
    read: Callable[[str], Said | AboutInterview | None] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Every message is read before any search (7% of a question's update), and readers repeat
        # each other's questions: a text is read once. What it reads as is a frozen value.
        object.__setattr__(self, "read", lru_cache(maxsize=4096)(self._read))

    @classmethod
    def load(cls, smalltalk_path: Path, analyzer: Analyzer) -> Conversation:
        return cls(
            load_phrasebook(smalltalk_path, analyzer.plain_words), analyzer, meta_keys(analyzer.analyze)
        )

    def _read(self, text: str) -> Said | AboutInterview | None:
        """Small talk or a follow-up (``Said``), a question about the interview, or None: a
        question for the search."""
        words = self.analyzer.plain_words(text[:500])
        said = self.phrasebook.read_words(words)
        if said is not None:
            return said
        field = asks_about_interview(words, lambda: self.analyzer.analyze(text), self.meta_keys)
        return AboutInterview(field) if field is not None else None


def reading_name(reading: Said | AboutInterview | None) -> str:
    """What a message was read as, by name: a small-talk or follow-up kind, a field of the
    interview, or «question» (the names the conversation set in tests/conversation.tsv uses)."""
    if isinstance(reading, Said):
        return reading.kind.value
    if isinstance(reading, AboutInterview):
        return reading.field.value
    return "question"
