"""Admin commands: /reload (rebuild and swap the index while running) and /stats.

For anyone not in ADMIN_IDS they do nothing at all: no reply, no hint that they exist.
"""

from __future__ import annotations

import logging

from telegram import Update

from bot.library.interview import InterviewFileError
from bot.present import messages
from bot.present.messages import Language
from bot.search.build import ensure_index
from bot.search.schema import IndexUnavailable
from bot.stats import Stats
from handlers.chat import lang_of, trim_plain
from handlers.replies import reply
from handlers.state import App, Context

log = logging.getLogger("interview_bot")


def is_admin(update: Update, context: Context) -> bool:
    user = update.effective_user
    return user is not None and user.id in context.bot_data.admins


async def reload_index(app: App) -> str | None:
    """Rebuild the index if the corpus changed, and swap it in. The error, or None.

    A broken interview file leaves the old index serving: the build writes a new file and only
    a finished build replaces the old one.
    """
    state = app.bot_data
    library = state.library
    try:
        path = await ensure_index(state.settings, library.analyzer)
        await library.reload(path)
    except (InterviewFileError, IndexUnavailable, OSError) as exc:
        log.error("reload failed, the old index keeps serving: %s", exc)
        return str(exc)
    state.reloaded()
    log.info("index reloaded: %d passages", library.size)
    return None


async def on_reload(update: Update, context: Context) -> None:
    if not is_admin(update, context) or update.effective_message is None:
        return
    lang = lang_of(update, context)
    error = await reload_index(context.application)
    if error:
        await reply(update, messages.html(lang, "reload_failed", error=error))
        return
    library = context.bot_data.library
    interviews = len(await library.interviews())
    await reply(
        update, messages.html(lang, "reloaded", passages=str(library.size), interviews=str(interviews))
    )


async def on_stats(update: Update, context: Context) -> None:
    stats = context.bot_data.stats
    if not is_admin(update, context) or update.effective_message is None or stats is None:
        return
    lang = lang_of(update, context)
    try:
        await stats.purge()
        report = await stats.report(days=7)
    except stats.rows.errors:  # the shared database is away: the counts wait in memory
        await reply(update, messages.html(lang, "stats_away", waiting=str(stats.waiting)))
        return
    per_day = "\n".join(f"{day}: {count} ({unanswered} ✗)" for day, count, unanswered in report.days) or "—"
    top = "\n".join(f"{n}× {question}" for question, n in report.top_unanswered) or "—"
    chat = update.effective_chat
    if chat is None or chat.type != chat.PRIVATE:  # readers' own words never go to a group
        top = f"{len(report.top_unanswered)}× — " + messages.text(lang, "stats_private")
    text = messages.html(
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
    text += await refused_block(stats, lang)
    await reply(update, trim_plain(text))


async def refused_block(stats: Stats, lang: Language) -> str:
    """The questions whose answers readers refused most («این نبود»): what the ranking misses."""
    refused = await stats.refused(days=7)
    if not refused:
        return ""
    top = "\n".join(f"{n}× {question}" for question, n in refused)
    return "\n\n" + messages.html(lang, "stats_refused", top=top)
