"""The shared store against a real PostgreSQL (tests/postgres.py): migrations, the library and its
versions, stats, quota and cards shared by two replicas, and the server going away and back."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from pathlib import Path

import asyncpg
import pytest

from bot.settings import Settings
from bot.shared.database import MIGRATIONS, Database, Unavailable, migrate
from bot.shared.library import current, publish, sync_folder
from bot.shared.store import PostgresRows, SharedCardFiles, SharedThrottle, shared_salt
from bot.shared.urls import redact
from bot.stats import Stats
from tests.postgres import PASSWORD, PostgresServer
from tests.waiting import until


def test_an_empty_database_and_the_previous_schema_both_upgrade(database_url: str) -> None:
    async def scenario() -> None:
        old = await asyncpg.connect(database_url)
        try:
            assert await migrate(old, upto=1) == 1  # a database left at the first schema, in use
            await old.execute("INSERT INTO interviews VALUES ('a', 'text of a', 3, 100)")
            await old.execute("INSERT INTO meta VALUES ('salt', 'aa')")
        finally:
            await old.close()
        db = await Database.connect(database_url)  # migrates at start
        try:
            version = await db.run(lambda c: c.fetchval("SELECT max(version) FROM schema_version"))
            assert version == len(MIGRATIONS) == 3
            kept = await db.run(lambda c: c.fetch("SELECT id, version, content FROM interview_versions"))
            assert [tuple(r) for r in kept] == [
                ("a", 3, "text of a")
            ]  # the history starts with what was there
            assert await current(db) == [("a", "text of a")]
        finally:
            await db.close()
        again = await Database.connect(database_url)  # a second start applies nothing twice
        try:
            rows = await again.run(lambda c: c.fetch("SELECT version FROM schema_version ORDER BY 1"))
            assert [r[0] for r in rows] == list(range(1, len(MIGRATIONS) + 1))
        finally:
            await again.close()

    asyncio.run(scenario())


def test_two_replicas_starting_together_migrate_once(database_url: str) -> None:
    async def scenario() -> None:
        both = await asyncio.gather(Database.connect(database_url), Database.connect(database_url))
        try:
            rows = await both[0].run(lambda c: c.fetch("SELECT version FROM schema_version ORDER BY 1"))
            assert [r[0] for r in rows] == list(range(1, len(MIGRATIONS) + 1))
        finally:
            for db in both:
                await db.close()

    asyncio.run(scenario())


async def listening_now(db: Database) -> bool:
    """Whether a connection of the server is LISTENing (PostgreSQL shows its last statement)."""
    count = await db.run(
        lambda c: c.fetchval(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE query LIKE 'LISTEN %' AND datname = current_database()"
        )
    )
    return bool(count)


def test_publishing_keeps_every_version_and_syncs_a_replica_folder(database_url: str, tmp_path: Path) -> None:
    async def scenario() -> None:
        db = await Database.connect(database_url)
        heard: list[str] = []
        got = asyncio.Event()

        async def on_notice(payload: str) -> None:
            heard.append(payload)
            got.set()

        listening = asyncio.create_task(db.listen("interview_bot_library", on_notice))
        try:
            await until(lambda: listening_now(db), what="the listener connecting")
            first = await publish(db, [("a", "one"), ("b", "two")])
            assert first.stored == [("a", 1), ("b", 1)] and first.library_version == 2
            await asyncio.wait_for(got.wait(), 5)
            assert heard == ["2"]
            again = await publish(db, [("a", "one"), ("b", "two, corrected")])
            assert again.stored == [("b", 2)] and again.unchanged == ["a"]
            versions = await db.run(
                lambda c: c.fetch("SELECT version, content FROM interview_versions WHERE id = 'b'")
            )
            assert sorted(tuple(r) for r in versions) == [(1, "two"), (2, "two, corrected")]
            folder = tmp_path / "library"
            assert sync_folder(folder, await current(db)) is True
            assert (folder / "b.md").read_text() == "two, corrected"
            assert sync_folder(folder, await current(db)) is False  # nothing new: no rebuild
            (folder / "gone.md").write_text("removed upstream")
            assert sync_folder(folder, await current(db)) is True and not (folder / "gone.md").exists()
        finally:
            listening.cancel()
            await db.close()

    asyncio.run(scenario())


def test_two_replicas_share_stats_quota_and_cards(database_url: str) -> None:
    async def scenario() -> None:
        one, two = await Database.connect(database_url), await Database.connect(database_url)
        try:
            salt = await shared_salt(one)
            assert await shared_salt(two) == salt  # replicas hash askers alike
            stats = [Stats(PostgresRows(db), salt, 90) for db in (one, two)]
            for n in range(10):
                await stats[0].record(7, "mirlohi", True, "q")
                await stats[1].record(8, None, False, f"unanswered {n % 2}")
            report = await stats[0].report()  # flushes its own; the other flushes on its timer
            await stats[1].flush()
            report = await stats[1].report()
            assert (report.total, report.unanswered, report.askers) == (20, 10, 2)
            assert report.top_unanswered == [("unanswered 0", 5), ("unanswered 1", 5)]
            quotas = [SharedThrottle(3, db, salt) for db in (one, two)]
            allowed = [await quotas[n % 2].allowed(99, 0.0) for n in range(5)]
            assert allowed == [True, True, True, False, False]  # 3 a minute across both replicas
            assert await quotas[0].allowed(100, 0.0)  # another reader has a quota of their own
            cards = [SharedCardFiles(db) for db in (one, two)]
            assert await cards[1].get("k") is None
            await cards[0].keep("k", "AgAD-file-id")
            assert await cards[1].get("k") == "AgAD-file-id"
        finally:
            await one.close()
            await two.close()

    asyncio.run(scenario())


def test_the_database_going_away_loses_no_stats_and_falls_back(
    postgres: PostgresServer, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    async def scenario() -> None:
        db = await Database.connect(database_url)
        try:
            stats = Stats(PostgresRows(db), b"salt", 90)
            quota = SharedThrottle(2, db, b"salt")
            cards = SharedCardFiles(db)
            await stats.record(1, "mirlohi", True, "before")
            await stats.flush()
            await asyncio.to_thread(postgres.stop)
            with caplog.at_level(logging.INFO, logger="interview_bot"):
                for n in range(30):
                    await stats.record(1, "mirlohi", n % 3 == 0, f"while away {n}")
                with pytest.raises(Unavailable):
                    await stats.flush()  # the rows wait in memory
                assert [await quota.allowed(5, float(n)) for n in range(3)] == [
                    True,
                    True,
                    False,
                ]  # per replica
                await cards.keep("k", "id")  # kept here, not there
                assert await cards.get("k") == "id"
                warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
                assert len(warnings) == 1 and "unreachable" in warnings[0].getMessage()
                assert all(PASSWORD not in r.getMessage() for r in caplog.records)
                await asyncio.to_thread(postgres.start)
                await asyncio.to_thread(postgres.wait_until_up)
                for _ in range(100):  # the back-off lets a try through within a few seconds
                    try:
                        await stats.flush()
                        break
                    except Unavailable:
                        await asyncio.sleep(0.2)
                report = await stats.report()
            assert report.total == 31 and report.unanswered == 20
            assert any("is back" in r.getMessage() for r in caplog.records)
        finally:
            await db.close()

    asyncio.run(scenario())


def test_the_password_is_never_in_a_message() -> None:
    url = f"postgresql://bot:{PASSWORD}@127.0.0.1:1/nowhere"
    assert redact(url) == "postgresql://bot:***@127.0.0.1:1/nowhere"

    async def scenario() -> str:
        with pytest.raises(Unavailable) as refused:
            await Database.connect(url, timeout=2)
        return str(refused.value)

    said = asyncio.run(scenario())
    assert PASSWORD not in said and "127.0.0.1:1" in said


def test_a_replica_that_starts_builds_from_the_published_library(database_url: str, tmp_path: Path) -> None:
    import dataclasses

    from bot.library.corpus import corpus_files
    from bot.settings import load_settings
    from handlers.replica import library_folder, shared_settings

    settings = dataclasses.replace(
        load_settings(), index_path=tmp_path / "index.sqlite", database_url=database_url
    )

    async def scenario() -> tuple[Path, Path]:
        db = await Database.connect(database_url)
        try:
            empty = await shared_settings(settings, db)  # nothing published yet: the local corpus
            bundled = (settings.corpus_dir / "mirlohi.md").read_text(encoding="utf-8")
            await publish(db, [("mirlohi", bundled)])
            published = await shared_settings(settings, db)
            return empty.corpus_dir, published.corpus_dir
        finally:
            await db.close()

    before, after = asyncio.run(scenario())
    assert before == settings.corpus_dir
    assert after == library_folder(settings) and [p.name for p in corpus_files(after)] == ["mirlohi.md"]


def test_readers_judgments_are_kept_in_the_shared_database_and_exported(
    database_url: str, settings: Settings
) -> None:
    from bot.library.passages import Passage
    from bot.reply.judgments import export_tsv, read_judgments

    passage = Passage(
        "p-q1-1", "p", "عنوان", 1, 1, "پرسش اول مصاحبه‌گر چیست؟", "گوینده", "جملهٔ اول پاسخ. جملهٔ دوم."
    )

    async def found(passage_id: str) -> Passage | None:
        return passage if passage_id == passage.id else None

    async def scenario() -> None:
        one, two = await Database.connect(database_url), await Database.connect(database_url)
        try:
            salt = await shared_salt(one)
            stats = [Stats(PostgresRows(db), salt, 90) for db in (one, two)]
            await stats[0].judge(7, "پرسش خواننده", "p-q2-1", settled=False)
            await stats[1].judge(7, "پرسش خواننده", "p-q1-1", settled=True)
            await stats[1].judge(8, "پرسش دیگر", "p-q1-1", settled=False)
            await stats[0].flush()
            assert await stats[1].refused() == [("پرسش خواننده", 1), ("پرسش دیگر", 1)]
            kept = await stats[0].judgments()
            assert [(q, p, s) for _, _, q, p, s in kept] == [
                ("پرسش خواننده", "p-q2-1", 0), ("پرسش خواننده", "p-q1-1", 1), ("پرسش دیگر", "p-q1-1", 0)
            ]  # fmt: skip
            assert all(asker != "7" and len(asker) == 20 for _, asker, _, _, _ in kept)
        finally:
            await one.close()
            await two.close()
        rows = await read_judgments(dataclasses.replace(settings, database_url=database_url))
        lines, gone = await export_tsv(rows, found)
        assert gone == 0 and lines[1:] == [
            "judged-0001\tjudged\tپرسش خواننده\tجملهٔ اول پاسخ\tپرسش اول مصاحبه‌گر چیست",
            "judged-0002\trefused\tپرسش دیگر\tجملهٔ اول پاسخ\tپرسش اول مصاحبه‌گر چیست",
        ]

    asyncio.run(scenario())
