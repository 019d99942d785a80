"""What readers ask: each question's time, a salted hash of the asker, the interview, whether
anything matched — and, only for questions nothing matched, the question itself, so the editor
knows which synonyms or interviews to add. Never a user id. Old rows go after ``retention_days``.

Rows are written in batches, at most ``flush_after`` seconds after they were recorded, or as
soon as ``FLUSH_ROWS`` wait (and at once by ``report``, ``purge`` and ``close``): a question
never waits for the disk on the answer's path. A crash loses at most that last second of
counts, never an answer.

Where the rows go is a backend: a SQLite file on one machine (``SqliteRows``), or the shared
PostgreSQL of several replicas (``bot.shared.stats.PostgresRows``); while it refuses, rows wait in
memory, at most ``MAX_PENDING``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import aiosqlite

from bot.recent import Recent
from bot.stats_key import HMAC, LEGACY, hashed_asker, stats_key
from bot.stats_schema import STATS_SCHEMA, StatsSchemaError, backup, prepare

__all__ = ["DAY", "STATS_SCHEMA", "Report", "Row", "Stats", "StatsSchemaError", "backup", "hashed_asker"]

DAY = 86_400
FLUSH_ROWS = 500
MAX_PENDING = 10_000
log = logging.getLogger("interview_bot")


@dataclass(frozen=True)
class Report:
    days: list[tuple[str, int, int]]  # (YYYY-MM-DD, questions, unanswered), newest first
    total: int
    unanswered: int
    top_unanswered: list[tuple[str, int]]
    askers: int

    @classmethod
    def of(
        cls, per_day: Iterable[Sequence[Any]], totals: Sequence[Any], unanswered: Iterable[Sequence[Any]]
    ) -> Report:
        """From the three queries' rows: (day, questions, unanswered) per day; (questions,
        unanswered, askers); (question, times) of the top unanswered."""
        return cls(
            days=[(str(d), int(n), int(u)) for d, n, u in per_day],
            total=int(totals[0]),
            unanswered=int(totals[1]),
            top_unanswered=[(str(q), int(n)) for q, n in unanswered],
            askers=int(totals[2]),
        )

    @property
    def no_answer_rate(self) -> float:
        return self.unanswered / self.total if self.total else 0.0


Row = tuple[int, str, str | None, int, str | None]  # at, asker, interview, matched, unanswered
Judgment = tuple[int, str, str, str, int]  # at, asker, question, passage, settled


class Rows(Protocol):
    """Where the stats rows are kept."""

    errors: tuple[type[BaseException], ...]  # what a refused write raises: the rows wait

    async def write(self, rows: list[Row]) -> None: ...
    async def judge(self, rows: list[Judgment]) -> None: ...
    async def refused(self, since: int, top: int) -> list[tuple[str, int]]: ...
    async def judgments(self) -> list[Judgment]: ...
    async def delete_before(self, cutoff: int) -> int: ...
    async def report(self, since: int, top: int) -> Report: ...
    async def close(self) -> None: ...


class SqliteRows:
    """The stats file of one machine (replicas on one machine may share it)."""

    errors: tuple[type[BaseException], ...] = (sqlite3.Error,)

    def __init__(self, db: aiosqlite.Connection) -> None:
        self.db = db

    async def write(self, rows: list[Row]) -> None:
        try:
            await self.db.executemany("INSERT INTO questions VALUES (?, ?, ?, ?, ?)", rows)
            await self.db.commit()
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                await self.db.rollback()
            raise

    async def judge(self, rows: list[Judgment]) -> None:
        try:
            await self.db.executemany("INSERT INTO judgments VALUES (?, ?, ?, ?, ?)", rows)
            await self.db.commit()
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                await self.db.rollback()
            raise

    async def refused(self, since: int, top: int) -> list[tuple[str, int]]:
        rows = await self.db.execute_fetchall(
            "SELECT question, count(*) FROM judgments WHERE at >= ? AND settled = 0"
            " GROUP BY question ORDER BY 2 DESC, 1 LIMIT ?",
            (since, top),
        )
        return [(str(q), int(n)) for q, n in rows]

    async def judgments(self) -> list[Judgment]:
        rows = await self.db.execute_fetchall("SELECT * FROM judgments ORDER BY at, rowid")
        return [(int(a), str(h), str(q), str(p), int(s)) for a, h, q, p, s in rows]

    async def delete_before(self, cutoff: int) -> int:
        cursor = await self.db.execute("DELETE FROM questions WHERE at < ?", (cutoff,))
        await self.db.execute("DELETE FROM judgments WHERE at < ?", (cutoff,))
        await self.db.commit()
        return cursor.rowcount

    async def report(self, since: int, top: int) -> Report:
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
        return Report.of(per_day, totals, unanswered)

    async def close(self) -> None:
        await self.db.close()


class Stats:
    def __init__(
        self, rows: Rows, salt: bytes, retention_days: int, flush_after: float = 1.0, form: str = HMAC
    ) -> None:
        self.rows = rows
        self.salt = salt  # the key of the askers' hash (bot.stats_key): never stored with the rows
        self.form = form
        self.retention_days = retention_days
        self.flush_after = flush_after
        self._since_purge = 0
        self._pending: list[Row] = []
        self._judged: list[Judgment] = []
        self._flusher: asyncio.Task[None] | None = None
        self._writing = asyncio.Lock()
        self._full = asyncio.Event()
        self._failing = False  # the last write was refused: warned once, retrying
        self._askers: Recent[int, str] = Recent(4096)  # a reader asks again: one hash per reader
        self.first_retry = 2.0  # seconds before writing refused rows again, doubling to 30

    @classmethod
    async def open(cls, path: Path, retention_days: int = 90) -> Stats:
        path.parent.mkdir(parents=True, exist_ok=True)
        for attempt in range(50):
            try:  # switching to WAL needs the file to itself for a moment: a replica may hold it
                await asyncio.to_thread(prepare, path)
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or attempt == 49:
                    raise
                await asyncio.sleep(0.05 * (1 + attempt % 5))
        db = await aiosqlite.connect(path, timeout=30)  # replicas may write to one file at once
        salt, form = await _key_apart(db, path)
        stats = cls(SqliteRows(db), salt, retention_days, form=form)
        await stats.purge()
        return stats

    async def close(self) -> None:
        if self._flusher is not None:
            self._flusher.cancel()
        try:
            await self.flush()
        except self.rows.errors as exc:
            log.warning("stats: %d rows could not be written before closing: %s", len(self._pending), exc)
        await self.rows.close()

    @property
    def waiting(self) -> int:
        """Rows recorded and not yet written."""
        return len(self._pending) + len(self._judged)

    def asker(self, user_id: int) -> str:
        known = self._askers.recall(user_id)
        if known is None:
            known = self._askers.keep(user_id, hashed_asker(self.salt, user_id, self.form))
        return known

    async def record(
        self, user_id: int, interview: str | None, matched: bool, question: str, now: float | None = None
    ) -> None:
        """Keep one question's row for the next batch; never waits for the disk."""
        kept = None if matched else " ".join(question.split())[:300]
        at = int(now if now is not None else time.time())
        self._pending.append((at, self.asker(user_id), interview, int(matched), kept))
        if len(self._pending) % FLUSH_ROWS == 0:  # a full batch: the timer writes it now (and,
            self._full.set()  # if the database refused the last, tries again after as many more)
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush_later())

    async def judge(
        self, user_id: int, question: str, passage_id: str, settled: bool, now: float | None = None
    ) -> None:
        """Keep a reader's verdict on a passage shown for ``question`` (refused, or the one they
        settled on) for the next batch, as ``record`` keeps questions."""
        at = int(now if now is not None else time.time())
        asked = " ".join(question.split())[:300]
        self._judged.append((at, self.asker(user_id), asked, passage_id, int(settled)))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush_later())

    async def refused(self, days: int = 7, top: int = 10, now: float | None = None) -> list[tuple[str, int]]:
        """The questions whose shown passages were most often refused, with how many times."""
        await self.flush()
        return await self.rows.refused(int((now if now is not None else time.time()) - days * DAY), top)

    async def judgments(self) -> list[Judgment]:
        """Every verdict kept (within the retention period), oldest first."""
        await self.flush()
        return await self.rows.judgments()

    async def _flush_later(self) -> None:
        """Write the batch soon; while the rows' store refuses, try again (2 s doubling to 30 s),
        so rows kept through an outage are written once it ends, whether or not more come."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._full.wait(), self.flush_after)
        retry = self.first_retry
        while True:
            self._full.clear()
            try:  # shielded: closing cancels the wait, never a write half done
                await asyncio.shield(self.flush())
            except self.rows.errors as exc:  # the rows wait for the next try
                if not self._failing:
                    log.warning("stats: could not write %d rows yet: %s", len(self._pending), exc)
                self._failing = True
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._full.wait(), retry)
                retry = min(retry * 2, 30.0)
                continue
            if self._failing:
                log.info("stats: the rows that waited are written")
            self._failing = False
            if not (self._pending or self._judged):
                return
            # Rows recorded while that write ran found this task still running and started none:
            # they go in the next batch, a moment later, not whenever the next row comes.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._full.wait(), self.flush_after)

    async def flush(self) -> None:
        """Write the recorded rows now; if the database refuses, they stay pending (up to 10,000)."""
        async with self._writing:
            await self._write_pending()
            if self._since_purge >= 1000:
                await self._delete_old(time.time())

    async def purge(self, now: float | None = None) -> int:
        """Write what is pending, then delete rows older than the retention period; how many went."""
        async with self._writing:
            await self._write_pending()
            return await self._delete_old(now if now is not None else time.time())

    async def _write_pending(self) -> None:
        """Under ``_writing``: one write after another, so closing waits for a write under way."""
        judged, self._judged = self._judged, []
        if judged:
            try:
                await self.rows.judge(judged)
            except self.rows.errors:
                self._judged = (judged + self._judged)[-MAX_PENDING:]
                raise
        rows, self._pending = self._pending, []
        if not rows:
            return
        try:
            await self.rows.write(rows)
        except self.rows.errors:
            self._pending = (rows + self._pending)[-MAX_PENDING:]
            raise
        self._since_purge += len(rows)

    async def _delete_old(self, now: float) -> int:
        deleted = await self.rows.delete_before(int(now - self.retention_days * DAY))
        self._since_purge = 0
        return deleted

    async def report(self, days: int = 7, top: int = 10, now: float | None = None) -> Report:
        await self.flush()
        return await self.rows.report(int((now if now is not None else time.time()) - days * DAY), top)


async def _key_apart(db: aiosqlite.Connection, path: Path) -> tuple[bytes, str]:
    """The askers' key (``bot.stats_key``: STATS_SALT or a 0600 file beside the stats) and the
    hash form of this stats file. A salt an older version kept in the file moves out to the key
    file and is erased here, its bytes overwritten (``secure_delete``, the log checkpointed)."""
    legacy = list(await db.execute_fetchall("SELECT value FROM meta WHERE key = 'salt'"))
    if not list(await db.execute_fetchall("SELECT value FROM meta WHERE key = 'asker_hash'")):
        had_rows = bool(list(await db.execute_fetchall("SELECT 1 FROM questions LIMIT 1")))
        # INSERT OR IGNORE: replicas starting together agree on whichever came first.
        form = LEGACY if legacy or had_rows else HMAC  # an old file keeps its form: askers counted once
        await db.execute("INSERT OR IGNORE INTO meta VALUES ('asker_hash', ?)", (form,))
        await db.commit()
    form = str(next(iter(await db.execute_fetchall("SELECT value FROM meta WHERE key = 'asker_hash'")))[0])
    key = await asyncio.to_thread(stats_key, path, bytes.fromhex(str(legacy[0][0])) if legacy else None)
    if legacy:
        await db.execute("PRAGMA secure_delete = ON")
        await db.execute("DELETE FROM meta WHERE key = 'salt'")
        await db.commit()
        await db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        log.info("stats: the salt moved out of %s into %s", path, path.name + ".key")
    return key, form
