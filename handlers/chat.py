"""Handlers for chats: questions, commands and the buttons under answers.

Each callback reads the update, calls the search core, renders with ``bot.render`` and sends.
Buttons are stateless: their callback data holds passage ids and positions, and "next answer"
re-reads the question from the user's message the answer replied to, so they keep working after
a restart and on another replica.
"""

from __future__ import annotations

import asyncio
import functools
import html
import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.ext import ContextTypes
from telegram.helpers import create_deep_linked_url

from bot.analysis.analyzer import Analyzer
from bot.library.passages import Passage
from bot.present import messages
from bot.present.messages import Language
from bot.present.render import button_label, caption_html, highlight_spans, passage_html, segment_html
from bot.search.searcher import Hit, Searcher
from bot.stats import Stats

PASSAGE_PAYLOAD = re.compile(r"^p_([A-Za-z0-9_-]{1,62})$")
CARD_PAYLOAD = re.compile(r"^c_([A-Za-z0-9_-]{1,62})$")
LINKED_PASSAGE = re.compile(r"start=p_([A-Za-z0-9_-]{1,62})")
LINKED_INTERVIEW = re.compile(r"start=i_([a-z0-9-]{1,20})")
INTERVIEW_PAYLOAD = re.compile(r"^i_([a-z0-9-]{1,20})$")
DEEP_LINK_PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
CALLBACK_BYTES = 64
EXAMPLES = 3


def small_number(text: str, limit: int) -> int | None:
    """A non-negative number below ``limit`` from forged-or-not user data; None otherwise.

    (str.isdigit alone accepts «²» and «۳», which int() may refuse or read unexpectedly.)
    """
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        return None
    value = int(text)
    return value if value < limit else None


def searcher_of(context: ContextTypes.DEFAULT_TYPE) -> Searcher:
    searcher: Searcher = context.bot_data["searcher"]
    return searcher


