"""The Telegram application: building it, registering every handler in order, running it.

What the handlers share (the library, the stats, the throttle, the card cache) is one typed
``BotState`` (PTB's ``bot_data``), filled in ``post_init`` and closed in ``post_shutdown``.
Logging never shows the token: a filter redacts it from every record.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from typing import TYPE_CHECKING

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.analysis.analyzer import build_analyzer
from bot.present import messages
from bot.resources import version
from bot.search.build import index_or_old
from bot.settings import BotSettings, Settings
from bot.shared.urls import redact, redact_text, secrets_of
from bot.stats import Stats
from handlers import admin, buttons, cards, chat, editor, inline, onboarding
from handlers.errors import expected, network_trouble, note
from handlers.fairness import FairUpdateProcessor
from handlers.metrics import ObservedApplication, ObservedLibrary, Served, metrics
from handlers.replies import reply
from handlers.request import ChatRateLimiter, FirstCall, RetryingRequest, telegram_request
from handlers.state import App, BotState, Context, settle_heap

if TYPE_CHECKING:
    from tornado.httpserver import HTTPServer

    from bot.present.card import Engine
    from handlers.web import Hook

log = logging.getLogger("interview_bot")

# What the bot handles, and so what it asks Telegram for: not reactions, member changes or
# business messages, which Telegram sends only to a bot that asks.
ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]


class RedactToken(logging.Filter):
    """Replaces the bot token (httpx and PTB log URLs that contain it) and the database URL's
    password in every log record, at every level, tracebacks included."""

    def __init__(self, token: str, *others: str) -> None:
        super().__init__()
        self.token = token
        self.others = tuple(other for other in others if other)  # the database URL's secrets

    def _clean(self, text: str) -> str:
        return redact_text(text.replace(self.token, "[TOKEN]"), self.others)  # every URL's secrets too

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = self._clean(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        if record.exc_info and record.exc_text is None and record.exc_info[1] is not None:
            record.exc_text = self._clean(logging.Formatter().formatException(record.exc_info))
        return True


def setup_logging(settings: BotSettings, database_url: str = "") -> None:
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=settings.log_level)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    redact = RedactToken(settings.token, *secrets_of(database_url))
    for handler in logging.getLogger().handlers:
        handler.addFilter(redact)


async def on_error(update: object, context: Context) -> None:
    """The error policy's last stop. An ordinary Bot API error (the reader blocked the bot, the
    chat is gone) is one line and no apology, which that chat could not take; a bug keeps its
    traceback, and the reader gets one apology."""
    kind = expected(context.error)
    if kind is not None and isinstance(context.error, TelegramError):
        note(kind, context.error, "update")
        return
    if isinstance(context.error, TelegramError):
        metrics().telegram_errors.labels("network" if network_trouble(context.error) else "other").inc()
    if network_trouble(context.error):
        log.warning("update failed: Telegram could not be reached in time (%s)", context.error)
    else:
        log.error("update failed", exc_info=context.error)
    if isinstance(update, Update) and update.effective_message:
        code = update.effective_user.language_code if update.effective_user else None
        try:
            await reply(update, messages.html(context.bot_data.lang(code), "error"))
        except Exception as exc:  # the error may be the network itself
            log.warning("could not tell the user about the error: %s", exc)


async def many_at_once(app: App, update: Update, key: str = "many_at_once") -> None:
    """A chat flooded past what can be answered in time, or a user past their updates a minute:
    one message (``key``), in the flood's topic."""
    code = update.effective_user.language_code if update.effective_user else None
    lang = app.bot_data.lang(code)
    await reply(update, messages.html(lang, key, bot=app.bot.username or "bot"))


def register(app: App) -> None:
    """Every handler, in order: commands before plain text. The question quota is counted where a
    question is asked (``chat.may_ask``), not for every update."""
    private = filters.ChatType.PRIVATE
    groups = filters.ChatType.GROUPS
    messages_too = filters.UpdateType.MESSAGES  # an edited question is answered again
    said = (filters.TEXT | filters.CAPTION) & ~filters.COMMAND  # a photo's caption is a question too
    for payload, on_start in chat.START_HANDLERS:  # a deep link's payload, one kind each
        app.add_handler(
            CommandHandler("start", on_start, filters=messages_too & filters.Regex(payload.PATTERN))
        )
    app.add_handler(CommandHandler("start", chat.on_start, filters=messages_too))
    app.add_handler(CommandHandler("help", chat.on_help, filters=messages_too))
    app.add_handler(CommandHandler("questions", chat.on_questions, filters=messages_too))
    app.add_handler(CommandHandler("random", chat.on_random, filters=messages_too))
    app.add_handler(CommandHandler("about", chat.on_about, filters=messages_too))
    app.add_handler(CommandHandler("ask", chat.on_ask, filters=messages_too))
    app.add_handler(CommandHandler("card", cards.on_card, filters=messages_too))
    app.add_handler(CommandHandler("interviews", chat.on_interviews, filters=messages_too))
    app.add_handler(CommandHandler("privacy", onboarding.on_privacy, filters=messages_too))
    # Admin commands: silent for everyone else, in the menu of the admins' own chats only.
    app.add_handler(CommandHandler("reload", admin.on_reload, filters=messages_too))
    app.add_handler(CommandHandler("stats", admin.on_stats, filters=messages_too))
    # An editor's file (an admin's, in private): imported and previewed; anyone else is told no.
    app.add_handler(
        MessageHandler(private & filters.Document.ALL & filters.UpdateType.MESSAGE, editor.on_document)
    )
    app.add_handler(MessageHandler(private & said & messages_too, chat.on_private_text))
    app.add_handler(MessageHandler(groups & said & messages_too, chat.on_group_text))
    # A sticker or a voice message gets a hint; a service message (a pin, a timer) gets nothing.
    unsaid = ~filters.TEXT & ~filters.CAPTION & ~filters.StatusUpdate.ALL & filters.UpdateType.MESSAGE
    app.add_handler(MessageHandler(private & unsaid, chat.on_not_text))
    for kind, on_press in (*buttons.HANDLERS, *editor.HANDLERS):
        app.add_handler(CallbackQueryHandler(on_press, pattern=kind.PATTERN))
    app.add_handler(CallbackQueryHandler(buttons.on_unknown))
    app.add_handler(InlineQueryHandler(inline.on_inline_query))
    app.add_error_handler(on_error)


