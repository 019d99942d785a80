"""What a button under a message carries: small typed values, written as Telegram's callback data.

Each kind is a frozen dataclass with ``encode()`` (at most 64 bytes, Telegram's limit) and
``parse()`` (None for data that is not of its kind or is forged), and a ``PATTERN`` that routes
a press to its handler (one ``CallbackQueryHandler`` per kind). Everything a press needs is in
the data or in the message it is under, so a button works after a restart and on any replica.

The shapes are kept from the first release, so buttons already in chats still work: ``n:3``
(and now ``n:3:<interview>``), ``f:<interview>:<segment>``, ``q:<interview>:<number>``,
``i:<interview>``, ``c:<passage id>``; the reader's verdicts ``x:``/``y:``/``a:<passage id>``;
an editor's draft: ``P:<key>`` (publish), ``D:<key>`` (discard).
"""

from __future__ import annotations

import re
from dataclasses import astuple, dataclass
from typing import ClassVar, Self

CALLBACK_BYTES = 64  # Telegram's limit for callback_data
MAX_RANK = 50  # how deep "next" goes
MAX_SEGMENT = 10_000
_NAME = r".{1,60}"  # an interview id; a forged one is simply not found


def small_number(text: str, limit: int) -> int | None:
    """A non-negative number below ``limit`` from forged-or-not user data; None otherwise.

    (str.isdigit alone accepts «²» and «۳», which int() may refuse or read unexpectedly.)
    """
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        return None
    value = int(text)
    return value if value < limit else None


class CallbackData:
    PATTERN: ClassVar[re.Pattern[str]]

    def encode(self) -> str:
        raise NotImplementedError

    def fits(self) -> bool:
        return len(self.encode().encode()) <= CALLBACK_BYTES


@dataclass(frozen=True)
class Move(CallbackData):
    """Show the answer at ``rank`` for the question the message replied to (previous / next),
    searched again within ``interview`` when the first answer was."""

    rank: int
    interview: str | None = None
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(rf"^n:\d{{1,9}}(?::{_NAME})?$", re.S)

    def encode(self) -> str:
        return f"n:{self.rank}" + (f":{self.interview}" if self.interview else "")

    @classmethod
    def parse(cls, data: str) -> Self | None:
        if not cls.PATTERN.match(data):
            return None
        _, rank, *interview = data.split(":", 2)
        number = small_number(rank, MAX_RANK)
        return None if number is None else cls(number, interview[0] if interview else None)


@dataclass(frozen=True)
class _InAnswer(CallbackData):
    interview: str
    number: int
    PREFIX: ClassVar[str]

    def encode(self) -> str:
        return f"{self.PREFIX}:{self.interview}:{self.number}"

    @classmethod
    def parse(cls, data: str) -> Self | None:
        if not cls.PATTERN.match(data):
            return None
        interview, _, number = data[2:].rpartition(":")
        value = small_number(number, MAX_SEGMENT)
        return None if value is None else cls(interview, value)


@dataclass(frozen=True)
class FullAnswer(_InAnswer):
    """Send every passage of answer ``number`` (its segment) of ``interview``."""

    PREFIX: ClassVar[str] = "f"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(rf"^f:{_NAME}:\d{{1,9}}$", re.S)


@dataclass(frozen=True)
class OpenQuestion(_InAnswer):
    """Open the answer to the interviewer's question ``number`` of ``interview``."""

    PREFIX: ClassVar[str] = "q"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(rf"^q:{_NAME}:\d{{1,9}}$", re.S)


@dataclass(frozen=True)
class _OneValue(CallbackData):
    """A kind whose data is its prefix and one value."""

    PREFIX: ClassVar[str]

    def encode(self) -> str:
        return f"{self.PREFIX}:{astuple(self)[0]}"

    @classmethod
    def parse(cls, data: str) -> Self | None:
        return cls(data[2:]) if cls.PATTERN.match(data) else None  # type: ignore[call-arg]  # one field each


@dataclass(frozen=True)
class ChooseInterview(_OneValue):
    """Make ``interview`` the one that questions sent in reply search."""

    interview: str
    PREFIX: ClassVar[str] = "i"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(rf"^i:{_NAME}$", re.S)


@dataclass(frozen=True)
class SendCard(_OneValue):
    """Send the passage as a quote card."""

    passage_id: str
    PREFIX: ClassVar[str] = "c"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(r"^c:.{1,62}$", re.S)


@dataclass(frozen=True)
class SendQuote(CallbackData):
    """Send sentences ``first`` to ``first + count`` of the passage as a quote card: the short
    quote people post, beside the card of the whole passage."""

    first: int
    count: int
    passage_id: str
    PREFIX: ClassVar[str] = "k"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(r"^k:\d{1,3}:[1-9]:.{1,56}$", re.S)

    def encode(self) -> str:
        return f"k:{self.first}:{self.count}:{self.passage_id}"

    @classmethod
    def parse(cls, data: str) -> Self | None:
        if not cls.PATTERN.match(data):
            return None
        _, first, count, passage_id = data.split(":", 3)
        return cls(int(first), int(count), passage_id)


@dataclass(frozen=True)
class ListQuestions(_OneValue):
    """List the interviewer's questions of ``interview``: the way out of a closest passage."""

    interview: str
    PREFIX: ClassVar[str] = "l"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(rf"^l:{_NAME}$", re.S)


@dataclass(frozen=True)
class _Verdict(CallbackData):
    """A reader's word on the passage ``passage_id`` shown for the question the message replies
    to; ``scoped``: that question searched the passage's interview only. The two scopes are two
    prefixes (lower case: the library), so a passage id keeps 62 of the 64 bytes."""

    passage_id: str
    scoped: bool = False
    PREFIXES: ClassVar[str]  # the library's, then the interview's

    def encode(self) -> str:
        return f"{self.PREFIXES[self.scoped]}:{self.passage_id}"

    @classmethod
    def parse(cls, data: str) -> Self | None:
        if not cls.PATTERN.match(data):
            return None
        return cls(data[2:], data[0] == cls.PREFIXES[1])


@dataclass(frozen=True)
class Refuse(_Verdict):
    """«این نبود»: the passage is not the answer; show the next candidate in its place."""

    PREFIXES: ClassVar[str] = "xX"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(r"^[xX]:.{1,62}$", re.S)


@dataclass(frozen=True)
class Settle(_Verdict):
    """👍: this passage is the answer."""

    PREFIXES: ClassVar[str] = "yY"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(r"^[yY]:.{1,62}$", re.S)


@dataclass(frozen=True)
class OpenAlternative(_Verdict):
    """One of the alternatives listed under an unsure answer: show it in the answer's place."""

    PREFIXES: ClassVar[str] = "aA"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(r"^[aA]:.{1,62}$", re.S)


@dataclass(frozen=True)
class PublishDraft(_OneValue):
    """Publish the editor's draft ``key`` (``bot.editing.Drafts``) into the library."""

    key: str
    PREFIX: ClassVar[str] = "P"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(r"^P:[0-9a-f]{12}$")


@dataclass(frozen=True)
class DiscardDraft(_OneValue):
    """Throw the editor's draft ``key`` away."""

    key: str
    PREFIX: ClassVar[str] = "D"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(r"^D:[0-9a-f]{12}$")


KINDS: tuple[type[CallbackData], ...] = (
    Move, FullAnswer, OpenQuestion, ChooseInterview, SendCard, SendQuote, ListQuestions, Refuse, Settle,
    OpenAlternative, PublishDraft, DiscardDraft,
)  # fmt: skip
