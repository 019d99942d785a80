"""The one path of a message that may be a question: read where it was asked, ask the core once
(``Library.respond``), record it, render once (``handlers.compose``), send once.

Throttling and stats wrap the core call here and only here. An edited question edits the answer
it got; an edit that changes nothing the reader can see sends nothing new.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from telegram import Message, Update
from telegram.error import TelegramError

from bot.library.passages import Passage
from bot.present import messages
from bot.reply import Reply, Scope, searched
from handlers.compose import Rendered, render_reply
from handlers.errors import Expected, expected, note
from handlers.metrics import metrics
from handlers.payloads import OpenPassage, PickInterview
from handlers.replies import answer_query, lang_of, reply
from handlers.state import Context

FOLLOW_UP_SECONDS = 600  # «ادامه» without a reply continues the chat's last answer this long after it


def asker_of(message: Message | None, update: Update) -> int | None:
    """Whose question quota a message counts against: the user, or for an anonymous group admin
    or a channel (who all write as one Telegram account) the chat they write as."""
    if message is not None and message.sender_chat is not None:
        return message.sender_chat.id
    return update.effective_user.id if update.effective_user else None


async def may_ask(update: Update, context: Context) -> bool:
    """Within the asker's questions a minute; over it, one polite reply, then silence. Only
    questions count (and "next", which searches again): not chatter, reactions or edits alone."""
    message = update.effective_message
    asker = asker_of(message, update)
    limiter = context.bot_data.throttle
    if asker is None or await limiter.allowed(asker, time.monotonic()):
        return True
    metrics().throttled.labels("quota").inc()
    if asker not in limiter.warned:
        limiter.warned.add(asker)
        lang = lang_of(update, context)
        if update.callback_query is not None:
            await answer_query(update, messages.text(lang, "slow_down"))
        else:
            await reply(update, messages.html(lang, "slow_down"))
    return False


def where(message: Message) -> tuple[int, int | None]:
    """A chat and its forum topic: follow-ups continue the answer given there."""
    return message.chat_id, message.message_thread_id if message.is_topic_message else None


def scope_of(message: Message, context: Context) -> Scope:
    """Where the message was asked: what the message it replies to links to, and the chat's last answer."""
    replied = message.reply_to_message
    chosen = PickInterview.linked(replied)
    passage = OpenPassage.linked(replied)
    bot_id = context.bot.id
    last = context.bot_data.last_answer.recall(where(message))
    recent = last is not None and time.monotonic() - last[1] <= FOLLOW_UP_SECONDS
    return Scope(
        interview=chosen.value if chosen else None,
        replied_passage=passage.value if passage else None,
        replied_to_bot=replied is not None
        and replied.from_user is not None
        and replied.from_user.id == bot_id,
        last_passage=last[0] if last is not None and recent else None,
    )


def remember_answer(context: Context, message: Message, passage: Passage) -> Callable[[], None]:
    """Keep the passage as the chat's last answer now, before the reply goes out: in a group,
    whose updates run side by side, a «ادامه» sent the moment the answer shows must find it.
    Returns what undoes it, for when the reply does not go out."""
    key, kept = where(message), context.bot_data.last_answer
    before = kept.get(key)
    kept.keep(key, (passage.id, time.monotonic()))

    def undo() -> None:
        if before is None:
            kept.pop(key, None)
        else:
            kept.keep(key, before)

    return undo


async def ask(update: Update, context: Context, question: str) -> None:
    """Reply to a message that may be a question: one core call, one rendering, then send."""
    message = update.effective_message
    if message is None:
        return
    state = context.bot_data
    key = (message.chat_id, message.message_id)
    earlier = state.answered.recall(key)
    edited = update.edited_message is not None
    if edited and earlier is not None and earlier[1] == question:
        return  # an edit that left the question as it was (a typo in a word we drop, a link)
    library = state.library
    answer = await library.respond(question, scope_of(message, context), lambda: may_ask(update, context))
    await record(update, context, answer, question)
    rendered = render_reply(answer, lang_of(update, context), context.bot.username, library.analyzer)
    if not rendered.messages or (edited and not rendered.on_edit):
        return
    one = len(rendered.messages) == 1  # a whole answer in several messages is sent, not edited into one
    if edited and earlier is not None and one and await edit_answer(context, message, earlier[0], rendered):
        state.answered.keep(key, (earlier[0], question))
        return  # the answer now fits the question (or already did); else (it was deleted) answer anew
    await send(update, context, key, question, rendered)


async def record(update: Update, context: Context, answer: Reply, question: str) -> None:
    stats, user, seen = context.bot_data.stats, update.effective_user, searched(answer)
    if stats is not None and user is not None and seen is not None:
        await stats.record(user.id, seen[0], seen[1], question)


async def edit_answer(context: Context, message: Message, answer_id: int, rendered: Rendered) -> bool:
    """Edit the answer an edited question got; False if it is gone. Telegram's "message is not
    modified" (the new answer is the one shown) is the answer in place: nothing new is sent."""
    first = rendered.messages[0]
    try:
        await context.bot.edit_message_text(
            first.text, message.chat_id, answer_id, reply_markup=first.keyboard
        )
    except TelegramError as exc:
        kind = expected(exc)
        if kind is None:
            raise
        note(kind, exc, "editMessageText")
        return kind is Expected.NOT_MODIFIED
    return True


async def send(
    update: Update, context: Context, key: tuple[int, int], question: str, rendered: Rendered
) -> None:
    """The messages in order; the first quotes the question when the reply says so. The answer is
    kept (for follow-ups and edits) only if it went out."""
    message = update.effective_message
    assert message is not None
    undo = remember_answer(context, message, rendered.answered) if rendered.answered else None
    for number, outgoing in enumerate(rendered.messages):
        sent = await reply(update, outgoing.text, outgoing.keyboard, quote=rendered.quote and number == 0)
        if sent is None:
            if number == 0 and undo is not None:
                undo()
            return  # the chat cannot take it (the reader blocked the bot, the topic closed)
        if number == 0:
            context.bot_data.answered.keep(key, (sent.message_id, question))
