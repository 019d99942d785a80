"""Sending, as the handlers do it: into the chat and forum topic the update came from, under the
error policy (``handlers.errors``), so an ordinary Bot API error is one line and what follows the
call still happens.

A reply quotes the message it answers; if that message was deleted meanwhile the answer goes
out without the quote (the application's ``Defaults(allow_sending_without_reply=True)``).
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Message, Update

from bot.present.messages import Language
from handlers.errors import quietly
from handlers.state import Context


def lang_of(update: Update, context: Context) -> Language:
    """The interface language of the update's user (``BotState.lang``)."""
    user = update.effective_user
    return context.bot_data.lang(user.language_code if user else None)


def thread_of(message: Message | None) -> int | None:
    """The forum topic a message is in, or None (General, or no forum)."""
    return message.message_thread_id if message is not None and message.is_topic_message else None


async def reply(
    update: Update, text: str, keyboard: InlineKeyboardMarkup | None = None, quote: bool = False
) -> Message | None:
    """``text`` (HTML) into the chat and topic of the update's message, quoting it if asked."""
    message = update.effective_message
    if message is None:
        return None
    return await quietly(message.reply_text(text, do_quote=quote, reply_markup=keyboard), "sendMessage")


async def reply_photo(update: Update, photo: bytes | str, caption: str) -> Message | None:
    message = update.effective_message
    if message is None:
        return None
    return await quietly(message.reply_photo(photo, caption=caption, do_quote=False), "sendPhoto")


async def answer_query(update: Update, text: str | None = None, alert: bool = False) -> None:
    """Answer a button press (its spinner stops); a press too old to answer is only noted, and
    the caller goes on to do what the button asks."""
    query = update.callback_query
    if query is not None:
        await quietly(query.answer(text, show_alert=alert), "answerCallbackQuery")
