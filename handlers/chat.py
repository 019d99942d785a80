"""Handlers for chats: questions and commands.

A message that may be a question goes to ``handlers.asking.ask`` (one core call, one rendering,
one send); commands read the library and reply. Messages go out as HTML without link previews
(the application's ``Defaults``): every text that is not rendered HTML is escaped
(``messages.html``).
"""

from __future__ import annotations

import html

from telegram import InlineKeyboardMarkup, Message, MessageEntity, Update
from telegram.constants import ChatType

from bot.library.interview import InterviewInfo
from bot.present import messages
from bot.present.conversation import library_text
from handlers.asking import ask
from handlers.cards import send_card
from handlers.payloads import OpenCard, OpenPassage, PickInterview
from handlers.replies import lang_of, reply
from handlers.state import Context
from handlers.views import (
    answer_keyboard,
    deep_link,
    interviews_keyboard,
    questions_keyboard,
    render_passage,
)

__all__ = ["PASSAGE_PAYLOAD", "lang_of", "trim_plain"]  # inline and admin use these
PASSAGE_PAYLOAD = OpenPassage.SHARED  # the share button's inline query: exactly this passage
EXAMPLES = 3  # example questions under /start: one from each of this many interviews


def text_of(message: Message) -> str:
    """What a message says: its text, or a photo's or a file's caption."""
    return message.text or message.caption or ""


# --- messages --------------------------------------------------------------------------------


async def on_private_text(update: Update, context: Context) -> None:
    """Any text in a private chat is a question, and so is a photo's caption."""
    message = update.effective_message
    if message and text_of(message).strip():
        await ask(update, context, text_of(message))


def mention_of(message: Message, username: str | None, bot_id: int) -> str | None:
    """The message without the bot's mention, if it mentions the bot: a ``mention`` entity that
    is @<username> whole (not @<username>_v2, not x@<username>.com), case aside, or a
    ``text_mention`` of the bot. None when it does not mention the bot."""
    text = text_of(message)
    kinds: list[str | None] = [MessageEntity.MENTION, MessageEntity.TEXT_MENTION]
    entities = message.parse_entities(kinds) if message.text else message.parse_caption_entities(kinds)
    handle = f"@{username}".lower() if username else None
    named = [
        value
        for entity, value in entities.items()
        if (entity.type == MessageEntity.MENTION and value.lower() == handle)
        or (entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot_id)
    ]
    if not named:
        return None
    for value in named:
        text = text.replace(value, " ", 1)
    return text.strip()


def replies_to_bot(message: Message, bot_id: int) -> bool:
    """A reply to one of the bot's messages. In a forum topic every message replies to the
    topic's first message, which is the bot's when the bot made the topic: that is not a reply."""
    replied = message.reply_to_message
    if replied is None or replied.from_user is None or replied.from_user.id != bot_id:
        return False
    return not (message.is_topic_message and replied.message_id == message.message_thread_id)


async def on_group_text(update: Update, context: Context) -> None:
    """In groups: a mention of the bot, or a reply to one of its messages, is a question."""
    message = update.effective_message
    if not message or not text_of(message):
        return
    question = mention_of(message, context.bot.username, context.bot.id)
    if question is None and replies_to_bot(message, context.bot.id):
        question = text_of(message)
    if question is None:
        return
    if question:
        await ask(update, context, question)
    elif update.edited_message is None:  # a bare mention: say how to ask
        await reply(update, messages.html(lang_of(update, context), "empty_question"))


async def on_ask(update: Update, context: Context) -> None:
    """/ask <question>, in groups and private chats alike."""
    question = " ".join(context.args or [])
    message = update.effective_message
    if not message:
        return
    if not question.strip():
        await reply(update, messages.html(lang_of(update, context), "empty_question"))
        return
    await ask(update, context, question)


async def on_not_text(update: Update, context: Context) -> None:
    """A sticker, a voice message or a photo without a caption, in a private chat."""
    message = update.effective_message
    if message and message.chat.type == ChatType.PRIVATE:
        await reply(update, messages.html(lang_of(update, context), "not_text"))


# --- commands --------------------------------------------------------------------------------


