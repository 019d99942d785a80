"""What a /start deep link carries (``t.me/<bot>?start=<payload>``): small typed values, as the
buttons' ``handlers.callbacks`` are.

Each kind has ``encode()`` (the payload: 1-64 of A-Za-z0-9_-, Telegram's limit), ``PATTERN``
(the whole /start message of its kind, for one ``CommandHandler("start", …,
filters.Regex(kind.PATTERN))`` each), ``parse(text)`` of such a message, and ``linked(message)``:
what a bot message links to (every answer carries its passage's link). The shapes are kept from
the first release: ``p_<passage id>``, ``c_<passage id>``, ``i_<interview>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar, Self

from telegram import Message

_COMMAND = r"^/start(?:@\w+)?\s+"


class StartPayload:
    PATTERN: ClassVar[re.Pattern[str]]  # a /start message of this kind
    LINK: ClassVar[re.Pattern[str]]  # a deep link of this kind, inside a URL or a text
    value: str

    def encode(self) -> str:
        raise NotImplementedError

    @classmethod
    def parse(cls, text: str) -> Self | None:
        found = cls.PATTERN.match(text)
        return cls(found.group(1)) if found else None  # type: ignore[call-arg]  # one field each

    @classmethod
    def linked(cls, message: Message | None) -> Self | None:
        """What a message links to, by its entities' URLs or its text."""
        if message is None:
            return None
        urls = [e.url for e in (message.entities or ()) + (message.caption_entities or ()) if e.url]
        for text in [*urls, message.text or "", message.caption or ""]:
            found = cls.LINK.search(text)
            if found:
                return cls(found.group(1))  # type: ignore[call-arg]
        return None


@dataclass(frozen=True)
class OpenPassage(StartPayload):
    """Open one passage (every answer links to its own)."""

    value: str  # the passage id
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(_COMMAND + r"p_([A-Za-z0-9_-]{1,62})\s*$")
    LINK: ClassVar[re.Pattern[str]] = re.compile(r"start=p_([A-Za-z0-9_-]{1,62})")
    SHARED: ClassVar[re.Pattern[str]] = re.compile(r"^p_([A-Za-z0-9_-]{1,62})$")  # the share button's query

    def encode(self) -> str:
        return f"p_{self.value}"


@dataclass(frozen=True)
class OpenCard(StartPayload):
    """Send a passage as a quote card."""

    value: str  # the passage id
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(_COMMAND + r"c_([A-Za-z0-9_-]{1,62})\s*$")
    LINK: ClassVar[re.Pattern[str]] = re.compile(r"start=c_([A-Za-z0-9_-]{1,62})")

    def encode(self) -> str:
        return f"c_{self.value}"


@dataclass(frozen=True)
class PickInterview(StartPayload):
    """Choose an interview: questions sent in reply to its message search it only."""

    value: str  # the interview id
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(_COMMAND + r"i_([a-z0-9-]{1,20})\s*$")
    LINK: ClassVar[re.Pattern[str]] = re.compile(r"start=i_([a-z0-9-]{1,20})")

    def encode(self) -> str:
        return f"i_{self.value}"


PAYLOADS: tuple[type[StartPayload], ...] = (OpenPassage, OpenCard, PickInterview)
