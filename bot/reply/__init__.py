"""The reply: what the bot says to one message, decided once in the core and rendered once.

``Library.respond(text, scope)`` reads a message and returns one of the typed replies below;
the handlers only render and send it. Between ranking and rendering: the sureness decision
(``bot.reply.decide``) picks whether the best answer is shown alone or with alternatives.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.conversation import Field, Kind
from bot.library.interview import InterviewInfo
from bot.library.passages import Passage
from bot.search.searcher import Hit


@dataclass(frozen=True)
class Scope:
    """Where a message was asked, as the handler read it from the update: the interview the
    reader chose (a question in reply to the interview's message), the passage linked from the
    message it replies to (its interview limits the search) and whether that message is the
    bot's (then a follow-up continues it), and the chat's last answer (else continued)."""

    interview: str | None = None
    replied_passage: str | None = None
    replied_to_bot: bool = False
    last_passage: str | None = None


@dataclass(frozen=True)
class SmallTalk:
    kind: Kind
    english: bool
    examples: tuple[InterviewInfo, ...]  # whose questions the keyboard offers; () for a goodbye


@dataclass(frozen=True)
class FollowUp:
    """«ادامه» / «قبلی» / «کامل»: the passage that follows (or the whole answer), or nothing,
    with why: ``"nothing"`` (no answer to follow), ``"end"`` or ``"start"`` of the answer."""

    kind: Kind
    passages: tuple[Passage, ...] = ()
    missing: str = ""
    examples: tuple[InterviewInfo, ...] = ()


@dataclass(frozen=True)
class AboutIt:
    """A question about an interview itself, answered from its front matter (and its lead);
    ``chosen`` None in a library when the question does not say which."""

    field: Field
    chosen: InterviewInfo | None
    interviews: tuple[InterviewInfo, ...]
    lead: str = ""


@dataclass(frozen=True)
class English:
    """An English question: what its Latin names found, if anything."""

    names: tuple[tuple[str, str], ...]
    hit: Hit | None
    interview: str | None
    interviews: tuple[InterviewInfo, ...]


@dataclass(frozen=True)
class Answer:
    """The best passage, as an answer (``confident``) or only as the closest passage; with
    ``alternatives`` (the answering passages of other answers) when the decision is unsure."""

    hit: Hit
    sureness: float
    alternatives: tuple[Hit, ...] = ()
    has_next: bool = False
    interview: str | None = None  # the search was limited to it

    @property
    def confident(self) -> bool:
        return self.hit.confident


@dataclass(frozen=True)
class Nothing:
    interviews: tuple[InterviewInfo, ...] = field(default=())
    interview: str | None = None  # the search was limited to it


@dataclass(frozen=True)
class Throttled:
    """Over the asker's quota: a question that would be searched is not."""


Reply = SmallTalk | FollowUp | AboutIt | English | Answer | Nothing | Throttled


def searched(reply: Reply) -> tuple[str | None, bool] | None:
    """What the stats record of a reply: (its interview, whether anything matched), for a question
    that was searched; None for everything else."""
    if isinstance(reply, Answer):
        return reply.hit.passage.interview, True
    if isinstance(reply, Nothing):
        return reply.interview, False
    return None
