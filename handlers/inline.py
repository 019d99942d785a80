"""Inline mode: ``@bot words`` in any chat lists matching passages to share as quotes."""

from __future__ import annotations

import hashlib

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.library.passages import Passage
from bot.present.render import snippet
from handlers.chat import PASSAGE_PAYLOAD, lang_of, render_hit, render_passage, searcher_of, small_number

PAGE = 10
MAX_RESULTS = 50  # Telegram's limit per answer, and how deep paging goes


def result_id(passage_id: str) -> str:
    """Telegram takes 1-64 bytes; an outside collection's id may be longer or not ASCII."""
    if passage_id.isascii() and 0 < len(passage_id) <= 64:
        return passage_id
    return "h" + hashlib.sha256(passage_id.encode("utf-8", "replace")).hexdigest()[:40]


def article(passage: Passage, message: str) -> InlineQueryResultArticle:
    title = passage.question or snippet(passage.text, 60)
    return InlineQueryResultArticle(
        id=result_id(passage.id),
        title=snippet(title, 100),
        description=snippet(passage.text, 160),
        input_message_content=InputTextMessageContent(
            message, parse_mode=ParseMode.HTML, link_preview_options=None
        ),
    )


async def on_inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.inline_query
    if query is None:
        return
    lang = lang_of(update, context)
    searcher = searcher_of(context)
    offset = min(small_number(query.offset, 10**9) or 0, MAX_RESULTS)
    text = query.query.strip()
    match = PASSAGE_PAYLOAD.match(text)
    results: list[InlineQueryResultArticle]
    if match:  # the share button: exactly this passage
        passage = await searcher.index.passage(match.group(1))
        results = [article(passage, render_passage(context, passage, lang))] if passage else []
        more = False
    elif not text:
        passages = await searcher.index.featured(offset, PAGE + 1)
        more = len(passages) > PAGE
        results = [article(p, render_passage(context, p, lang)) for p in passages[:PAGE]]
    else:
        hits = await searcher.search(text, limit=min(offset + PAGE + 1, MAX_RESULTS))
        page = hits[offset : offset + PAGE]
        more = len(hits) > offset + PAGE
        results = [article(h.passage, render_hit(context, h, lang)) for h in page]
    next_offset = str(offset + PAGE) if more and offset + PAGE < MAX_RESULTS else ""
    await query.answer(results, cache_time=60, is_personal=False, next_offset=next_offset)
