"""Handlers for chats: questions and commands.

Each callback reads the update, asks the library, renders with ``handlers.views`` and sends.
Messages go out as HTML without link previews (the application's ``Defaults``): every text
that is not rendered HTML is escaped (``messages.html``).
"""

from __future__ import annotations

import html
import re

from telegram import Message, Update
from telegram.constants import ChatType

from bot.present import messages
from bot.present.messages import Language
from bot.service import Library
from handlers.cards import linked, linked_passage, send_card
from handlers.state import Context
from handlers.views import (
    answer_keyboard,
    deep_link,
    examples_keyboard,
    interviews_keyboard,
    questions_keyboard,
    render_hit,
    render_passage,
)

PASSAGE_PAYLOAD = re.compile(r"^p_([A-Za-z0-9_-]{1,62})$")
CARD_PAYLOAD = re.compile(r"^c_([A-Za-z0-9_-]{1,62})$")
INTERVIEW_PAYLOAD = re.compile(r"^i_([a-z0-9-]{1,20})$")
LINKED_INTERVIEW = re.compile(r"start=i_([a-z0-9-]{1,20})")


def lang_of(update: Update, context: Context) -> Language:
    user = update.effective_user
    return context.bot_data.lang(user.language_code if user else None)


async def interview_of(library: Library, replied: Message | None) -> str | None:
    """The interview a reply is about: the chosen one, or the one of the passage replied to."""
    chosen = linked(replied, LINKED_INTERVIEW)
    if chosen:
        return chosen
    passage_id = linked_passage(replied)
    passage = await library.passage(passage_id) if passage_id else None
    return passage.interview if passage else None


async def reply_answer(update: Update, context: Context, question: str) -> None:
    """Answer a question with its best passage, or say honestly that there is none.

    A question sent in reply to a passage, or to an interview the reader chose, searches that
    interview only, and so do the answer's previous and next buttons.
    """
    message = update.effective_message
    if message is None:
        return
    state = context.bot_data
    lang = lang_of(update, context)
    library = state.library
    interview = await interview_of(library, message.reply_to_message)
    hits = await library.search(question, limit=2, interview=interview)
    if state.stats is not None and update.effective_user is not None:
        await state.stats.record(
            update.effective_user.id, hits[0].passage.interview if hits else interview, bool(hits), question
        )
    if not hits:
        await message.reply_text(
            messages.html(lang, "no_answer"),
            reply_markup=examples_keyboard(await library.interviews()),
            do_quote=True,
        )
        return
    await message.reply_text(
        render_hit(library.analyzer, context.bot.username, hits[0], lang),
        do_quote=True,
        reply_markup=answer_keyboard(hits[0].passage, 0, len(hits) > 1, lang, interview),
    )


# --- messages --------------------------------------------------------------------------------


async def on_private_text(update: Update, context: Context) -> None:
    """Any text in a private chat is a question (edited messages are answered again)."""
    message = update.effective_message
    if message and message.text:
        await reply_answer(update, context, message.text)


async def on_group_text(update: Update, context: Context) -> None:
    """In groups: a mention of the bot, or a reply to one of its messages, is a question."""
    message = update.effective_message
    if not message or not message.text:
        return
    username = context.bot.username
    mention = f"@{username}" if username else None
    replied_to_bot = bool(
        message.reply_to_message
        and message.reply_to_message.from_user
        and message.reply_to_message.from_user.id == context.bot.id
    )
    if mention and mention.lower() in message.text.lower():
        question = re.sub(re.escape(mention), " ", message.text, flags=re.IGNORECASE).strip()
    elif replied_to_bot:
        question = message.text
    else:
        return
    if question:
        await reply_answer(update, context, question)
    else:  # a bare mention: say how to ask
        await message.reply_text(messages.html(lang_of(update, context), "empty_question"))


async def on_ask(update: Update, context: Context) -> None:
    """/ask <question>, in groups and private chats alike."""
    question = " ".join(context.args or [])
    message = update.effective_message
    if not message:
        return
    if not question.strip():
        await message.reply_text(messages.html(lang_of(update, context), "empty_question"))
        return
    await reply_answer(update, context, question)


async def on_not_text(update: Update, context: Context) -> None:
    message = update.effective_message
    if message and message.chat.type == ChatType.PRIVATE:
        await message.reply_text(messages.html(lang_of(update, context), "not_text"))


