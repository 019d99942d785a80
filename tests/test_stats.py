"""Stats: what readers ask, hashed, batched, purged."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from bot.stats import DAY, Stats
from tests.helpers import count_calls
from tests.waiting import until


async def test_stats_keep_a_salted_hash_never_the_user_id(tmp_path: Path) -> None:
    stats = await Stats.open(tmp_path / "s.sqlite", retention_days=90)
    await stats.record(123456789, "mirlohi", True, "ترامپ")
    await stats.record(123456789, None, False, "قیمت دلار")
    await stats.flush()
    rows = list(await stats.rows.db.execute_fetchall("SELECT * FROM questions"))
    assert all("123456789" not in str(row) for row in rows)
    assert rows[0][4] is None and rows[1][4] == "قیمت دلار"  # only unanswered questions are kept
    other = await Stats.open(tmp_path / "t.sqlite")
    assert other.asker(123456789) != stats.asker(123456789)  # each stats file has its own salt
    await other.close()
    await stats.close()


async def count_rows(path: Path) -> int:
    import aiosqlite

    async with aiosqlite.connect(path) as db:
        return int(next(iter(await db.execute_fetchall("SELECT count(*) FROM questions")))[0])


async def test_stats_are_written_in_batches_a_moment_later_and_on_close(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.sqlite"
    stats = await Stats.open(path, retention_days=90)
    stats.flush_after = 0.2
    for i in range(3):
        await stats.record(i, "mirlohi", True, "ترامپ")
    assert await count_rows(path) == 0  # nothing written on the answer's path
    writes = count_calls(monkeypatch, stats.rows.db, "executemany")
    await until(lambda: stats._flusher is not None and stats._flusher.done(), what="the timer's write")
    assert await count_rows(path) == 3 and len(writes) == 1  # the timer wrote them in one batch
    await stats.record(7, None, False, "قیمت دلار")
    assert (await stats.report()).total == 4  # a report sees what is still pending
    await stats.record(8, None, False, "قیمت طلا")
    await stats.close()  # closing writes the rest
    assert await count_rows(path) == 5


async def test_a_full_batch_is_written_at_once_without_holding_up_the_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.stats import FLUSH_ROWS

    path = tmp_path / "s.sqlite"
    stats = await Stats.open(path, retention_days=90)
    stats.flush_after = 60
    for i in range(FLUSH_ROWS - 1):
        await stats.record(i, "mirlohi", True, "ترامپ")
    assert not stats._full.is_set()  # one short of a batch: the timer waits its minute
    assert await count_rows(path) == 0 and stats.waiting == FLUSH_ROWS - 1
    writes = count_calls(monkeypatch, stats.rows.db, "executemany")
    await stats.record(FLUSH_ROWS, "mirlohi", True, "ترامپ")
    assert writes == []  # recording never waits for the write
    await until(lambda: stats._flusher is not None and stats._flusher.done(), what="the full batch's write")
    assert await count_rows(path) == FLUSH_ROWS and len(writes) == 1
    await stats.close()


async def test_closing_during_a_timed_write_and_purge_loses_nothing(tmp_path: Path) -> None:
    """Closing cancels the timer, but its write (shielded) goes on: close must wait for it, and the
    purge it starts, before the database closes; rows recorded meanwhile are written too."""
    path = tmp_path / "s.sqlite"
    stats = await Stats.open(path, retention_days=90)
    stats.flush_after = 0
    stats._since_purge = 999  # the timer's write starts a purge
    real = stats.rows.db.execute
    deleting, release = asyncio.Event(), asyncio.Event()

    async def slow_first_delete(sql: str, *args: Any) -> Any:
        if sql.startswith("DELETE") and not deleting.is_set():
            deleting.set()
            await release.wait()
        return await real(sql, *args)

    stats.rows.db.execute = slow_first_delete  # type: ignore[method-assign]
    for i in range(3):
        await stats.record(i, "mirlohi", True, "ترامپ")
    await asyncio.wait_for(deleting.wait(), 5)  # the timer's purge is under way
    await stats.record(9, None, False, "قیمت دلار")
    timer = stats._flusher
    closing = asyncio.create_task(stats.close())
    await until(lambda: timer is not None and timer.done(), what="close cancelling the timer")
    assert not closing.done()  # closing has begun, and waits for the purge under way
    release.set()
    await asyncio.wait_for(closing, 5)
    assert await count_rows(path) == 4


async def test_rows_the_database_refuses_stay_pending_until_it_accepts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    path = tmp_path / "s.sqlite"
    stats = await Stats.open(path, retention_days=90)
    await stats.record(1, None, False, "یک")
    await stats.record(2, None, False, "دو")
    real = stats.rows.db.executemany

    async def locked(*args: Any, **kwargs: Any) -> Any:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(stats.rows.db, "executemany", locked)
    with pytest.raises(sqlite3.OperationalError):
        await stats.flush()
    await stats.record(3, None, False, "سه")
    monkeypatch.setattr(stats.rows.db, "executemany", real)
    await stats.flush()
    report = await stats.report(days=1)
    assert report.total == 3 and {q for q, _ in report.top_unanswered} == {"یک", "دو", "سه"}
    await stats.close()


async def test_old_rows_are_deleted_after_the_retention_period(tmp_path: Path) -> None:
    stats = await Stats.open(tmp_path / "s.sqlite", retention_days=90)
    import time

    now = time.time()
    await stats.record(1, None, False, "old", now=now - 91 * DAY)
    await stats.record(1, None, False, "new", now=now - 1 * DAY)
    assert await stats.purge(now=now) == 1
    report = await stats.report(days=365, now=now)
    assert [q for q, _ in report.top_unanswered] == ["new"]
    await stats.close()


async def test_judgments_keep_a_hashed_asker_count_refusals_and_go_after_the_retention_period(
    tmp_path: Path,
) -> None:
    import time

    stats = await Stats.open(tmp_path / "s.sqlite", retention_days=90)
    now = time.time()
    await stats.judge(4242, "old  question", "p-q1-1", settled=False, now=now - 91 * DAY)
    await stats.judge(4242, "new\nquestion", "p-q1-1", settled=False, now=now - DAY)
    await stats.judge(4243, "new question", "p-q2-1", settled=False, now=now - DAY)
    await stats.judge(4243, "new question", "p-q3-1", settled=True, now=now - DAY)
    assert await stats.refused(days=365, now=now) == [("new question", 2), ("old question", 1)]
    await stats.purge(now=now)
    kept = await stats.judgments()
    assert [(q, p, s) for _, _, q, p, s in kept] == [
        ("new question", "p-q1-1", 0), ("new question", "p-q2-1", 0), ("new question", "p-q3-1", 1)
    ]  # fmt: skip
    assert {asker for _, asker, _, _, _ in kept} == {stats.asker(4242), stats.asker(4243)}
    assert not any("4242" in asker for _, asker, _, _, _ in kept)
    await stats.close()


async def test_two_processes_sharing_a_stats_file_agree_and_add_up(tmp_path: Path) -> None:
    first, second = await asyncio.gather(Stats.open(tmp_path / "s.sqlite"), Stats.open(tmp_path / "s.sqlite"))
    assert first.asker(99) == second.asker(99)
    await first.record(1, "mirlohi", True, "ترامپ")
    await second.record(2, None, False, "قیمت دلار")
    await second.flush()  # what another replica recorded shows once written: within a second
    report = await first.report()
    assert (report.total, report.unanswered, report.askers) == (2, 1, 2)
    await first.close()
    await second.close()


def test_rows_kept_through_an_outage_are_written_when_it_ends_without_new_ones() -> None:
    from bot.stats import Report, Row, Stats

    class Away(Exception):
        pass

    class Flaky:
        errors = (Away,)

        def __init__(self) -> None:
            self.refusals = 2
            self.written: list[Row] = []

        async def write(self, rows: list[Row]) -> None:
            if self.refusals:
                self.refusals -= 1
                raise Away("the database is away")
            self.written += rows

        async def delete_before(self, cutoff: int) -> int:
            return 0

        async def report(self, since: int, top: int) -> Report:
            return Report([], len(self.written), 0, [], 0)

        async def close(self) -> None:
            pass

    async def scenario() -> Flaky:
        rows = Flaky()
        stats = Stats(rows, b"salt", 90, flush_after=0.05)
        stats.first_retry = 0.05  # in service 2 s, doubling to 30 s
        for n in range(3):
            await stats.record(n, "mirlohi", True, "q")
        assert stats.waiting == 3
        # Two refusals, then the retry writes them, though no new row came to trigger it.
        await until(lambda: rows.written, what="the rows that waited being written")
        assert stats.waiting == 0 and rows.refusals == 0
        return rows

    assert len(asyncio.run(scenario()).written) == 3


async def test_a_row_recorded_while_a_batch_is_written_goes_in_the_next_batch_unprompted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.sqlite"
    stats = await Stats.open(path, retention_days=90)
    stats.flush_after = 0.01
    writing, release = asyncio.Event(), asyncio.Event()
    real = stats.rows.judge

    async def slow(rows: Any) -> None:
        writing.set()
        await release.wait()
        await real(rows)

    monkeypatch.setattr(stats.rows, "judge", slow)
    try:
        await stats.judge(1, "first", "p-q1-1", settled=False)
        await asyncio.wait_for(writing.wait(), 5)
        await stats.judge(1, "second", "p-q2-1", settled=False)  # the timer's task is busy writing
        monkeypatch.setattr(stats.rows, "judge", real)
        release.set()
        for _ in range(250):  # no other row comes to start a timer: the busy one must write it
            await asyncio.sleep(0.02)
            if len(await stats.rows.judgments()) == 2:
                break
        assert [q for _, _, q, _, _ in await stats.rows.judgments()] == ["first", "second"]
    finally:
        release.set()
        await stats.close()


OLD_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE questions (at INTEGER NOT NULL, asker TEXT NOT NULL, interview TEXT, matched INTEGER NOT NULL,
    unanswered TEXT);
CREATE INDEX questions_by_time ON questions (at);
INSERT INTO meta VALUES ('salt', '00112233445566778899aabbccddeeff');
"""


