"""What the replicas share through PostgreSQL: the stats rows, the question quota, the quote-card
file_ids and the salt that hashes askers. Each falls back to what one replica has alone while the
database is away (``bot.shared.database``): stats wait in memory, the quota is counted per replica,
a card is uploaded again."""

from __future__ import annotations

import logging
import os
import secrets
import time

import asyncpg

from bot.shared.database import Connection, Database, Unavailable
from bot.shared.local import CardFiles, Throttle
from bot.stats import Judgment, Report, Row, hashed_asker
from bot.stats_key import LEGACY

log = logging.getLogger("interview_bot")


class PostgresRows:
    """The stats rows in the shared database (``bot.stats.Rows``)."""

    # What leaves the rows waiting: the server away, or refusing the write (they are retried).
    errors: tuple[type[BaseException], ...] = (Unavailable, asyncpg.PostgresError, asyncpg.InterfaceError)

    def __init__(self, db: Database) -> None:
        self.db = db

    async def write(self, rows: list[Row]) -> None:
        records = [
            (at, asker, interview, bool(matched), kept) for at, asker, interview, matched, kept in rows
        ]
        await self.db.run(
            lambda c: c.executemany("INSERT INTO questions VALUES ($1, $2, $3, $4, $5)", records)
        )

    async def judge(self, rows: list[Judgment]) -> None:
        records = [
            (at, asker, question, passage, bool(settled)) for at, asker, question, passage, settled in rows
        ]
        await self.db.run(
            lambda c: c.executemany("INSERT INTO judgments VALUES ($1, $2, $3, $4, $5)", records)
        )

    async def refused(self, since: int, top: int) -> list[tuple[str, int]]:
        rows = await self.db.run(
            lambda c: c.fetch(
                "SELECT question, count(*) FROM judgments WHERE at >= $1 AND NOT settled"
                " GROUP BY question ORDER BY 2 DESC, 1 LIMIT $2",
                since,
                top,
            ),
            timeout=5,
        )
        return [(str(r[0]), int(r[1])) for r in rows]

    async def judgments(self) -> list[Judgment]:
        rows = await self.db.run(
            lambda c: c.fetch(
                "SELECT at, asker, question, passage, settled FROM judgments ORDER BY at, ctid"
            ),
            timeout=30,
        )
        return [(int(r[0]), str(r[1]), str(r[2]), str(r[3]), int(r[4])) for r in rows]

    async def delete_before(self, cutoff: int) -> int:
        status = await self.db.run(lambda c: c.execute("DELETE FROM questions WHERE at < $1", cutoff))
        await self.db.run(lambda c: c.execute("DELETE FROM judgments WHERE at < $1", cutoff))
        return int(str(status).rsplit(" ", 1)[-1] or 0)

    async def report(self, since: int, top: int) -> Report:
        async with self.db.connection(timeout=5) as c:
            per_day = await c.fetch(
                "SELECT to_char(to_timestamp(at) AT TIME ZONE 'UTC', 'YYYY-MM-DD'), count(*),"
                " sum(CASE WHEN matched THEN 0 ELSE 1 END) FROM questions WHERE at >= $1"
                " GROUP BY 1 ORDER BY 1 DESC",
                since,
            )
            totals = await c.fetchrow(
                "SELECT count(*), coalesce(sum(CASE WHEN matched THEN 0 ELSE 1 END), 0),"
                " count(DISTINCT asker) FROM questions WHERE at >= $1",
                since,
            )
            unanswered = await c.fetch(
                "SELECT unanswered, count(*) FROM questions WHERE at >= $1 AND NOT matched"
                " AND unanswered != '' GROUP BY unanswered ORDER BY 2 DESC, 1 LIMIT $2",
                since,
                top,
            )
        assert totals is not None
        return Report.of([tuple(r) for r in per_day], tuple(totals), [tuple(r) for r in unanswered])

    async def close(self) -> None:
        pass  # the database is closed by its owner, after every user of it


