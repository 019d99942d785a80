"""The buttons under the bot's messages: one handler per kind of callback data
(``handlers.callbacks``), and one for data no kind accepts (forged, or from an old release)."""

from __future__ import annotations

import re

from telegram import Message, Update

from bot.present import messages
from bot.present.render import segment_html
from handlers.callbacks import ChooseInterview, FullAnswer, Move, OpenQuestion, SendCard
from handlers.cards import send_card
from handlers.chat import lang_of, send_interview_choice
from handlers.state import Context
from handlers.views import answer_keyboard, render_hit, render_passage


def question_of(message: Message | None) -> str | None:
    """The user's question an answer replied to (without /ask or a mention)."""
    original = message.reply_to_message if message else None
    if original is None or not original.text:
        return None
    text = original.text
    if text.startswith("/"):
        text = text.split(maxsplit=1)[1] if " " in text else ""
    return re.sub(r"@\w+", " ", text).strip() or None


def _pressed(update: Update) -> tuple[str, Message | None]:
    query = update.callback_query
    assert query is not None and isinstance(query.data, str)  # the handlers' patterns say so
    return query.data, query.message if isinstance(query.message, Message) else None


async def on_move(update: Update, context: Context) -> None:
    """Previous / next: the question is searched again, within the interview the first answer was."""
    query = update.callback_query
    data, message = _pressed(update)
    move = Move.parse(data)
    lang = lang_of(update, context)
    assert query is not None
    if move is None:
        await query.answer(messages.text(lang, "gone"))
        return
    question = question_of(message)
    if question is None or message is None:
        await query.answer(messages.text(lang, "expired"), show_alert=True)
        return
    library = context.bot_data.library
    hits = await library.search(question, limit=move.rank + 2, interview=move.interview)
    if move.rank >= len(hits):
        await query.answer(messages.text(lang, "no_more"))
        return
    await query.answer()
    hit = hits[move.rank]
    await message.edit_text(
        render_hit(library.analyzer, context.bot.username, hit, lang),
        reply_markup=answer_keyboard(hit.passage, move.rank, len(hits) > move.rank + 1, lang, move.interview),
    )


async def on_full_answer(update: Update, context: Context) -> None:
    data, message = _pressed(update)
    await _answer_passages(update, context, FullAnswer.parse(data), message, full=True)


async def on_open_question(update: Update, context: Context) -> None:
    data, message = _pressed(update)
    await _answer_passages(update, context, OpenQuestion.parse(data), message, full=False)


async def _answer_passages(
    update: Update,
    context: Context,
    target: FullAnswer | OpenQuestion | None,
    message: Message | None,
    full: bool,
) -> None:
    query, chat = update.callback_query, update.effective_chat
    assert query is not None
    lang = lang_of(update, context)
    library = context.bot_data.library
    passages = await library.answer(target.interview, target.number) if target else []
    await query.answer()
    if not passages:
        if message:
            await message.reply_text(messages.html(lang, "gone"))
        return
    if chat is None:
        return
    if full:
        for chunk in segment_html(passages, lang):
            await context.bot.send_message(chat.id, chunk)
    else:
        first = passages[0]
        await context.bot.send_message(
            chat.id,
            render_passage(context.bot.username, first, lang),
            reply_markup=answer_keyboard(first, 0, False, lang),
        )


async def on_choose_interview(update: Update, context: Context) -> None:
    data, _ = _pressed(update)
    choice = ChooseInterview.parse(data)
    assert update.callback_query is not None and choice is not None  # its pattern matched
    await update.callback_query.answer()
    await send_interview_choice(update, context, choice.interview)


async def on_send_card(update: Update, context: Context) -> None:
    data, _ = _pressed(update)
    card = SendCard.parse(data)
    assert update.callback_query is not None and card is not None  # its pattern matched
    await update.callback_query.answer()
    await send_card(update, context, card.passage_id)


async def on_unknown(update: Update, context: Context) -> None:
    """Data no kind accepts: a forged button, or one from a release that is gone."""
    if update.callback_query is not None:
        await update.callback_query.answer(messages.text(lang_of(update, context), "gone"))


HANDLERS = (
    (Move, on_move),
    (FullAnswer, on_full_answer),
    (OpenQuestion, on_open_question),
    (ChooseInterview, on_choose_interview),
    (SendCard, on_send_card),
)
