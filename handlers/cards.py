"""Quote cards: a passage as a picture, drawn once off the event loop, then resent by file_id."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib

from telegram import Message, Update

from bot.present import messages
from bot.present.render import caption_html
from bot.search.scoring import sentences_of
from handlers.payloads import OpenPassage
from handlers.replies import lang_of, reply, reply_photo
from handlers.state import Context
from handlers.views import passage_link


def card_key(passage_id: str, style: str, text: str) -> str:
    """What a card is known by: its passage, style and the text drawn (a corrected interview,
    or a quote of some of its sentences, is another card)."""
    return f"{passage_id}|{style}|{hashlib.sha256(text.encode()).hexdigest()[:16]}"


def linked_passage(message: Message | None) -> str | None:
    """The passage a bot message links to (every answer carries its deep link)."""
    found = OpenPassage.linked(message)
    return found.value if found else None


async def on_card(update: Update, context: Context) -> None:
    """/card <passage id>, or /card in reply to one of the bot's answers."""
    message = update.effective_message
    if not message:
        return
    passage_id = context.args[0] if context.args else linked_passage(message.reply_to_message)
    if not passage_id:
        await reply(update, messages.html(lang_of(update, context), "card_how"))
        return
    await send_card(update, context, passage_id)


async def send_card(
    update: Update, context: Context, passage_id: str, sentences: tuple[int, int] = (0, 0)
) -> None:
    """The passage as a quote card; with ``sentences`` (first, how many), just those: the
    short quote people post."""
    state = context.bot_data
    lang = lang_of(update, context)
    library = state.library
    passage = await library.passage(passage_id)
    quote = sentences_of(passage.text, *sentences) if passage is not None and sentences[1] else ""
    if passage is None or (sentences[1] and not quote):
        await reply(update, messages.html(lang, "gone"))
        return
    style = state.card_style
    caption = caption_html(passage, lang, passage_link(context.bot.username, passage.id))
    if quote:
        passage = dataclasses.replace(passage, text=quote, truncated=False)
    key = card_key(passage.id, style, passage.text)
    file_id = await state.cards.get(key)
    if file_id is not None:
        await reply_photo(update, file_id, caption)
        return
    from bot.present.card import STYLES, card_text, render_card  # Pillow loads with the first card

    interview = await library.interview(passage.interview)
    text = card_text(passage, interview.role if interview else "", f"@{context.bot.username}")
    png = await asyncio.to_thread(render_card, text, STYLES[style], state.card_engine)
    sent = await reply_photo(update, png, caption)
    if sent is not None and sent.photo:
        await state.cards.keep(key, sent.photo[-1].file_id)