async def shared_salt(db: Database) -> bytes:
    """STATS_SALT, else one random salt kept in the database, the same for every replica."""
    salt = os.environ.get("STATS_SALT", "").encode()
    if salt:
        return salt
    log.warning("stats: the askers' salt is kept in the shared database: set STATS_SALT to keep it apart")

    async def agree(c: Connection) -> str:
        await c.execute(
            "INSERT INTO meta VALUES ('salt', $1) ON CONFLICT (key) DO NOTHING", secrets.token_bytes(16).hex()
        )
        return str(await c.fetchval("SELECT value FROM meta WHERE key = 'salt'"))

    return bytes.fromhex(await db.run(agree, timeout=10))


class SharedThrottle(Throttle):
    """The quota counted in the database, so a flooder cannot multiply it by the replicas: a
    sliding minute (this minute's count, and last minute's in proportion to what is left of it),
    by the hashed asker. While the database is away, each replica counts alone (``Throttle``)."""

    def __init__(self, rate: int, db: Database, salt: bytes) -> None:
        super().__init__(rate)
        self.db = db
        self.salt = salt
        self._calls = 0

    async def allowed(self, user_id: int, now: float) -> bool:
        wall = time.time()
        minute = int(wall // 60)
        asker = hashed_asker(self.salt, user_id, LEGACY)  # the shared database's form, as before
        self._calls += 1
        prune = self._calls % 1000 == 0
        try:
            async with self.db.connection(timeout=0.5) as c:
                row = await c.fetchrow(
                    "WITH counted AS (INSERT INTO quota VALUES ($1, $2, 1) ON CONFLICT (asker, minute)"
                    " DO UPDATE SET asked = quota.asked + 1 RETURNING asked)"
                    " SELECT (SELECT asked FROM counted),"
                    " coalesce((SELECT asked FROM quota WHERE asker = $1 AND minute = $2 - 1), 0)",
                    asker,
                    minute,
                )
                if prune:
                    await c.execute("DELETE FROM quota WHERE minute < $1", minute - 2)
        except Unavailable:
            return self.allow(user_id, now)
        except Exception as exc:  # the quota never stops an answer: count here instead
            log.warning("shared quota: %s: counted in this replica", type(exc).__name__)
            return self.allow(user_id, now)
        assert row is not None
        this, last = int(row[0]), int(row[1])
        left_of_last = 1 - (wall % 60) / 60
        if this - 1 + last * left_of_last >= self.rate:  # the ones before this question
            return False
        self.warned.discard(user_id)
        return True


class SharedCardFiles(CardFiles):
    """The file_ids in the database too: a card one replica uploaded, the others send by file_id.
    The key holds a hash of the card's text, so a corrected interview gets a new card."""

    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db

    async def get(self, key: str) -> str | None:
        if key in self.kept:
            return self.kept[key]
        try:
            found = await self.db.run(
                lambda c: c.fetchval("SELECT file_id FROM card_files WHERE key = $1", key), timeout=0.5
            )
        except Unavailable:
            return None
        except Exception as exc:  # a card is uploaded again rather than not sent
            log.warning("shared card cache: %s", type(exc).__name__)
            return None
        if found is not None:
            self.kept[key] = str(found)
        return None if found is None else str(found)

    async def keep(self, key: str, file_id: str) -> None:
        self.kept[key] = file_id
        try:  # else the next replica uploads it again
            await self.db.run(
                lambda c: c.execute(
                    "INSERT INTO card_files VALUES ($1, $2, $3)"
                    " ON CONFLICT (key) DO UPDATE SET file_id = $2, at = $3",
                    key,
                    file_id,
                    int(time.time()),
                ),
                timeout=0.5,
            )
        except Unavailable:
            pass
        except Exception as exc:
            log.warning("shared card cache: %s", type(exc).__name__)
