"""What an operator watches: one INFO line per answered update, and Prometheus metrics.

Every update passes through ``ObservedApplication.process_update`` (the application class the
builder makes), which counts it by kind, times it, and logs one line: its kind, the answer's tier,
the latency and the chat as a salted hash, never the question's text (only at DEBUG). What the
handlers found is noted on the update's ``Outcome`` (a context variable, so every coroutine of
the update sees the same one): the tier by ``ObservedLibrary`` (the library the bot serves, which
sees each search), the Bot API calls by ``RetryingRequest``. The metrics are
``prometheus_client``'s (``handlers.prometheus``), served at ``/metrics`` (``handlers.web``).
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import logging
import secrets
import time
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.ext import Application

from bot.conversation import FOLLOW_UPS, AboutInterview, Said
from bot.search.searcher import Hit
from bot.service import Library

if TYPE_CHECKING:
    from collections.abc import Callable, Generator

    from handlers.prometheus import Metrics
    from handlers.state import BotState

log = logging.getLogger("interview_bot")


@dataclass
class Outcome:
    """What one update came to, noted while it is handled."""

    tier: str = "-"  # answer, tentative, none, chatter, follow_up, about; "-": nothing searched
    calls: int = 0  # Bot API calls made for it (0: the bot said nothing)


OUTCOME: contextvars.ContextVar[Outcome | None] = contextvars.ContextVar("outcome", default=None)


def noted() -> Outcome | None:
    """The outcome of the update being handled, or None outside one."""
    return OUTCOME.get()


class Served:
    """The running bot whose index, database and stats /metrics and /healthz read."""

    state: BotState | None = None


@functools.cache
def metrics() -> Metrics:
    """The process's metrics (handlers.errors and handlers.request count into them too), made on
    first use: prometheus_client loads beside the first getUpdates (the start-up chores), not on
    the way to it."""
    from handlers.prometheus import Metrics

    return Metrics()


def index_info(state: BotState) -> dict[str, str]:
    meta = state.library.searcher.index.meta
    return {
        "schema": meta.get("schema", ""),
        "built": meta.get("built", ""),
        "version": meta.get("fingerprint", "")[:12],
    }


def update_kind(update: object) -> str:
    if not isinstance(update, Update):
        return "other"
    message = update.message or update.edited_message
    if message is not None and (message.text or "").startswith("/"):
        return "command"
    for kind in ("message", "edited_message", "callback_query", "inline_query"):
        if getattr(update, kind) is not None:
            return kind
    return "other"


_PROCESS_SALT = secrets.token_bytes(16)


def hashed_chat(state: BotState, chat_id: int) -> str:
    """The chat as the log shows it: the stats' salted hash, so lines about one chat agree across
    restarts; without stats, a salt of this process."""
    if state.stats is not None:
        return state.stats.asker(chat_id)[:12]
    return hashlib.sha256(_PROCESS_SALT + str(chat_id).encode()).hexdigest()[:12]


class ObservedApplication(Application[Any, Any, Any, Any, Any, Any]):
    """PTB's Application, counting, timing and logging every update it processes, and every
    update its update processor drops unprocessed (``handlers.fairness``: a flooded group)."""

    def process_update(self, update: object) -> Coroutine[Any, Any, None]:
        return Tracked(self._observed(update), lambda: self.dropped(update))

    async def _observed(self, update: object) -> None:
        outcome = Outcome()
        token = OUTCOME.set(outcome)
        started = time.perf_counter()
        kind = update_kind(update)
        try:
            await super().process_update(update)
        finally:
            OUTCOME.reset(token)
            seconds = time.perf_counter() - started
            metrics().updates.labels(kind).inc()
            if outcome.calls:
                metrics().latency.labels(kind).observe(seconds)
                metrics().answers.labels(outcome.tier).inc()
            self.log_update(update, kind, outcome, seconds)

    def dropped(self, update: object) -> None:
        kind = update_kind(update)
        metrics().updates.labels(kind).inc()
        metrics().throttled.labels("group_flood").inc()
        self.log_update(update, kind, Outcome(tier="dropped"), 0.0)

    def log_update(self, update: object, kind: str, outcome: Outcome, seconds: float) -> None:
        level = logging.INFO if outcome.calls else logging.DEBUG
        if not log.isEnabledFor(level):
            return
        chat = update.effective_chat if isinstance(update, Update) else None
        user = update.effective_user if isinstance(update, Update) else None
        where = chat.id if chat is not None else user.id if user is not None else 0
        state: BotState = self.bot_data
        line = "update %s: tier=%s latency=%.0fms chat=%s"
        values: list[object] = [kind, outcome.tier, seconds * 1000, hashed_chat(state, where)]
        if log.isEnabledFor(logging.DEBUG) and isinstance(update, Update):
            message = update.effective_message
            asked = update.inline_query.query if update.inline_query else message.text if message else None
            line += " text=%r"
            values.append(asked)
        log.log(level, line, *values)


class Tracked(Coroutine[Any, Any, None]):
    """An update's processing, which notices being closed before it ran: the update processor
    dropped the update (PTB's processors await the coroutine, or close it to drop it)."""

    def __init__(self, inner: Coroutine[Any, Any, None], on_drop: Callable[[], None]) -> None:
        self.inner = inner
        self.on_drop = on_drop
        self.started = False

    def __await__(self) -> Generator[Any, None, None]:
        self.started = True
        return self.inner.__await__()

    def send(self, value: Any) -> Any:
        self.started = True
        return self.inner.send(value)

    def throw(self, *args: Any) -> Any:
        return self.inner.throw(*args)

    def close(self) -> None:
        if not self.started:
            self.started = True
            self.on_drop()
        self.inner.close()


class ObservedLibrary(Library):
    """The library, noting on the update's outcome what each reading and search found."""

    def read(self, message: str) -> Said | AboutInterview | None:
        reading = super().read(message)
        outcome = noted()
        if outcome is not None and reading is not None:
            if isinstance(reading, AboutInterview):
                outcome.tier = "about"
            else:
                outcome.tier = "follow_up" if reading.kind in FOLLOW_UPS else "chatter"
        return reading

    async def search(
        self, question: str, limit: int | None = None, interview: str | None = None
    ) -> list[Hit]:
        hits = await super().search(question, limit=limit, interview=interview)
        outcome = noted()
        if outcome is not None:
            outcome.tier = "none" if not hits else "answer" if hits[0].confident else "tentative"
        return hits