def lang_of(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Language:
    user = update.effective_user
    return messages.language(user.language_code if user else None, context.bot_data.get("language", "auto"))


def passage_link(context: ContextTypes.DEFAULT_TYPE, passage_id: str) -> str | None:
    """``t.me/<bot>?start=p_<id>``, or None for an id a deep link cannot carry (64 of A-Za-z0-9_-)."""
    return deep_link(context.bot.username, passage_id)


@functools.lru_cache(maxsize=4096)
def deep_link(username: str, passage_id: str) -> str | None:
    payload = f"p_{passage_id}"
    if not DEEP_LINK_PAYLOAD.match(payload):
        return None
    return create_deep_linked_url(username, payload)


@functools.lru_cache(maxsize=1024)  # PTB's objects are frozen: one keyboard serves every answer it fits
def answer_keyboard(passage: Passage, rank: int, has_next: bool, lang: Language) -> InlineKeyboardMarkup:
    moves = []
    if rank > 0:
        moves.append(InlineKeyboardButton(messages.text(lang, "previous"), callback_data=f"n:{rank - 1}"))
    if has_next:
        moves.append(InlineKeyboardButton(messages.text(lang, "next"), callback_data=f"n:{rank + 1}"))
    rows = [moves] if moves else []
    actions = []
    full = f"f:{passage.interview}:{passage.segment}"
    if len(full.encode()) <= CALLBACK_BYTES:  # always for interviews; a JSONL file name may be long
        actions.append(InlineKeyboardButton(messages.text(lang, "full"), callback_data=full))
    actions.append(InlineKeyboardButton(messages.text(lang, "share"), switch_inline_query=f"p_{passage.id}"))
    card = f"c:{passage.id}"
    if len(card.encode()) <= CALLBACK_BYTES:
        actions.append(InlineKeyboardButton(messages.text(lang, "card"), callback_data=card))
    rows.append(actions)
    return InlineKeyboardMarkup(rows)


async def questions_keyboard(
    searcher: Searcher, per_interview: int, most: int, only: str | None = None
) -> InlineKeyboardMarkup:
    """The interviews' (or one interview's) questions as buttons, each opening its answer."""
    listed = []
    for interview in await searcher.index.interviews():
        if only is None or interview["id"] == only:
            questions = interview["questions"]
            assert isinstance(questions, list)
            listed.append((str(interview["id"]), tuple(map(str, questions[:per_interview]))))
    return questions_markup(tuple(listed), most)


@functools.lru_cache(maxsize=64)  # the same few lists, under every question nothing answers
def questions_markup(interviews: tuple[tuple[str, tuple[str, ...]], ...], most: int) -> InlineKeyboardMarkup:
    buttons = [
        [InlineKeyboardButton(button_label(question), callback_data=f"q:{interview}:{number}")]
        for interview, questions in interviews
        for number, question in enumerate(questions, start=1)
    ]
    return InlineKeyboardMarkup(buttons[:most])


async def examples_keyboard(searcher: Searcher) -> InlineKeyboardMarkup:
    return await questions_keyboard(searcher, EXAMPLES, EXAMPLES)


def render_hit(context: ContextTypes.DEFAULT_TYPE, hit: Hit, lang: Language) -> str:
    link = passage_link(context, hit.passage.id)
    return hit_html(searcher_of(context).analyzer, hit.passage, hit.matched, lang, link)


@functools.lru_cache(maxsize=1024)  # a pure function of its arguments; the same answers recur
def hit_html(
    analyzer: Analyzer, passage: Passage, matched: frozenset[str], lang: Language, link: str | None
) -> str:
    return passage_html(passage, highlight_spans(analyzer, passage.text, matched), lang, link)


def render_passage(context: ContextTypes.DEFAULT_TYPE, passage: Passage, lang: Language) -> str:
    return passage_html(passage, [], lang, passage_link(context, passage.id))


async def reply_answer(update: Update, context: ContextTypes.DEFAULT_TYPE, question: str) -> None:
    """Answer a question with its best passage, or say honestly that there is none.

    A question sent in reply to a passage, or to an interview the reader chose, searches that
    interview only.
    """
    message = update.effective_message
    if message is None:
        return
    lang = lang_of(update, context)
    searcher = searcher_of(context)
    interview = await interview_of(searcher, message.reply_to_message)
    hits = await searcher.search(question, limit=2, interview=interview)
    stats: Stats | None = context.bot_data.get("stats")
    if stats is not None and update.effective_user is not None:
        await stats.record(
            update.effective_user.id, hits[0].passage.interview if hits else interview, bool(hits), question
        )
    if not hits:
        await message.reply_text(
            messages.text(lang, "no_answer"), reply_markup=await examples_keyboard(searcher), do_quote=True
        )
        return
    await message.reply_html(
        render_hit(context, hits[0], lang),
        do_quote=True,
        reply_markup=answer_keyboard(hits[0].passage, 0, len(hits) > 1, lang),
        disable_web_page_preview=True,
    )


# --- messages --------------------------------------------------------------------------------


async def on_private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any text in a private chat is a question (edited messages are answered again)."""
    message = update.effective_message
    if message and message.text:
        await reply_answer(update, context, message.text)


async def on_group_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
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
        await message.reply_text(messages.text(lang_of(update, context), "empty_question"))


async def on_ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ask <question>, in groups and private chats alike."""
    question = " ".join(context.args or [])
    message = update.effective_message
    if not message:
        return
    if not question.strip():
        await message.reply_text(messages.text(lang_of(update, context), "empty_question"))
        return
    await reply_answer(update, context, question)


async def on_not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message and message.chat.type == ChatType.PRIVATE:
        await message.reply_text(messages.text(lang_of(update, context), "not_text"))


# --- commands --------------------------------------------------------------------------------


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if not message:
        return
    lang = lang_of(update, context)
    searcher = searcher_of(context)
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
        passage = await searcher.index.passage(match.group(1))
        if passage is None:
            await message.reply_text(messages.text(lang, "gone"))
            return
        await message.reply_html(
            render_passage(context, passage, lang),
            reply_markup=answer_keyboard(passage, 0, False, lang),
            disable_web_page_preview=True,
        )
        return
    interviews = await searcher.index.interviews()
    first = interviews[0] if interviews else {"title": "", "interviewee": ""}
    await message.reply_text(
        messages.text(lang, "welcome", title=str(first["title"]), interviewee=str(first["interviewee"])),
        reply_markup=await examples_keyboard(searcher),
    )


async def on_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_message:
        await update.effective_message.reply_text(
            messages.text(lang_of(update, context), "help", bot=context.bot.username or "bot")
        )


async def on_questions(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if not message:
        return
    keyboard = await questions_keyboard(searcher_of(context), 100, 100)  # Telegram's limit per keyboard
    await message.reply_text(messages.text(lang_of(update, context), "questions"), reply_markup=keyboard)


async def on_random(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    passage = await searcher_of(context).index.random_passage()
    if message and passage:
        lang = lang_of(update, context)
        await message.reply_html(
            render_passage(context, passage, lang),
            reply_markup=answer_keyboard(passage, 0, False, lang),
            disable_web_page_preview=True,
        )


async def on_about(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if not message:
        return
    lang = lang_of(update, context)
    parts = []
    for interview in await searcher_of(context).index.interviews():
        meta = interview["meta"]
        assert isinstance(meta, dict)
        details = [
            f"{messages.text(lang, label)}: {meta[key]}"
            for key, label in (("interviewer", "interviewer"), ("source", "source"), ("note", "note"))
            if meta.get(key)
        ]
        role = f"، {meta['role']}" if meta.get("role") else ""
        parts.append(
            messages.text(
                lang,
                "about",
                title=str(interview["title"]),
                interviewee=str(interview["interviewee"]),
                role=role,
                details="\n".join(details),
            )
        )
    await message.reply_text("\n\n".join(parts)[:4096])


# --- buttons ---------------------------------------------------------------------------------


def question_of(message: Message | None) -> str | None:
    """The user's question an answer replied to (without /ask or a mention)."""
    original = message.reply_to_message if message else None
    if original is None or not original.text:
        return None
    text = original.text
    if text.startswith("/"):
        text = text.split(maxsplit=1)[1] if " " in text else ""
    return re.sub(r"@\w+", " ", text).strip() or None


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None or not query.data or not isinstance(query.data, str):
        return
    lang = lang_of(update, context)
    kind, _, rest = query.data.partition(":")
    searcher = searcher_of(context)
    message = query.message if isinstance(query.message, Message) else None

    rank = small_number(rest, 50) if kind == "n" else None
    if rank is not None:
        question = question_of(message)
        if question is None or message is None:
            await query.answer(messages.text(lang, "expired"), show_alert=True)
            return
        hits = await searcher.search(question, limit=rank + 2)
        if rank >= len(hits):
            await query.answer(messages.text(lang, "no_more"))
            return
        await query.answer()
        await message.edit_text(
            render_hit(context, hits[rank], lang),
            parse_mode=ParseMode.HTML,
            reply_markup=answer_keyboard(hits[rank].passage, rank, len(hits) > rank + 1, lang),
            disable_web_page_preview=True,
        )
    elif kind == "i":
        await query.answer()
        await send_interview_choice(update, context, rest)
    elif kind == "c":
        await query.answer()
        await send_card(update, context, rest)
    elif kind in ("f", "q"):
        interview, _, number = rest.rpartition(":")
        segment = small_number(number, 10_000)
        passages = await searcher.index.segment(interview, segment) if segment is not None else []
        await query.answer()
        if not passages:
            if message:
                await message.reply_text(messages.text(lang, "gone"))
            return
        chat = update.effective_chat
        if kind == "f" and chat:
            for chunk in segment_html(passages, lang):
                await context.bot.send_message(chat.id, chunk, parse_mode=ParseMode.HTML)
        elif chat:
            first = passages[0]
            await context.bot.send_message(
                chat.id,
                render_passage(context, first, lang),
                parse_mode=ParseMode.HTML,
                reply_markup=answer_keyboard(first, 0, False, lang),
                disable_web_page_preview=True,
            )
    else:
        await query.answer(messages.text(lang, "gone"))


# --- quote cards -----------------------------------------------------------------------------


async def on_card(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/card <passage id>, or /card in reply to one of the bot's answers."""
    message = update.effective_message
    if not message:
        return
    passage_id = context.args[0] if context.args else linked_passage(message.reply_to_message)
    if not passage_id:
        await message.reply_text(messages.text(lang_of(update, context), "card_how"))
        return
    await send_card(update, context, passage_id)


def linked(message: Message | None, pattern: re.Pattern[str]) -> str | None:
    """What a bot message links to (every answer carries its deep link), by pattern."""
    if message is None:
        return None
    urls = [e.url for e in (message.entities or ()) + (message.caption_entities or ()) if e.url]
    for text in [*urls, message.text or "", message.caption or ""]:
        found = pattern.search(text)
        if found:
            return found.group(1)
    return None


def linked_passage(message: Message | None) -> str | None:
    return linked(message, LINKED_PASSAGE)


async def interview_of(searcher: Searcher, replied: Message | None) -> str | None:
    """The interview a reply is about: the chosen one, or the one of the passage replied to."""
    chosen = linked(replied, LINKED_INTERVIEW)
    if chosen:
        return chosen
    passage_id = linked_passage(replied)
    passage = await searcher.index.passage(passage_id) if passage_id else None
    return passage.interview if passage else None


async def on_interviews(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if not message:
        return
    interviews = await searcher_of(context).index.interviews()
    buttons = [
        [
            InlineKeyboardButton(
                button_label(f"{i['title']} — {i['interviewee']}"), callback_data=f"i:{i['id']}"
            )
        ]
        for i in interviews[:100]
    ]
    await message.reply_text(
        messages.text(lang_of(update, context), "interviews"), reply_markup=InlineKeyboardMarkup(buttons)
    )


async def send_interview_choice(
    update: Update, context: ContextTypes.DEFAULT_TYPE, interview_id: str
) -> None:
    """A message to reply to: questions sent in reply to it search this interview only."""
    chat = update.effective_chat
    if chat is None:
        return
    lang = lang_of(update, context)
    found = [i for i in await searcher_of(context).index.interviews() if i["id"] == interview_id]
    if not found:
        await context.bot.send_message(chat.id, messages.text(lang, "gone"))
        return
    interview = found[0]
    text = html.escape(
        messages.text(
            lang, "interview_chosen", title=str(interview["title"]), interviewee=str(interview["interviewee"])
        )
    )
    username = context.bot.username
    link = create_deep_linked_url(username, f"i_{interview_id}") if username else ""
    if link:
        text += f'\n<a href="{html.escape(link, quote=True)}">{html.escape(str(interview["title"]))}</a>'
    await context.bot.send_message(
        chat.id,
        text,
        parse_mode=ParseMode.HTML,
        reply_markup=await questions_keyboard(searcher_of(context), 20, 20, only=interview_id),
    )


async def send_card(update: Update, context: ContextTypes.DEFAULT_TYPE, passage_id: str) -> None:
    """The passage as a picture: rendered once off the event loop, then resent by file_id."""
    chat = update.effective_chat
    if chat is None:
        return
    lang = lang_of(update, context)
    searcher = searcher_of(context)
    passage = await searcher.index.passage(passage_id)
    if passage is None:
        await context.bot.send_message(chat.id, messages.text(lang, "gone"))
        return
    style = context.bot_data.get("card_style", "square")
    cache: dict[tuple[str, str], str] = context.bot_data.setdefault("card_file_ids", {})
    caption = caption_html(passage, lang, passage_link(context, passage.id))
    file_id = cache.get((passage.id, style))
    if file_id is None:
        from bot.present.card import STYLES, card_text, render_card  # Pillow loads with the first card

        role = await searcher.index.role(passage.interview)
        text = card_text(passage, role, f"@{context.bot.username}")
        engine = context.bot_data.get("card_engine")
        png = await asyncio.to_thread(render_card, text, STYLES[style], engine)
        sent = await context.bot.send_photo(chat.id, png, caption=caption, parse_mode=ParseMode.HTML)
        if sent.photo:
            cache[(passage.id, style)] = sent.photo[-1].file_id
    else:
        await context.bot.send_photo(chat.id, file_id, caption=caption, parse_mode=ParseMode.HTML)