def build_application(
    settings: Settings,
    bot_settings: BotSettings,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    rate_limiter: bool = True,
) -> App:
    async def post_init(app: App) -> None:
        analyzer = build_analyzer(settings.stopwords_path)
        database = None
        if settings.database_url:  # one replica of several: the library and shared state in PostgreSQL
            from handlers import replica  # asyncpg loads only for a replica

            database = await replica.connect(settings)
        serving = settings if database is None else await replica.shared_settings(settings, database)
        index_path = await index_or_old(serving, analyzer)  # a full disk: the old index, with a warning
        library = await ObservedLibrary.open(index_path, serving, analyzer)
        stats = None if database else await Stats.open(settings.stats_path, settings.stats_retention_days)
        app.bot_data.start(library, serving, bot_settings, stats)
        if settings.database_url:
            await replica.share(app, database, bot_settings)
        Served.state = app.bot_data
        with contextlib.suppress(NotImplementedError, RuntimeError):  # SIGHUP: reload, as /reload does
            asyncio.get_running_loop().add_signal_handler(
                signal.SIGHUP, lambda: app.create_task(admin.reload_index(app))
            )
        if isinstance(app.update_processor, FairUpdateProcessor):
            app.update_processor.on_overflow = lambda update, key: many_at_once(app, update, key)
        # Chores that need not hold up the first getUpdates run beside it.
        app.bot_data.chores = asyncio.get_running_loop().create_task(
            start_up_chores(app, settings, bot_settings)
        )

    async def post_shutdown(app: App) -> None:
        if app.bot_data.web is not None:
            from handlers import web

            await web.stop(app.bot_data.web)
            app.bot_data.web = None
        await app.bot_data.close()

    builder = (
        ApplicationBuilder()
        .application_class(ObservedApplication)  # every update counted, timed and logged in one line
        .token(bot_settings.token)
        .context_types(ContextTypes(bot_data=BotState))
        # Every message is HTML (plain strings are escaped) and shows no link preview.
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                allow_sending_without_reply=True,  # a question deleted before its answer: answer anyway
            )
        )
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    # Many at once, fairly: an update waiting on one chat's flood limit must not hold up the others.
    builder = builder.concurrent_updates(FairUpdateProcessor.for_rate(bot_settings.user_rate))
    if bot_settings.api_url:
        builder = builder.base_url(bot_settings.api_url.rstrip("/"))
    if bot_settings.file_url:  # files come from the same server (…/file/bot<token>/<file_path>)
        builder = builder.base_file_url(bot_settings.file_url)
    # Every send goes through RetryingRequest (5xx and refused connections are retried).
    builder = builder.request(request if isinstance(request, RetryingRequest) else RetryingRequest(request))
    polls = FirstCall(get_updates_request or telegram_request(connection_pool_size=1))
    builder = builder.get_updates_request(polls)
    if rate_limiter:
        # Telegram's overall, per-group and per-chat flood limits, retrying a 429 as told.
        builder = builder.rate_limiter(ChatRateLimiter(max_retries=3))  # type: ignore[arg-type]
    app = builder.build()
    app.bot_data.polled = polls.made
    register(app)
    return app


