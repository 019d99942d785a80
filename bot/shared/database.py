"""The PostgreSQL connection of a replica: a pool, the schema's migrations, and what happens when
the server goes away.

asyncpg was measured against psycopg 3 (BENCHMARKS.md, "Several machines"): the quota's upsert,
the one call on a question's path, takes about as long with either (0.3–0.4 ms on loopback);
asyncpg has its pool and LISTEN built in, where psycopg needs psycopg_pool beside it.
Migrations are numbered SQL in ``MIGRATIONS``, applied at start under an advisory lock (replicas
starting together apply each once); an empty database and every earlier schema upgrade alike.

The server going away never stops an answer: search is local. A call that cannot reach it raises
``Unavailable``; the first such failure logs one warning, later calls skip the server until a
back-off (0.5 s doubling to 30 s) lets one try again, and the first success logs that it is back.
The URL's password is never in a log line or a message: ``redact`` gives the URL as shown.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from bot.shared.urls import redact, redact_text, secrets_of

if TYPE_CHECKING:
    Connection = PoolConnectionProxy[asyncpg.Record]  # a pooled connection
else:
    Connection = PoolConnectionProxy
log = logging.getLogger("interview_bot")

MIGRATIONS: tuple[str, ...] = (
    # 1: stats, the quote-card cache, the question quota and the library's current files.
    """
    CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);
    CREATE TABLE questions (
        at bigint NOT NULL, asker text NOT NULL, interview text, matched boolean NOT NULL,
        unanswered text
    );
    CREATE INDEX questions_by_time ON questions (at);
    CREATE TABLE card_files (key text PRIMARY KEY, file_id text NOT NULL, at bigint NOT NULL);
    CREATE TABLE quota (
        asker text NOT NULL, minute bigint NOT NULL, asked integer NOT NULL, PRIMARY KEY (asker, minute)
    );
    CREATE TABLE interviews (
        id text PRIMARY KEY, content text NOT NULL, version integer NOT NULL, published_at bigint NOT NULL
    );
    """,
    # 2: every version of an interview is kept, and the library has one change counter.
    """
    CREATE TABLE interview_versions (
        id text NOT NULL, version integer NOT NULL, content text NOT NULL, published_at bigint NOT NULL,
        PRIMARY KEY (id, version)
    );
    INSERT INTO interview_versions SELECT id, version, content, published_at FROM interviews;
    INSERT INTO meta VALUES ('library_version', (SELECT count(*) FROM interview_versions)::text)
        ON CONFLICT (key) DO NOTHING;
    """,
    # 3: readers' verdicts on the passages shown («این نبود», 👍, an alternative opened).
    """
    CREATE TABLE judgments (
        at bigint NOT NULL, asker text NOT NULL, question text NOT NULL, passage text NOT NULL,
        settled boolean NOT NULL
    );
    CREATE INDEX judgments_by_time ON judgments (at);
    """,
)
MIGRATION_LOCK = 72_170_901  # pg_advisory_xact_lock's key for applying migrations
CONNECTION_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.CannotConnectNowError,
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.InternalClientError,  # a connection left mid-operation when the server went away
)


START_ERRORS: tuple[type[BaseException], ...] = (*CONNECTION_ERRORS, asyncpg.PostgresError)


class Unavailable(RuntimeError):
    """The database cannot be reached now."""


def _said(exc: BaseException, url: str) -> str:
    """What went wrong, in one line, with no secret in it."""
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return redact_text(text.replace(url, redact(url)), secrets_of(url))


async def migrate(connection: Connection | asyncpg.Connection, upto: int | None = None) -> int:
    """Apply the migrations the database has not had (up to ``upto``); the version it is at."""
    async with connection.transaction():
        await connection.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
        await connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)")
        current = await connection.fetchval("SELECT max(version) FROM schema_version") or 0
        target = len(MIGRATIONS) if upto is None else upto
        for number in range(current + 1, target + 1):
            await connection.execute(MIGRATIONS[number - 1])
            await connection.execute("INSERT INTO schema_version VALUES ($1)", number)
            log.info("database: schema migrated to version %d", number)
        return max(current, target)


class Database:
    def __init__(self, pool: asyncpg.Pool, url: str) -> None:
        self.pool = pool
        self.url = url
        self.up = True
        self._retry_at = 0.0
        self._backoff = 0.5
        self.outages = 0  # times the server went away while this replica ran (for /metrics)

    @classmethod
    async def connect(cls, url: str, timeout: float = 10) -> Database:
        """A pool to the server with the schema migrated; ``Unavailable`` (one line) if it cannot."""
        try:
            pool = await asyncpg.create_pool(
                url,
                min_size=0,  # no floor kept: asyncpg would log a traceback per try while the server is away
                max_size=4,
                timeout=timeout,
                command_timeout=10,
                max_inactive_connection_lifetime=60,
            )
            async with pool.acquire() as connection:
                await migrate(connection)
        except START_ERRORS as exc:
            raise Unavailable(f"cannot use the database {redact(url)}: {_said(exc, url)}") from None
        return cls(pool, url)

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.pool.close(), 5)

    def reachable(self) -> bool:
        """Worth trying now: up, or down long enough for the next try."""
        return self.up or time.monotonic() >= self._retry_at

    def _down(self, exc: BaseException) -> None:
        if self.up:
            self.outages += 1
            log.warning(
                "database %s unreachable (%s): answers go on; stats wait in memory, the quota is per"
                " replica, until it is back",
                redact(self.url),
                _said(exc, self.url),
            )
            self._backoff = 0.5
        else:
            self._backoff = min(self._backoff * 2, 30.0)
        self.up = False
        self._retry_at = time.monotonic() + self._backoff

    def _back(self) -> None:
        if not self.up:
            log.info("database %s is back", redact(self.url))
        self.up = True
        self._backoff = 0.5

    @contextlib.asynccontextmanager
    async def connection(self, timeout: float = 2.0) -> AsyncIterator[Connection]:
        """A pooled connection; ``Unavailable`` when the server cannot be reached (now, or within
        the back-off after a failure)."""
        if not self.reachable():
            raise Unavailable("the database is unreachable")
        try:
            async with self.pool.acquire(timeout=timeout) as connection:
                yield connection
        except CONNECTION_ERRORS as exc:
            self._down(exc)
            raise Unavailable(_said(exc, self.url)) from None
        self._back()

    async def run[T](self, work: Callable[[Connection], Awaitable[T]], timeout: float = 2.0) -> T:
        async with self.connection(timeout) as connection:
            return await work(connection)

    async def listen(self, channel: str, heard: Callable[[str], Coroutine[Any, Any, None]]) -> None:
        """Call ``heard(payload)`` for each NOTIFY on ``channel``, for as long as the task runs;
        a lost connection is made again (with back-off), and ``heard("")`` follows each
        reconnection, as notices sent meanwhile were missed."""
        backoff = 0.5
        first = True
        hearing: set[asyncio.Task[None]] = set()
        while True:
            lost = asyncio.Event()
            connection: Any = None
            try:
                connection = await asyncpg.connect(self.url, timeout=10)
                connection.add_termination_listener(lambda _, ended=lost: ended.set())

                def notice(_c: object, _pid: int, _channel: str, payload: str) -> None:
                    task = asyncio.get_running_loop().create_task(heard(payload))
                    hearing.add(task)  # held until done: the loop keeps only a weak reference
                    task.add_done_callback(hearing.discard)

                await connection.add_listener(channel, notice)
                if not first:
                    await heard("")
                first, backoff = False, 0.5
                await lost.wait()
            except CONNECTION_ERRORS as exc:
                log.debug("database listener: %s", _said(exc, self.url))
            finally:
                if connection is not None:
                    with contextlib.suppress(Exception):
                        await connection.close(timeout=2)
            first = False
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 30.0)

    async def notify(self, channel: str, payload: str) -> None:
        await self.run(lambda c: c.execute("SELECT pg_notify($1, $2)", channel, payload))