# --- commands --------------------------------------------------------------------------------


async def on_start(update: Update, context: Context) -> None:
    message = update.effective_message
    if not message:
        return
    lang = lang_of(update, context)
    library = context.bot_data.library
    payload = context.args[0] if context.args else ""
    chosen = INTERVIEW_PAYLOAD.match(payload)
    if chosen:
        await send_interview_choice(update, context, chosen.group(1))
        return
    card = CARD_PAYLOAD.match(payload)
    if card:
        await send_card(update, context, card.group(1))
        return
    match = PASSAGE_PAYLOAD.match(payload)
    if match:
        passage = await library.passage(match.group(1))
        if passage is None:
            await message.reply_text(messages.html(lang, "gone"))
            return
        await message.reply_text(
            render_passage(context.bot.username, passage, lang),
            reply_markup=answer_keyboard(passage, 0, False, lang),
        )
        return
    interviews = await library.interviews()
    title, interviewee = (interviews[0].title, interviews[0].interviewee) if interviews else ("", "")
    await message.reply_text(
        messages.html(lang, "welcome", title=title, interviewee=interviewee),
        reply_markup=examples_keyboard(interviews),
    )


async def on_help(update: Update, context: Context) -> None:
    if update.effective_message:
        await update.effective_message.reply_text(
            messages.html(lang_of(update, context), "help", bot=context.bot.username or "bot")
        )


async def on_questions(update: Update, context: Context) -> None:
    message = update.effective_message
    if not message:
        return
    keyboard = questions_keyboard(await context.bot_data.library.interviews(), 100, 100)
    await message.reply_text(messages.html(lang_of(update, context), "questions"), reply_markup=keyboard)


async def on_random(update: Update, context: Context) -> None:
    message = update.effective_message
    passage = await context.bot_data.library.random_passage()
    if message and passage:
        lang = lang_of(update, context)
        await message.reply_text(
            render_passage(context.bot.username, passage, lang),
            reply_markup=answer_keyboard(passage, 0, False, lang),
        )


async def on_about(update: Update, context: Context) -> None:
    message = update.effective_message
    if not message:
        return
    lang = lang_of(update, context)
    parts = []
    for interview in await context.bot_data.library.interviews():
        details = [
            f"{messages.text(lang, label)}: {interview.get(key)}"
            for key, label in (("interviewer", "interviewer"), ("source", "source"), ("note", "note"))
            if interview.get(key)
        ]
        role = f"، {interview.role}" if interview.role else ""
        parts.append(
            messages.html(
                lang,
                "about",
                title=interview.title,
                interviewee=interview.interviewee,
                role=role,
                details="\n".join(details),
            )
        )
    await message.reply_text(trim_plain("\n\n".join(parts)))


def trim_plain(escaped: str, limit: int = 4096) -> str:
    """Escaped text cut to Telegram's message limit without leaving half an entity (``&amp;``)."""
    if len(escaped) <= limit:
        return escaped
    cut = escaped[:limit]
    amp = cut.rfind("&")
    return cut[:amp] if amp != -1 and ";" not in cut[amp:] else cut


async def on_interviews(update: Update, context: Context) -> None:
    message = update.effective_message
    if not message:
        return
    await message.reply_text(
        messages.html(lang_of(update, context), "interviews"),
        reply_markup=interviews_keyboard(await context.bot_data.library.interviews()),
    )


async def send_interview_choice(update: Update, context: Context, interview_id: str) -> None:
    """A message to reply to: questions sent in reply to it search this interview only."""
    chat = update.effective_chat
    if chat is None:
        return
    lang = lang_of(update, context)
    library = context.bot_data.library
    interview = await library.interview(interview_id)
    if interview is None:
        await context.bot.send_message(chat.id, messages.html(lang, "gone"))
        return
    text = messages.html(lang, "interview_chosen", title=interview.title, interviewee=interview.interviewee)
    link = deep_link(context.bot.username, f"i_{interview_id}")
    if link:
        text += f'\n<a href="{html.escape(link, quote=True)}">{html.escape(interview.title)}</a>'
    await context.bot.send_message(
        chat.id,
        text,
        reply_markup=questions_keyboard(await library.interviews(), 20, 20, only=interview_id),
    )
