"""Fair use (issue 28, item 7 and the inline part of 9): a private chat's queue is capped, and
every user's updates of any kind (commands, buttons, inline queries) count against a budget."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import UTC, datetime

from telegram import CallbackQuery, Chat, InlineQuery, Message, Update, User

from handlers.fairness import FairUpdateProcessor

NOW = datetime(2026, 12, 4, tzinfo=UTC)


def command(update_id: int, user_id: int, text: str = "/help") -> Update:
    user = User(user_id, "reader", is_bot=False)
    chat = Chat(user_id, Chat.PRIVATE)
    return Update(update_id, message=Message(update_id, NOW, chat, from_user=user, text=text))


def press(update_id: int, user_id: int) -> Update:
    user = User(user_id, "reader", is_bot=False)
    message = Message(1, NOW, Chat(user_id, Chat.PRIVATE), text="answer")
    return Update(update_id, callback_query=CallbackQuery(str(update_id), user, "chat", message=message))


def inline(update_id: int, user_id: int) -> Update:
    user = User(user_id, "reader", is_bot=False)
    return Update(update_id, inline_query=InlineQuery(str(update_id), user, "ترامپ", ""))


class Recorder:
    def __init__(self) -> None:
        self.ran: list[int] = []
        self.notices: list[tuple[int, str]] = []
        self.gate = asyncio.Event()

    async def handle(self, update: Update, wait: bool) -> None:
        if wait:
            await self.gate.wait()
        self.ran.append(update.update_id)

    async def overflow(self, update: Update, key: str) -> None:
        self.notices.append((update.update_id, key))


async def feed(
    processor: FairUpdateProcessor, updates: list[tuple[Update, Awaitable[None]]]
) -> list[asyncio.Task[None]]:
    tasks = [asyncio.create_task(processor.process_update(u, c)) for u, c in updates]
    await asyncio.sleep(0)  # let each reach its lane
    return tasks


async def test_a_private_chats_queue_is_capped_with_one_notice_and_others_still_run() -> None:
    processor = FairUpdateProcessor(private_waiting=8, per_user=100_000)
    seen = Recorder()
    processor.on_overflow = seen.overflow
    await processor.initialize()
    flood = [command(i, 7) for i in range(1, 2001)]
    tasks = await feed(processor, [(u, seen.handle(u, wait=True)) for u in flood])
    other = command(5000, 8, "چرا؟")
    await processor.process_update(other, seen.handle(other, wait=False))  # not behind the flood
    assert seen.ran == [5000]
    assert processor.dropped == 2000 - 9  # one running, eight waiting
    assert seen.notices == [(10, "slow_down")]  # once, for the first dropped
    seen.gate.set()
    await asyncio.gather(*tasks)
    assert sorted(seen.ran) == [*range(1, 10), 5000]


async def test_commands_buttons_and_inline_queries_count_against_a_users_budget() -> None:
    processor = FairUpdateProcessor(per_user=60)
    seen = Recorder()
    processor.on_overflow = seen.overflow
    updates = [command(i, 7) if i % 3 else press(i, 7) for i in range(1, 101)]
    updates += [inline(i, 9) for i in range(1001, 1151)]  # 150 inline queries from one user
    for update in updates:
        await processor.process_update(update, seen.handle(update, wait=False))
    ran_by_7 = [i for i in seen.ran if i < 1000]
    ran_by_9 = [i for i in seen.ran if i > 1000]
    assert len(ran_by_7) == 60 and len(ran_by_9) == 60
    assert seen.notices == [(61, "slow_down")]  # told once; an inline query cannot be told
    fresh = command(2000, 10)
    await processor.process_update(fresh, seen.handle(fresh, wait=False))
    assert seen.ran[-1] == 2000  # another user's budget is their own
