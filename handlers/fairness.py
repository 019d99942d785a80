"""Fairness between chats: one chat's backlog never holds up another chat's answer.

PTB runs up to N updates at once. A group flooded with questions waits on its own send limit
(20 messages a minute), and if its updates held all N slots a private reader's question would
wait behind them. So each chat gets a lane, and an update waiting in its lane holds no slot.
A private chat's updates run one at a time, in the order they came: a reader's answers arrive
in the order of the questions, and a hundred readers' first answers come before anyone's
second. A group's run at most ``per_group`` at once, with at most ``waiting`` more waiting their
turn; past that, a group's flood gets one message («many questions at once, ask me in private»)
and the rest of it is dropped instead of queueing a hundred answers that would arrive minutes
late. Updates without a chat (inline queries) run at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

log = logging.getLogger("interview_bot")

Overflow = Callable[[Update], Awaitable[None]]


@dataclass
class Lane:
    slots: asyncio.Semaphore
    taken: int = 0  # running or waiting
    warned: bool = False  # the overflow message went out for this flood


class FairUpdateProcessor(BaseUpdateProcessor):
    def __init__(
        self, running: int = 64, per_group: int = 4, waiting: int = 12, pending: int = 10_000
    ) -> None:
        # PTB's own bound (held while an update waits in its lane) only caps how many updates may
        # be pending at all; how many run is ours, taken once the update's lane lets it go.
        super().__init__(pending)
        self.running = asyncio.Semaphore(running)
        self.per_group = per_group
        self.waiting = waiting
        self.lanes: dict[int, Lane] = {}
        self.on_overflow: Overflow | None = None  # set once the application has started
        self.dropped = 0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lane = self.lanes.get(chat.id)
        if lane is None:
            lane = self.lanes[chat.id] = Lane(asyncio.Semaphore(self.per_group if chat.id < 0 else 1))
        if chat.id < 0 and lane.taken >= self.per_group + self.waiting:
            close = getattr(coroutine, "close", None)
            if close is not None:
                close()  # never to run: the flood is past what can be answered in time
            self.dropped += 1
            if not lane.warned:
                lane.warned = True
                log.warning(
                    "chat %s: flooded past %d waiting updates; the rest is dropped", chat.id, self.waiting
                )
                if self.on_overflow is not None and isinstance(update, Update):
                    await self.on_overflow(update)
            return
        lane.taken += 1
        try:
            async with lane.slots, self.running:
                await coroutine
        finally:
            lane.taken -= 1
            if lane.taken == 0:
                del self.lanes[chat.id]  # the flood, if any, is over
