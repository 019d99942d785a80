"""Handlers for chats: questions and commands.

Each callback reads the update, asks the library, renders with ``handlers.views`` and sends.
Messages go out as HTML without link previews (the application's ``Defaults``): every text
that is not rendered HTML is escaped (``messages.html``).
"""

from __future__ import annotations

import html
import re
import time

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatType

from bot.conversation import FOLLOW_UPS, AboutInterview, Said
from bot.present import messages
from bot.present.messages import Language
from bot.service import Library
from handlers.cards import linked, linked_passage, send_card
from handlers.errors import quietly
from handlers.metrics import metrics
from handlers.replies import answer_query, reply
from handlers.state import Context
from handlers.talk import about_interview, english_question, follow_up, remember_answer, small_talk
from handlers.views import (
    answer_keyboard,
    deep_link,
    examples_keyboard,
    interviews_keyboard,
    questions_keyboard,
    render_hit,
    render_passage,
    tentative_keyboard,
)

PASSAGE_PAYLOAD = re.compile(r"^p_([A-Za-z0-9_-]{1,62})$")
CARD_PAYLOAD = re.compile(r"^c_([A-Za-z0-9_-]{1,62})$")
INTERVIEW_PAYLOAD = re.compile(r"^i_([a-z0-9-]{1,20})$")
LINKED_INTERVIEW = re.compile(r"start=i_([a-z0-9-]{1,20})")


def lang_of(update: Update, context: Context) -> Language:
    user = update.effective_user
    return context.bot_data.lang(user.language_code if user else None)


def text_of(message: Message) -> str:
    """What a message says: its text, or a photo's or a file's caption."""
    return message.text or message.caption or ""


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
    interview only, and so do the answer's previous and next buttons. An edited question is
    answered again only if its words changed, by editing the answer it got.
    """
    message = update.effective_message
    if message is None:
        return
    state = context.bot_data
    key = (message.chat_id, message.message_id)
    earlier = state.answered.recall(key)
    if update.edited_message is not None and earlier is not None and earlier[1] == question:
        return  # an edit that left the question as it was (a typo in a word we drop, a link)
    lang = lang_of(update, context)
    library = state.library
    reading = library.read(question)
    if isinstance(reading, Said) and reading.kind not in FOLLOW_UPS:
        if update.edited_message is None:  # small talk is not answered again when edited
            await small_talk(update, context, reading, lang)
        return
    if isinstance(reading, Said):  # a follow-up: read by id, not searched, so not throttled
        await follow_up(update, context, reading, lang)
        return
    if not await may_ask(update, context):
        return
    interview = await interview_of(library, message.reply_to_message)
    if isinstance(reading, AboutInterview):
        await about_interview(update, context, reading, interview, lang)
        return
    if library.reads_english(question):
        await english_question(update, context, question, interview)
        return
    hits = await library.search(question, limit=2, interview=interview)
    if state.stats is not None and update.effective_user is not None:
        await state.stats.record(
            update.effective_user.id, hits[0].passage.interview if hits else interview, bool(hits), question
        )
    if hits:
        text = render_hit(library.analyzer, context.bot.username, hits[0], lang)
        if hits[0].confident:
            keyboard = answer_keyboard(
                hits[0].passage, 0, len(hits) > 1, lang, interview, hits[0].answer_range
            )
        else:  # only the closest passage: say so first, and offer the questions as a way out
            text = f"{messages.html(lang, 'tentative')}\n\n{text}"
            keyboard = tentative_keyboard(
                hits[0].passage, len(hits) > 1, lang, interview, hits[0].answer_range
            )
    else:
        text, keyboard = messages.html(lang, "no_answer"), examples_keyboard(await library.interviews())
    if update.edited_message is not None and earlier is not None:
        edited = await quietly(
            context.bot.edit_message_text(text, message.chat_id, earlier[0], reply_markup=keyboard),
            "editMessageText",
        )
        if edited is not None:
            state.answered.keep(key, (earlier[0], question))
            return  # the answer now fits the question; else (it was deleted) answer anew
    undo = remember_answer(context, message, hits[0].passage) if hits else None
    sent = await reply(update, text, keyboard, quote=True)
    if sent is not None:
        state.answered.keep(key, (sent.message_id, question))
    elif undo is not None:
        undo()


# --- messages --------------------------------------------------------------------------------


async def on_private_text(update: Update, context: Context) -> None:
    """Any text in a private chat is a question, and so is a photo's caption."""
    message = update.effective_message
    if message and text_of(message).strip():
        await reply_answer(update, context, text_of(message))


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
        await reply_answer(update, context, question)
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
    await reply_answer(update, context, question)


async def on_not_text(update: Update, context: Context) -> None:
    """A sticker, a voice message or a photo without a caption, in a private chat."""
    message = update.effective_message
    if message and message.chat.type == ChatType.PRIVATE:
        await reply(update, messages.html(lang_of(update, context), "not_text"))


# --- commands --------------------------------------------------------------------------------


async def on_start(update: Update, context: Context) -> None:
    if not update.effective_message:
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
            await reply(update, messages.html(lang, "gone"))
            return
        await reply(
            update,
            render_passage(context.bot.username, passage, lang),
            answer_keyboard(passage, 0, False, lang),
        )
        return
    interviews = await library.interviews()
    title, interviewee = (interviews[0].title, interviews[0].interviewee) if interviews else ("", "")
    await reply(
        update,
        messages.html(lang, "welcome", title=title, interviewee=interviewee),
        examples_keyboard(interviews),
    )


async def on_help(update: Update, context: Context) -> None:
    await reply(update, messages.html(lang_of(update, context), "help", bot=context.bot.username or "bot"))


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
                title=interview.title,
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
    text = messages.html(lang, "interview_chosen", title=interview.title, interviewee=interview.interviewee)
    link = deep_link(context.bot.username, f"i_{interview_id}")
    if link:
        text += f'\n<a href="{html.escape(link, quote=True)}">{html.escape(interview.title)}</a>'
    await reply(update, text, questions_keyboard(await library.interviews(), 20, 20, only=interview_id))
