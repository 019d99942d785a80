"""The buttons under the bot's messages: one handler per kind of callback data
(``handlers.callbacks``), and one for data no kind accepts (forged, or from an old release)."""

from __future__ import annotations

import re

from telegram import Message, Update

from bot.present import messages
from bot.present.render import segment_html
from handlers.asking import may_ask, remember_answer
from handlers.callbacks import (
    ChooseInterview,
    FullAnswer,
    ListQuestions,
    Move,
    OpenAlternative,
    OpenQuestion,
    Refuse,
    SendCard,
    SendQuote,
    Settle,
)
from handlers.cards import send_card
from handlers.chat import send_interview_choice
from handlers.compose import render_reply
from handlers.errors import quietly
from handlers.replies import answer_query, lang_of, reply
from handlers.state import Context
from handlers.views import answer_keyboard, questions_keyboard, render_hit, render_passage, verdict_keyboard


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
    data, message = _pressed(update)
    move = Move.parse(data)
    lang = lang_of(update, context)
    if move is None:
        await answer_query(update, messages.text(lang, "gone"))
        return
    question = question_of(message)
    if question is None or message is None:
        await answer_query(update, messages.text(lang, "expired"), alert=True)
        return
    if not await may_ask(update, context):
        return
    library = context.bot_data.library
    hits = await library.search(question, limit=move.rank + 2, interview=move.interview)
    if move.rank >= len(hits):
        await answer_query(update, messages.text(lang, "no_more"))
        return
    await answer_query(update)  # a press too old to answer is still carried out
    hit = hits[move.rank]
    has_next = len(hits) > move.rank + 1
    keyboard = answer_keyboard(hit.passage, move.rank, has_next, lang, move.interview, hit.answer_range)
    keyboard = verdict_keyboard(keyboard, hit.passage.id, lang, move.interview is not None)
    text = render_hit(library.analyzer, context.bot.username, hit, lang)
    if not hit.confident:  # only the closest passage: never worded as an answer
        text = f"{messages.html(lang, 'tentative')}\n\n{text}"
    await quietly(message.edit_text(text, reply_markup=keyboard), "editMessageText")  # tapped twice: as it is


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
    lang = lang_of(update, context)
    library = context.bot_data.library
    passages = await library.answer(target.interview, target.number) if target else []
    await answer_query(update)
    if not passages:
        await reply(update, messages.html(lang, "gone"))
        return
    if full:
        for chunk in segment_html(passages, lang):
            if await reply(update, chunk) is None:
                return  # the chat cannot take it (the reader blocked the bot, the topic closed)
    else:
        first = passages[0]
        await reply(
            update, render_passage(context.bot.username, first, lang), answer_keyboard(first, 0, False, lang)
        )


async def on_choose_interview(update: Update, context: Context) -> None:
    data, _ = _pressed(update)
    choice = ChooseInterview.parse(data)
    assert choice is not None  # its pattern matched
    await answer_query(update)
    await send_interview_choice(update, context, choice.interview)


async def on_send_card(update: Update, context: Context) -> None:
    data, _ = _pressed(update)
    card = SendCard.parse(data)
    assert card is not None  # its pattern matched
    await answer_query(update)
    await send_card(update, context, card.passage_id)


async def on_send_quote(update: Update, context: Context) -> None:
    data, _ = _pressed(update)
    quote = SendQuote.parse(data)
    assert quote is not None  # its pattern matched
    await answer_query(update)
    await send_card(update, context, quote.passage_id, (quote.first, quote.count))


async def on_list_questions(update: Update, context: Context) -> None:
    data, _ = _pressed(update)
    listed = ListQuestions.parse(data)
    assert listed is not None  # its pattern matched
    await answer_query(update)
    interviews = await context.bot_data.library.interviews()
    keyboard = questions_keyboard(interviews, 100, 100, only=listed.interview)
    await reply(update, messages.html(lang_of(update, context), "questions"), keyboard)


async def on_refuse(update: Update, context: Context) -> None:
    """«این نبود»: the refusal is kept, and the next candidate takes the answer's place at once."""
    data, _ = _pressed(update)
    refused = Refuse.parse(data)
    assert refused is not None  # its pattern matched
    await reconsider(update, context, refused, settled=False)


async def on_open_alternative(update: Update, context: Context) -> None:
    """An alternative opened: it takes the answer's place, and is kept as the one the reader chose."""
    data, _ = _pressed(update)
    opened = OpenAlternative.parse(data)
    assert opened is not None  # its pattern matched
    await reconsider(update, context, opened, settled=True)


async def reconsider(
    update: Update, context: Context, verdict: Refuse | OpenAlternative, settled: bool
) -> None:
    """Keep the reader's verdict on the passage, then edit the answer to the passage it leads to
    (the next candidate, or the alternative opened), with its own alternatives and buttons."""
    _, message = _pressed(update)
    lang = lang_of(update, context)
    question = question_of(message)
    if question is None or message is None:
        await answer_query(update, messages.text(lang, "expired"), alert=True)
        return
    if not await may_ask(update, context):
        return
    await judge(update, context, question, verdict.passage_id, settled)
    library = context.bot_data.library
    answer = await library.reconsider(question, verdict.passage_id, verdict.scoped, refused=not settled)
    if answer is None:
        await answer_query(update, messages.text(lang, "no_more"))
        return
    await answer_query(update)
    rendered = render_reply(answer, lang, context.bot.username, library.analyzer)
    first = rendered.messages[0]
    if rendered.answered is not None:
        remember_answer(context, message, rendered.answered)  # «ادامه» continues what is shown
    await quietly(message.edit_text(first.text, reply_markup=first.keyboard), "editMessageText")


async def on_settle(update: Update, context: Context) -> None:
    """👍: the passage is the answer; kept, and thanked for, with nothing else changed."""
    data, message = _pressed(update)
    settle = Settle.parse(data)
    assert settle is not None  # its pattern matched
    lang = lang_of(update, context)
    question = question_of(message)
    if question is None:
        await answer_query(update, messages.text(lang, "expired"), alert=True)
        return
    await judge(update, context, question, settle.passage_id, settled=True)
    await answer_query(update, messages.text(lang, "thanks_judged"))


async def judge(update: Update, context: Context, question: str, passage_id: str, settled: bool) -> None:
    stats, user = context.bot_data.stats, update.effective_user
    if stats is not None and user is not None:
        await stats.judge(user.id, question, passage_id, settled)


async def on_unknown(update: Update, context: Context) -> None:
    """Data no kind accepts: a forged button, or one from a release that is gone."""
    await answer_query(update, messages.text(lang_of(update, context), "gone"))


HANDLERS = (
    (Move, on_move),
    (FullAnswer, on_full_answer),
    (OpenQuestion, on_open_question),
    (ChooseInterview, on_choose_interview),
    (SendCard, on_send_card),
    (SendQuote, on_send_quote),
    (ListQuestions, on_list_questions),
    (Refuse, on_refuse),
    (Settle, on_settle),
    (OpenAlternative, on_open_alternative),
)
