"""One replica among several (``DATABASE_URL`` set): its start from the shared database, and its
library kept current as editors publish.

At start the replica connects (a few tries over ten seconds), copies the published interviews
into its own folder and builds its own index from them; stats, the question quota and the card
cache go to the database. It then listens for publications: each one is copied in, and the index
rebuilt and swapped as ``/reload`` does, with no downtime. A database that cannot be reached at
start leaves the replica on its local corpus and SQLite (one warning), trying again in the
background until it can switch.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from pathlib import Path

from bot.settings import BotSettings, Settings
from bot.shared.database import Database, Unavailable
from bot.shared.library import CHANNEL, current, sync_folder
from bot.shared.store import PostgresRows, SharedCardFiles, SharedThrottle, shared_salt
from bot.shared.urls import redact
from bot.stats import Stats
from bot.stats_key import LEGACY
from handlers import admin
from handlers.state import App

log = logging.getLogger("interview_bot")
START_TRIES = 5


def library_folder(settings: Settings) -> Path:
    """This replica's copy of the published interviews: beside its index."""
    return settings.index_path.with_name(f"{settings.index_path.stem}-library")


async def connect(settings: Settings, tries: int = START_TRIES) -> Database | None:
    for attempt in range(tries):
        try:
            return await Database.connect(settings.database_url)
        except Unavailable as exc:
            if attempt == tries - 1:
                log.warning(
                    "%s: starting on the local corpus and SQLite; trying again in the background", exc
                )
                return None
            await asyncio.sleep(0.5 * 2**attempt)
    return None


async def shared_settings(settings: Settings, db: Database) -> Settings:
    """The settings a replica serves with: its corpus is the published library, when there is one."""
    try:
        published = await current(db)
    except Unavailable:
        published = []
    folder = library_folder(settings)
    if published:
        sync_folder(folder, published)
        return dataclasses.replace(settings, corpus_dir=folder)
    if folder.is_dir() and any(folder.glob("*.md")):  # the copy from the last time the database answered
        return dataclasses.replace(settings, corpus_dir=folder)
    log.info(
        "the database's library is empty: serving %s (publish with `interview-bot publish`)",
        settings.corpus_dir,
    )
    return settings


async def share(app: App, db: Database | None, bot_settings: BotSettings) -> None:
    """Share through ``db``; when it was away at start, keep trying in the background."""
    if db is not None:
        await attach(app, db, bot_settings)
    else:
        app.bot_data.listener = asyncio.get_running_loop().create_task(keep_trying(app, bot_settings))


async def attach(app: App, db: Database, bot_settings: BotSettings) -> None:
    """Share this replica's stats, quota and card cache through ``db``, and follow publications."""
    state = app.bot_data
    salt = await shared_salt(db)
    old = state.stats
    state.stats = Stats(PostgresRows(db), salt, state.settings.stats_retention_days, form=LEGACY)
    if old is not None:
        await old.close()
    state.throttle = SharedThrottle(bot_settings.user_rate, db, salt)
    state.cards = SharedCardFiles(db)
    state.database = db

    following = asyncio.Lock()  # publications heard close together are followed one at a time

    async def heard(_payload: str) -> None:
        async with following:
            await follow_library(app)

    state.listener = asyncio.get_running_loop().create_task(db.listen(CHANNEL, heard))
    log.info("sharing the library, stats, quota and cards through %s", redact(db.url))


async def follow_library(app: App) -> None:
    """Copy the published interviews in and, if any changed, rebuild and swap the index."""
    state = app.bot_data
    if state.database is None:
        return
    try:
        published = await current(state.database)
    except Unavailable:
        return
    if not published:
        return
    folder = library_folder(state.settings)
    if state.settings.corpus_dir != folder:
        state.use_settings(dataclasses.replace(state.settings, corpus_dir=folder))
    if sync_folder(folder, published) or state.library.size == 0:
        error = await admin.reload_index(app)
        if error is None:
            log.info("published interviews are in: %d passages", state.library.size)


async def keep_trying(app: App, bot_settings: BotSettings) -> None:
    """The database was away at start: connect when it comes, then share and follow."""
    delay = 1.0
    while True:
        await asyncio.sleep(delay)
        try:
            db = await Database.connect(app.bot_data.settings.database_url)
        except Unavailable:
            delay = min(delay * 2, 30.0)
            continue
        await attach(app, db, bot_settings)
        await follow_library(app)
        return
