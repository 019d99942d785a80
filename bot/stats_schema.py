"""The stats file's schema, versioned like the shared PostgreSQL's: numbered migrations applied
at opening (``prepare``), and SQLite's online backup of the file with its key (``backup``)."""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from pathlib import Path

log = logging.getLogger("interview_bot")

# The stats file's schema, one step per version, as the shared PostgreSQL's is (bot/shared/database.py):
# a file is at PRAGMA user_version; opening it applies the steps it has not had, in one transaction.
# A file from before versioning (user_version 0, tables present) has version 1's tables: its steps
# are written so that they apply to it again unchanged.
MIGRATIONS: tuple[str, ...] = (
    # 1: the questions and the salt.
    """
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS questions (
        at INTEGER NOT NULL,          -- unix seconds
        asker TEXT NOT NULL,          -- keyed hash of the Telegram user id
        interview TEXT,               -- the interview of the best passage, or the one asked about
        matched INTEGER NOT NULL,
        unanswered TEXT               -- the question, kept only when nothing matched
    );
    CREATE INDEX IF NOT EXISTS questions_by_time ON questions (at);
    """,
    # 2: /stats's most frequent unanswered questions read only the unanswered rows.
    """
    CREATE INDEX IF NOT EXISTS unanswered_by_time ON questions (at) WHERE matched = 0;
    """,
    # 3: readers' verdicts on the answers («این نبود», 👍), for the ranker's trainer.
    """
    CREATE TABLE IF NOT EXISTS judgments (
        at INTEGER NOT NULL,          -- unix seconds
        asker TEXT NOT NULL,          -- keyed hash of the Telegram user id
        question TEXT NOT NULL,       -- the reader's question, as asked
        passage TEXT NOT NULL,        -- the passage judged
        settled INTEGER NOT NULL      -- 1: the one (👍, or an alternative opened), 0: «این نبود»
    );
    CREATE INDEX IF NOT EXISTS judgments_by_time ON judgments (at);
    """,
)
STATS_SCHEMA = len(MIGRATIONS)


class StatsSchemaError(RuntimeError):
    """A stats file written by a newer version of the bot."""


def migrate(db: sqlite3.Connection, upto: int = STATS_SCHEMA) -> int:
    """Apply the steps the file has not had (up to ``upto``); the version it is at. Replicas
    opening one file together apply each step once (BEGIN IMMEDIATE takes the write lock first)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        current = int(db.execute("PRAGMA user_version").fetchone()[0])
        if current > STATS_SCHEMA:
            raise StatsSchemaError(
                f"the stats file is at schema version {current}, newer than this bot's {STATS_SCHEMA}:"
                " upgrade the bot, or restore a backup made by this version"
            )
        for number in range(current + 1, upto + 1):
            for statement in _statements(MIGRATIONS[number - 1]):
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {number}")
            log.info("stats: schema migrated to version %d", number)
        db.execute("COMMIT")
        return max(current, upto)
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _statements(script: str) -> list[str]:
    """A migration's statements, one by one (inside the transaction ``executescript`` would end);
    comments go first, so a «;» in one does not cut a statement."""
    code = "\n".join(line.split("--", 1)[0] for line in script.splitlines())
    return [statement for statement in code.split(";") if statement.strip()]


def prepare(path: Path) -> int:
    """The stats file in WAL mode (the bot writes while /stats reads) and at this bot's schema."""
    with contextlib.closing(sqlite3.connect(path, timeout=30, isolation_level=None)) as db:
        db.execute("PRAGMA journal_mode = WAL")
        return migrate(db)


def backup(source: Path, target: Path) -> int:
    """A consistent copy of the stats file while the bot may be writing to it (SQLite's online
    backup), written beside ``target`` and renamed into place, with the askers' key file beside
    it (``<stats>.key``, 0600) when there is one; how many question rows it holds."""
    import shutil

    from bot.stats_key import key_path

    if key_path(source).is_file():  # without its key a restored file would hash askers anew
        shutil.copy2(key_path(source), key_path(target))
        os.chmod(key_path(target), 0o600)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    with (
        contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)) as src,
        contextlib.closing(sqlite3.connect(partial)) as copy,
    ):
        src.backup(copy)
        rows = int(copy.execute("SELECT count(*) FROM questions").fetchone()[0])
    os.replace(partial, target)
    return rows
