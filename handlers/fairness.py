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

A private chat's lane holds at most ``private_waiting`` (50) updates waiting behind the running one;
past that, one «slow down» and the rest dropped (10,060 «/help» from one reader held PTB's
pending slots and kept another reader waiting 57.7 s). And every user has a budget of ``per_user``
updates a minute of any kind (commands, button presses and inline queries too, which the
question quota does not count); past it, one «slow down», then nothing until the minute allows.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.shared.local import Throttle

log = logging.getLogger("interview_bot")

Overflow = Callable[[Update, str], Awaitable[None]]  # the update, the message's key


@dataclass
class Lane:
    slots: asyncio.Semaphore
    taken: int = 0  # running or waiting
    warned: bool = False  # the overflow message went out for this flood


class FairUpdateProcessor(BaseUpdateProcessor):
    def __init__(
        self,
        running: int = 64,
        per_group: int = 4,
        waiting: int = 12,
        pending: int = 10_000,
        private_waiting: int = 50,
        per_user: int = 60,
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
        self.private_waiting = private_waiting
        self.budget = Throttle(per_user)  # updates of any kind a user may send a minute
        self.told: set[int] = set()  # users told to slow down, until their budget allows again

    @classmethod
    def for_rate(cls, questions: int) -> FairUpdateProcessor:
        """For a question quota of ``questions`` a minute: a private chat may hold that many
        waiting (50 at least), and a user's budget of updates of any kind is three times it (60
        at least: a question, its «next» presses, a command)."""
        return cls(private_waiting=max(50, questions), per_user=max(60, 3 * questions))

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def _drop(self, coroutine: Awaitable[Any]) -> None:
        close = getattr(coroutine, "close", None)
        if close is not None:
            close()  # never to run: past what can be answered in time
        self.dropped += 1

    async def _over_budget(self, update: object) -> bool:
        """The user is past their updates a minute: told once, then silence."""
        user = update.effective_user if isinstance(update, Update) else None
        if user is None or self.budget.allow(user.id, time.monotonic()):
            if user is not None:
                self.told.discard(user.id)
            return False
        if user.id not in self.told:
            self.told.add(user.id)
            log.warning("user over %d updates a minute: the rest is dropped", self.budget.rate)
            if self.on_overflow is not None and isinstance(update, Update) and update.effective_chat:
                await self.on_overflow(update, "slow_down")
        return True

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            if await self._over_budget(update):  # an inline query past the budget
                await self._drop(coroutine)
                return
            await coroutine
            return
        lane = self.lanes.get(chat.id)
        if lane is None:
            lane = self.lanes[chat.id] = Lane(asyncio.Semaphore(self.per_group if chat.id < 0 else 1))
        cap = self.per_group + self.waiting if chat.id < 0 else 1 + self.private_waiting
        if lane.taken >= cap:
            await self._drop(coroutine)
            if not lane.warned:
                lane.warned = True
                log.warning("chat %s: flooded past %d waiting updates; the rest is dropped", chat.id, cap - 1)
                if self.on_overflow is not None and isinstance(update, Update):
                    await self.on_overflow(update, "many_at_once" if chat.id < 0 else "slow_down")
            return
        if await self._over_budget(update):
            await self._drop(coroutine)
            return
        lane.taken += 1
        try:
            async with lane.slots, self.running:
                await coroutine
        finally:
            lane.taken -= 1
            if lane.taken == 0:
                del self.lanes[chat.id]  # the flood, if any, is over
