"""What the handlers share, as one typed object: PTB's ``bot_data`` (``ContextTypes(bot_data=BotState)``).

Filled in once the application starts (``post_init``) and emptied when it stops. What a reload
makes stale is dropped in one place, ``BotState.reloaded``.
"""

from __future__ import annotations

import asyncio
import gc
from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.present.messages import Language, language
from bot.recent import Recent
from bot.service import Library
from bot.settings import BotSettings, Settings
from bot.shared.local import CardFiles, Throttle
from bot.stats import Stats

if TYPE_CHECKING:  # Pillow loads with the first card, asyncpg with a database: not at start-up
    from tornado.httpserver import HTTPServer

    from bot.present.card import Engine
    from bot.shared.database import Database


ANSWERS_KEPT = 20_000  # questions whose answers an edit can still find (about 2 MB)


def settle_heap() -> None:
    """Collect once, then move everything alive into the permanent generation.

    After start-up the process holds about 68,000 long-lived objects (the analyzer's tables, the
    ranker, PTB, the library); without this every full collection walks them all, 11-16 ms on the
    measuring machine, once in about 2,000 updates, which is about 0.01-0.04 ms an update and a
    pause an unlucky reader waits through. Frozen, the collector only walks what updates make.
    Called when start-up is done and after a reload (unfrozen first, so the old library's cycles
    are collected rather than kept for good).
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class NotStarted(RuntimeError):
    pass


class BotState:
    def __init__(self) -> None:
        self._library: Library | None = None
        self._settings: Settings | None = None
        self.stats: Stats | None = None  # None: questions are not recorded
        self.admins: frozenset[int] = frozenset()
        self.language = "auto"  # the interface: auto (by the user's Telegram language), fa or en
        self.throttle = Throttle(20)  # the question quota: SharedThrottle with a database
        self.card_style = "square"
        self.card_engine: Engine | None = None  # decided beside the first getUpdates (loads Pillow)
        # Quote cards Telegram already has: sent again by file_id (SharedCardFiles with a database).
        self.cards = CardFiles()
        self.database: Database | None = None  # the shared store of several replicas, if any
        self.listener: asyncio.Task[None] | None = None
        self.chores: asyncio.Task[None] | None = None
        # The first getUpdates has gone out (handlers.request.FirstCall); in polling mode (`run`
        # sets ``polling``) the start-up chores wait for it, so as not to hold it up.
        self.polled = asyncio.Event()
        self.polling = False
        self.web: HTTPServer | None = None  # /healthz and /metrics in polling mode (handlers.web)
        # (chat, question message) → (the answer's message, the question it answered): an edited
        # question edits its answer, and an edit that changed nothing is left alone.
        self.answered: Recent[tuple[int, int], tuple[int, str]] = Recent(ANSWERS_KEPT)
        # (chat, forum topic) → (the passage last answered there, when): «ادامه» continues it.
        self.last_answer: Recent[tuple[int, int | None], tuple[str, float]] = Recent(ANSWERS_KEPT)
        self.publishing = asyncio.Lock()  # an editor's draft is published one at a time (handlers/editor)

    def start(
        self, library: Library, settings: Settings, bot_settings: BotSettings, stats: Stats | None
    ) -> None:
        self._library, self._settings, self.stats = library, settings, stats
        self.admins = bot_settings.admin_ids
        self.language = settings.language
        self.card_style = settings.card_style
        self.throttle = Throttle(bot_settings.user_rate)

    @property
    def library(self) -> Library:
        if self._library is None:
            raise NotStarted("the bot has not started: no library is open")
        return self._library

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            raise NotStarted("the bot has not started: no settings are loaded")
        return self._settings

    def use_settings(self, settings: Settings) -> None:
        """Serve with these settings from now on (a replica's corpus becomes the published library)."""
        self._settings = settings

    def started(self) -> bool:
        return self._library is not None

    def reloaded(self) -> None:
        """The library was swapped: drop what was made from the old one. A card's picture shows
        the passage's text, which a corrected interview may have changed."""
        self.cards.clear()
        settle_heap()

    async def settled(self) -> None:
        """Wait for the start-up chores (command menus, the card check) that run beside polling."""
        if self.chores is not None:
            await self.chores

    def lang(self, user_language: str | None) -> Language:
        return language(user_language, self.language)

    async def close(self) -> None:
        if self.chores is not None:
            self.chores.cancel()
            await asyncio.gather(self.chores, return_exceptions=True)
            self.chores = None
        if self._library is not None:
            await self._library.close()
            self._library = None
        if self.listener is not None:
            self.listener.cancel()
            await asyncio.gather(self.listener, return_exceptions=True)
            self.listener = None
        if self.stats is not None:
            await self.stats.close()
            self.stats = None
        if self.database is not None:
            await self.database.close()
            self.database = None


Context = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotState]
App = Application[Any, Any, Any, Any, BotState, Any]