async def test_a_stats_file_from_before_versioning_is_migrated_keeping_its_rows_and_salt(
    tmp_path: Path,
) -> None:
    import sqlite3
    import time

    from bot.stats import STATS_SCHEMA

    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as old:  # as the bot wrote it before the schema had a version
        old.executescript(OLD_SCHEMA)
        old.execute("INSERT INTO questions VALUES (?, 'x', NULL, 0, 'قیمت دلار')", (int(time.time()),))
    stats = await Stats.open(path)
    assert stats.salt == bytes.fromhex("00112233445566778899aabbccddeeff")
    assert (await stats.report()).top_unanswered == [("قیمت دلار", 1)]
    await stats.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == STATS_SCHEMA
        indexes = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "unanswered_by_time" in indexes
    again = await Stats.open(path)  # opening a migrated file changes nothing
    assert (await again.report()).total == 1
    await again.close()


async def test_a_stats_file_from_a_newer_bot_is_refused_in_one_line(tmp_path: Path) -> None:
    import sqlite3

    from bot.stats import StatsSchemaError

    path = tmp_path / "new.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(StatsSchemaError, match="newer than this bot's"):
        await Stats.open(path)


async def test_backup_copies_the_stats_file_while_it_is_open(tmp_path: Path) -> None:
    from bot.stats import backup

    path = tmp_path / "s.sqlite"
    stats = await Stats.open(path)
    await stats.record(1, None, False, "قیمت دلار")
    await stats.flush()
    assert await asyncio.to_thread(backup, path, tmp_path / "copy.sqlite") == 1  # the bot still has it open
    await stats.record(2, None, False, "قیمت طلا")
    await stats.close()
    restored = await Stats.open(tmp_path / "copy.sqlite")
    assert [q for q, _ in (await restored.report()).top_unanswered] == ["قیمت دلار"]
    assert restored.salt == stats.salt  # the same askers hash the same after a restore
    await restored.close()


def test_a_semicolon_in_a_migrations_comment_does_not_cut_its_statement() -> None:
    from bot.stats_schema import _statements

    script = """
    CREATE TABLE t (
        a INTEGER,   -- 1: this; 0: that
        b TEXT
    );
    CREATE INDEX t_a ON t (a);
    """
    assert [" ".join(s.split()) for s in _statements(script)] == [
        "CREATE TABLE t ( a INTEGER, b TEXT )",
        "CREATE INDEX t_a ON t (a)",
    ]