async def start_up_chores(app: App, settings: Settings, bot_settings: BotSettings) -> None:
    """Once the first getUpdates has gone out (polling; nothing here holds it up): the start-up
    line, /healthz and /metrics in polling mode (prometheus_client loads here), the descriptions
    and command menus by scope, in Persian and English (``handlers.onboarding``), and the
    quote-card layout check (which loads Pillow). A failure here is logged; the bot answers
    either way. Then the heap is frozen (``handlers.state.settle_heap``)."""
    try:
        if app.bot_data.polling:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(app.bot_data.polled.wait(), 10)
        await started_line(app, settings, bot_settings)
        await asyncio.to_thread(metrics)
        if not bot_settings.webhook_url and bot_settings.metrics_port:  # polling: a port of their own
            app.bot_data.web = listen(app, bot_settings.metrics_listen, bot_settings.metrics_port, None)
        await onboarding.introduce(app)
        app.bot_data.card_engine = await asyncio.to_thread(card_engine)
        if app.bot_data.card_engine != "raqm":
            log.warning("quote cards: no Raqm layout here (install libfribidi0); using the fallback")
    finally:
        settle_heap()  # last, even after a failed chore: what start-up made is the long-lived heap


def mode(bot_settings: BotSettings) -> str:
    return "webhook" if bot_settings.webhook_url else "polling"


async def started_line(app: App, settings: Settings, bot_settings: BotSettings) -> None:
    """One line that says what this process serves: version, mode, index, interviews, database."""
    state = app.bot_data
    library = state.library
    interviews = await library.interviews()
    meta = library.searcher.index.meta
    if settings.database_url:
        database = f"PostgreSQL {redact(settings.database_url)}"
    else:
        database = f"SQLite stats at {settings.stats_path}"
    log.info(
        "interview-bot %s: %s mode; index %s (%d passages, built %s) of %d interview(s); %s",
        version(), mode(bot_settings), library.searcher.index.path, library.size, meta.get("built", "?"),
        len(interviews), database,
    )  # fmt: skip


def listen(app: App, host: str, port: int, hook: Hook | None) -> HTTPServer | None:
    """/healthz and /metrics (and the webhook, given a hook) on host:port; a port already taken
    is one warning in polling mode (the bot answers without them)."""
    from handlers import web  # tornado loads only for a server

    about = web.About(version(), "webhook" if hook else "polling")
    try:
        server = web.serve(app, about, host, port, hook)
    except OSError as exc:
        if hook is not None:
            raise BotStartError(f"cannot listen on {host}:{port} for the webhook: {exc.strerror}") from None
        log.warning("/healthz and /metrics: cannot listen on %s:%d (%s)", host, port, exc.strerror)
        return None
    log.info("/healthz and /metrics on http://%s:%d", host, port)
    return server


def card_engine() -> Engine:
    from bot.present.card import default_engine  # Pillow loads here, off the start-up path

    return default_engine()


async def check_token(app: App, bot_settings: BotSettings) -> None:
    """The bot's own getMe before PTB starts (PTB then skips its own), so a rejected token or an
    unreachable API is one line, not PTB's traceback."""
    try:
        await app.bot.initialize()
    except (InvalidToken, NetworkError) as exc:
        with contextlib.suppress(Exception):
            await app.bot.shutdown()
        if isinstance(exc, InvalidToken):
            raise BotStartError("Telegram rejected TELEGRAM_BOT_TOKEN: check it with @BotFather") from None
        where = bot_settings.api_url or "Telegram"
        raise BotStartError(
            f"cannot reach {where}: {exc.message}".replace(bot_settings.token, "[TOKEN]")
        ) from None


def run(settings: Settings, bot_settings: BotSettings) -> None:
    """Long polling by default; a webhook when WEBHOOK_URL is set. Blocks until stopped."""
    setup_logging(bot_settings, settings.database_url)
    app = build_application(settings, bot_settings)
    loop = asyncio.new_event_loop()  # PTB runs the bot on the current loop, after the check
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(check_token(app, bot_settings))
    except BotStartError:
        loop.close()
        raise
    try:
        if bot_settings.webhook_url:
            loop.run_until_complete(serve_webhook(app, bot_settings))
        else:
            app.bot_data.polling = True
            app.run_polling(allowed_updates=ALLOWED_UPDATES)
    except InvalidToken:
        raise BotStartError("Telegram rejected TELEGRAM_BOT_TOKEN: check it with @BotFather") from None


async def serve_webhook(app: App, bot_settings: BotSettings) -> None:
    """Webhook mode, as PTB's run_webhook does it (initialize, post_init, setWebhook, start; on
    SIGTERM or SIGINT stop, shutdown, post_shutdown), with the bot's own server (``handlers.web``),
    which serves /healthz and /metrics beside the webhook."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(stop_signal, stopping.set)
    server = None
    await app.initialize()
    try:
        if app.post_init is not None:
            await app.post_init(app)
        from handlers.web import Hook

        hook = Hook("telegram", bot_settings.webhook_secret or "")
        server = listen(app, bot_settings.webhook_listen, bot_settings.webhook_port, hook)
        await app.bot.set_webhook(
            bot_settings.webhook_url or "", allowed_updates=ALLOWED_UPDATES,
            secret_token=bot_settings.webhook_secret, max_connections=40,
        )  # fmt: skip
        await app.start()
        await stopping.wait()
    finally:
        if server is not None:
            from handlers import web

            await web.stop(server)
        if app.running:
            await app.stop()
            if app.post_stop is not None:
                await app.post_stop(app)
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)


class BotStartError(RuntimeError):
    pass
