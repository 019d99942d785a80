"""Admin commands: /reload (rebuild and swap the index while running) and /stats.

For anyone not in ADMIN_IDS they do nothing at all: no reply, no hint that they exist.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.ext import Application, ContextTypes

from bot.library.interview import InterviewFileError
from bot.present import messages
from bot.search.build import ensure_index
from bot.search.schema import IndexUnavailable
from bot.search.searcher import Searcher
from bot.stats import Stats
from handlers.chat import lang_of

log = logging.getLogger("interview_bot")


def is_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    user = update.effective_user
    return user is not None and user.id in context.bot_data.get("admins", frozenset())


async def reload_index(app: Application[Any, Any, Any, Any, Any, Any]) -> str | None:
    """Rebuild the index if the corpus changed, and swap it in. The error, or None.

    A broken interview file leaves the old index serving: the build writes a new file and only
    a finished build replaces the old one.
    """
    searcher: Searcher = app.bot_data["searcher"]
    try:
        path = await ensure_index(app.bot_data["settings"], searcher.analyzer)
        index = await searcher.reload(path)
    except (InterviewFileError, IndexUnavailable, OSError) as exc:
        log.error("reload failed, the old index keeps serving: %s", exc)
        return str(exc)
    log.info("index reloaded: %d passages", index.size)
    return None


async def on_reload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not is_admin(update, context) or update.effective_message is None:
        return
    lang = lang_of(update, context)
    error = await reload_index(context.application)
    if error:
        await update.effective_message.reply_text(messages.text(lang, "reload_failed", error=error))
        return
    searcher: Searcher = context.bot_data["searcher"]
    interviews = len(await searcher.index.interviews())
    await update.effective_message.reply_text(
        messages.text(lang, "reloaded", passages=str(searcher.index.size), interviews=str(interviews))
    )


async def on_stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    stats: Stats | None = context.bot_data.get("stats")
    if not is_admin(update, context) or update.effective_message is None or stats is None:
        return
    await stats.purge()
    report = await stats.report(days=7)
    lang = lang_of(update, context)
    per_day = "\n".join(f"{day}: {count} ({unanswered} ✗)" for day, count, unanswered in report.days) or "—"
    top = "\n".join(f"{n}× {question}" for question, n in report.top_unanswered) or "—"
    text = messages.text(
        lang,
        "stats",
        days="7",
        total=str(report.total),
        askers=str(report.askers),
        unanswered=str(report.unanswered),
        rate=f"{report.no_answer_rate:.0%}",
        per_day=per_day,
        top=top,
    )
    await update.effective_message.reply_text(text[:4096])
