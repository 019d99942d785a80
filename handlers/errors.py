"""One policy for the Bot API's errors: which are a normal day's (a user blocked the bot, a
button tapped twice, a press that waited too long, a question deleted before its answer) and
which are bugs.

An expected error is one log line (INFO for what users do, WARNING for what an operator may want
to know), never a traceback, and never an apology to a chat that cannot take one. A bug keeps its
traceback and gets one apology. ``quietly`` applies the policy where a call is made, so what
follows the call still happens (a button's edit after its query could not be answered).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from enum import Enum

from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError

from handlers.metrics import metrics

log = logging.getLogger("interview_bot")


class Expected(Enum):
    """An error the Bot API gives on an ordinary day: (what it is, its log level)."""

    BLOCKED = ("the user blocked the bot, or the bot cannot write to the chat", logging.INFO)
    NOT_MODIFIED = ("the message already shows this (a button tapped twice)", logging.INFO)
    QUERY_TOO_OLD = ("the button press is too old to answer (a backlog or a long pause)", logging.INFO)
    REPLY_GONE = ("the message to reply to was deleted", logging.INFO)
    EDIT_GONE = ("the message to edit was deleted", logging.INFO)
    CHAT_MIGRATED = ("the group became a supergroup", logging.WARNING)
    TOPIC_CLOSED = ("the forum topic is closed", logging.INFO)
    CHAT_GONE = ("the chat is gone or the bot is not in it", logging.INFO)
    RATE_LIMITED = ("Telegram's flood limit held on past the retries", logging.WARNING)

    @property
    def what(self) -> str:
        return self.value[0]

    @property
    def level(self) -> int:
        return self.value[1]


# Telegram's texts, lower-cased, as PTB hands them on (without «Bad Request: »).
_BAD_REQUESTS = (
    ("message is not modified", Expected.NOT_MODIFIED),
    ("query is too old", Expected.QUERY_TOO_OLD),
    ("query id is invalid", Expected.QUERY_TOO_OLD),
    ("message to be replied not found", Expected.REPLY_GONE),
    ("replied message not found", Expected.REPLY_GONE),
    ("message to edit not found", Expected.EDIT_GONE),
    ("message can't be edited", Expected.EDIT_GONE),
    ("topic_closed", Expected.TOPIC_CLOSED),
    ("topic closed", Expected.TOPIC_CLOSED),
    ("message thread not found", Expected.TOPIC_CLOSED),
    ("chat not found", Expected.CHAT_GONE),
    ("have no rights to send", Expected.BLOCKED),
    ("not enough rights", Expected.BLOCKED),
    ("chat_write_forbidden", Expected.BLOCKED),
)


def expected(error: BaseException | None) -> Expected | None:
    """What kind of ordinary error this is, or None for a bug (or an error we do not know)."""
    if isinstance(error, Forbidden):
        return Expected.BLOCKED
    if isinstance(error, ChatMigrated):
        return Expected.CHAT_MIGRATED
    if isinstance(error, RetryAfter):
        return Expected.RATE_LIMITED
    if isinstance(error, BadRequest):
        text = error.message.lower()
        for part, kind in _BAD_REQUESTS:
            if part in text:
                return kind
    return None


def network_trouble(error: BaseException | None) -> bool:
    """A send that timed out or could not connect: not a bug, but the reader may have no answer,
    so they get the apology (without a traceback in the log)."""
    return isinstance(error, NetworkError) and not isinstance(error, BadRequest)


def note(kind: Expected, error: TelegramError, where: str) -> None:
    """The one line an expected error gets."""
    metrics().telegram_errors.labels(kind.name.lower()).inc()
    log.log(kind.level, "%s: %s (%s)", where, kind.what, error.message)


async def quietly[T](call: Awaitable[T], where: str) -> T | None:
    """Await a Bot API call; an expected error is noted and gives None, anything else raises."""
    try:
        return await call
    except TelegramError as exc:
        kind = expected(exc)
        if kind is None:
            raise
        note(kind, exc, where)
        return None
