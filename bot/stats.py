"""What readers ask: each question's time, a salted hash of the asker, the interview, whether
anything matched — and, only for questions nothing matched, the question itself, so the editor
knows which synonyms or interviews to add. Never a user id. Old rows go after ``retention_days``.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import secrets
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS questions (
    at INTEGER NOT NULL,          -- unix seconds
    asker TEXT NOT NULL,          -- salted hash of the Telegram user id
    interview TEXT,               -- the interview of the best passage, or the one asked about
    matched INTEGER NOT NULL,
    unanswered TEXT               -- the question, kept only when nothing matched
);
CREATE INDEX IF NOT EXISTS questions_by_time ON questions (at);
"""
DAY = 86_400


@dataclass(frozen=True)
class Report:
    days: list[tuple[str, int, int]]  # (YYYY-MM-DD, questions, unanswered), newest first
    total: int
    unanswered: int
    top_unanswered: list[tuple[str, int]]
    askers: int

    @property
    def no_answer_rate(self) -> float:
        return self.unanswered / self.total if self.total else 0.0


class Stats:
    def __init__(self, db: aiosqlite.Connection, salt: bytes, retention_days: int) -> None:
        self.db = db
        self.salt = salt
        self.retention_days = retention_days
        self._since_purge = 0

    @classmethod
    async def open(cls, path: Path, retention_days: int = 90) -> Stats:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = await aiosqlite.connect(path, timeout=30)  # replicas may write to one file at once
        for attempt in range(50):
            try:  # switching to WAL needs the file to itself for a moment: a replica may hold it
                await db.execute("PRAGMA journal_mode = WAL")  # the bot writes while /stats reads
                await db.executescript(SCHEMA)
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or attempt == 49:
                    await db.close()
                    raise
                await db.rollback()  # let go of any lock the failed step took, so the other can finish
                await asyncio.sleep(0.05 * (1 + attempt % 5))
        salt = os.environ.get("STATS_SALT", "").encode()
        if not salt:  # one random salt per stats file, made on first use and kept in it
            # INSERT OR IGNORE: replicas starting together agree on whichever salt came first.
            await db.execute(
                "INSERT OR IGNORE INTO meta VALUES ('salt', ?)", (secrets.token_bytes(16).hex(),)
            )
            await db.commit()
            rows = list(await db.execute_fetchall("SELECT value FROM meta WHERE key = 'salt'"))
            salt = bytes.fromhex(str(rows[0][0]))
        stats = cls(db, salt, retention_days)
        await stats.purge()
        return stats

    async def close(self) -> None:
        await self.db.close()

    def asker(self, user_id: int) -> str:
        return hashlib.sha256(self.salt + str(user_id).encode()).hexdigest()[:20]

    async def record(
        self, user_id: int, interview: str | None, matched: bool, question: str, now: float | None = None
    ) -> None:
        kept = None if matched else " ".join(question.split())[:300]
        await self.db.execute(
            "INSERT INTO questions VALUES (?, ?, ?, ?, ?)",
            (
                int(now if now is not None else time.time()),
                self.asker(user_id),
                interview,
                int(matched),
                kept,
            ),
        )
        await self.db.commit()
        self._since_purge += 1
        if self._since_purge >= 1000:
            await self.purge()

    async def purge(self, now: float | None = None) -> int:
        """Delete rows older than the retention period; how many went."""
        cutoff = int((now if now is not None else time.time()) - self.retention_days * DAY)
        cursor = await self.db.execute("DELETE FROM questions WHERE at < ?", (cutoff,))
        await self.db.commit()
        self._since_purge = 0
        return cursor.rowcount

    async def report(self, days: int = 7, top: int = 10, now: float | None = None) -> Report:
        since = int((now if now is not None else time.time()) - days * DAY)
        per_day = await self.db.execute_fetchall(
            "SELECT date(at, 'unixepoch'), count(*), sum(1 - matched) FROM questions WHERE at >= ?"
            " GROUP BY 1 ORDER BY 1 DESC",
            (since,),
        )
        totals = next(
            iter(
                await self.db.execute_fetchall(
                    "SELECT count(*), coalesce(sum(1 - matched), 0), count(DISTINCT asker) FROM questions"
                    " WHERE at >= ?",
                    (since,),
                )
            )
        )
        unanswered = await self.db.execute_fetchall(
            "SELECT unanswered, count(*) FROM questions WHERE at >= ? AND matched = 0 AND unanswered != ''"
            " GROUP BY unanswered ORDER BY 2 DESC, 1 LIMIT ?",
            (since, top),
        )
        return Report(
            days=[(str(d), int(n), int(u)) for d, n, u in per_day],
            total=int(totals[0]),
            unanswered=int(totals[1]),
            top_unanswered=[(str(q), int(n)) for q, n in unanswered],
            askers=int(totals[2]),
        )
