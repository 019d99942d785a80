"""Inline mode: ``@bot words`` in any chat lists matching passages to share as quotes."""

from __future__ import annotations

import hashlib

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update

from bot.analysis.analyzer import Analyzer
from bot.library.passages import Passage
from bot.present.messages import Language
from bot.present.render import quote_html, snippet
from bot.search.searcher import Hit
from handlers.callbacks import small_number
from handlers.chat import PASSAGE_PAYLOAD, lang_of
from handlers.errors import quietly
from handlers.state import Context
from handlers.views import passage_link, render_hit, render_passage

PAGE = 10
MAX_RESULTS = 50  # Telegram's limit per answer, and how deep paging goes


def result_id(passage_id: str) -> str:
    """Telegram takes 1-64 bytes; an outside collection's id may be longer or not ASCII."""
    if passage_id.isascii() and 0 < len(passage_id) <= 64:
        return passage_id
    return "h" + hashlib.sha256(passage_id.encode("utf-8", "replace")).hexdigest()[:40]


def article(passage: Passage, message: str, short: str = "") -> InlineQueryResultArticle:
    """A passage to share; with ``short`` (its answering sentences), the short quote of it."""
    title = f"💬 {short}" if short else passage.question or snippet(passage.text, 60)
    return InlineQueryResultArticle(
        id=result_id(f"s:{passage.id}" if short else passage.id),
        title=snippet(title, 100),
        description=snippet(passage.text, 160),
        input_message_content=InputTextMessageContent(message),  # HTML, no preview: the Defaults
    )


def shared(
    analyzer: Analyzer, username: str | None, hit: Hit, lang: Language
) -> list[InlineQueryResultArticle]:
    """What a found passage offers to share: the short quote of its answering sentences (what
    people post), then the whole passage."""
    whole = article(hit.passage, render_hit(analyzer, username, hit, lang))
    if not hit.answer_range[1]:
        return [whole]
    short = quote_html(hit.passage, hit.answer, lang, passage_link(username, hit.passage.id))
    return [article(hit.passage, short, snippet(hit.answer, 60)), whole]


async def on_inline_query(update: Update, context: Context) -> None:
    query = update.inline_query
    if query is None:
        return
    lang = lang_of(update, context)
    library = context.bot_data.library
    username = context.bot.username
    offset = min(small_number(query.offset, 10**9) or 0, MAX_RESULTS)
    text = query.query.strip()
    match = PASSAGE_PAYLOAD.match(text)
    results: list[InlineQueryResultArticle]
    if match:  # the share button: exactly this passage
        passage = await library.passage(match.group(1))
        results = [article(passage, render_passage(username, passage, lang))] if passage else []
        more = False
    elif not text:
        passages = await library.featured(offset, PAGE + 1)
        more = len(passages) > PAGE
        results = [article(p, render_passage(username, p, lang)) for p in passages[:PAGE]]
    else:
        hits = await library.search(text, limit=min(offset + PAGE + 1, MAX_RESULTS))
        page = hits[offset : offset + PAGE]
        more = len(hits) > offset + PAGE
        results = [result for hit in page for result in shared(library.analyzer, username, hit, lang)]
    # No next page: leave next_offset out. (An empty string, with the application's Defaults,
    # reaches PTB's request as an empty list and Telegram as the offset "[]".)
    next_offset = str(offset + PAGE) if more and offset + PAGE < MAX_RESULTS else None
    # Personal: the labels are in the reader's language, and Telegram would otherwise serve one
    # reader's results to every reader who types the same words.
    await quietly(
        query.answer(results, cache_time=60, is_personal=True, next_offset=next_offset), "answerInlineQuery"
    )