async def on_start(update: Update, context: Context) -> None:
    """/start: what the library holds and what the bot can do, with an example question from
    each of a few interviews."""
    lang = lang_of(update, context)
    interviews = await context.bot_data.library.interviews()
    text = messages.html(
        lang, "welcome", library=library_text(interviews, lang), can=messages.text(lang, "can")
    )
    await reply(update, text, examples_of(interviews))


def examples_of(interviews: tuple[InterviewInfo, ...]) -> InlineKeyboardMarkup | None:
    """An example question from each of the first few interviews (three of a lone one's)."""
    return questions_keyboard(interviews, 1 if len(interviews) > 1 else EXAMPLES, EXAMPLES)


async def on_start_passage(update: Update, context: Context) -> None:
    """/start p_<passage>: the passage every answer links to."""
    message = update.effective_message
    payload = OpenPassage.parse(message.text or "") if message else None
    if payload is None:
        return
    lang = lang_of(update, context)
    passage = await context.bot_data.library.passage(payload.value)
    if passage is None:
        await reply(update, messages.html(lang, "gone"))
        return
    await reply(
        update, render_passage(context.bot.username, passage, lang), answer_keyboard(passage, 0, False, lang)
    )


async def on_start_card(update: Update, context: Context) -> None:
    message = update.effective_message
    payload = OpenCard.parse(message.text or "") if message else None
    if payload is not None:
        await send_card(update, context, payload.value)


async def on_start_interview(update: Update, context: Context) -> None:
    message = update.effective_message
    payload = PickInterview.parse(message.text or "") if message else None
    if payload is not None:
        await send_interview_choice(update, context, payload.value)


START_HANDLERS = (
    (OpenPassage, on_start_passage),
    (OpenCard, on_start_card),
    (PickInterview, on_start_interview),
)


async def on_help(update: Update, context: Context) -> None:
    """/help: the commands, what the library holds and what the bot can do."""
    lang = lang_of(update, context)
    interviews = await context.bot_data.library.interviews()
    library = library_text(interviews, lang)
    text = messages.html(
        lang, "help", bot=context.bot.username or "bot", library=library, can=messages.text(lang, "can")
    )
    await reply(update, text, examples_of(interviews))


async def on_questions(update: Update, context: Context) -> None:
    keyboard = questions_keyboard(await context.bot_data.library.interviews(), 100, 100)
    await reply(update, messages.html(lang_of(update, context), "questions"), keyboard)


async def on_random(update: Update, context: Context) -> None:
    passage = await context.bot_data.library.random_passage()
    if passage:
        lang = lang_of(update, context)
        await reply(
            update,
            render_passage(context.bot.username, passage, lang),
            answer_keyboard(passage, 0, False, lang),
        )


async def on_about(update: Update, context: Context) -> None:
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
                title=messages.quoted(interview.title),
                interviewee=interview.interviewee,
                role=role,
                details="\n".join(details),
            )
        )
    await reply(update, trim_plain("\n\n".join(parts)))


def trim_plain(escaped: str, limit: int = 4096) -> str:
    """Escaped text cut to Telegram's message limit without leaving half an entity (``&amp;``)."""
    if len(escaped) <= limit:
        return escaped
    cut = escaped[:limit]
    amp = cut.rfind("&")
    return cut[:amp] if amp != -1 and ";" not in cut[amp:] else cut


async def on_interviews(update: Update, context: Context) -> None:
    await reply(
        update,
        messages.html(lang_of(update, context), "interviews"),
        interviews_keyboard(await context.bot_data.library.interviews()),
    )


async def send_interview_choice(update: Update, context: Context, interview_id: str) -> None:
    """A message to reply to: questions sent in reply to it search this interview only."""
    lang = lang_of(update, context)
    library = context.bot_data.library
    interview = await library.interview(interview_id)
    if interview is None:
        await reply(update, messages.html(lang, "gone"))
        return
    title = messages.quoted(interview.title)
    text = messages.html(lang, "interview_chosen", title=title, interviewee=interview.interviewee)
    link = deep_link(context.bot.username, PickInterview(interview_id).encode())
    if link:
        text += f'\n<a href="{html.escape(link, quote=True)}">{html.escape(title)}</a>'
    await reply(update, text, questions_keyboard(await library.interviews(), 20, 20, only=interview_id))
