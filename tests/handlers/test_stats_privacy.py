"""Readers' privacy in stats (issue 28, item 10): their verbatim questions go to an admin's
private chat only; the askers' key is kept apart from the stats, and can be rotated."""

from __future__ import annotations

import asyncio
import hashlib
import shutil
import sqlite3
import stat
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.settings import BotSettings
from bot.stats import Stats
from bot.stats_key import HMAC, LEGACY, key_path
from tests.helpers import ROOT, Bot, feed, running_app
from tests.telegram_fakes import GROUP, TOKEN, message

ADMIN = 4242
CARD = "کارت ۶۰۳۷۹۹۷۵۱۲۳۴۵۶۷۸ قیمت دلار"  # what a reader would not want posted in a group


@pytest.fixture
async def bot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Bot]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "corpus" / "mirlohi.md", corpus / "mirlohi.md")
    monkeypatch.delenv("STATS_SALT", raising=False)
    settings = BotSettings(token=TOKEN, admin_ids=frozenset({ADMIN}))
    async with running_app(tmp_path, monkeypatch, settings, corpus) as running:
        yield running


async def test_stats_in_a_group_give_counts_only(bot: Bot) -> None:
    _, request = bot
    await feed(bot, message(CARD), user_id=11)
    await feed(bot, message("/stats", chat=dict(GROUP)), user_id=ADMIN)
    in_group = request.sent()[-1]["text"]
    assert "1" in in_group and "۶۰۳۷" not in in_group and "قیمت دلار" not in in_group
    await feed(bot, message("/stats"), user_id=ADMIN)  # the admin's private chat
    assert "1× " + CARD in request.sent()[-1]["text"]


async def test_the_key_is_not_in_the_stats_and_its_file_is_the_owners_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STATS_SALT", raising=False)
    path = tmp_path / "stats.sqlite"
    stats = await Stats.open(path)
    await stats.record(123456789, None, False, "چرا؟")
    await stats.close()
    key = key_path(path).read_text().strip()
    assert stat.S_IMODE(key_path(path).stat().st_mode) == 0o600
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("stats.sqlite*") if not p.name.endswith(".key"))
    assert key.encode() not in stored and bytes.fromhex(key) not in stored
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'salt'").fetchall() == []
        asker = db.execute("SELECT asker FROM questions").fetchone()[0]
    # With only the stats file, enumerating ids finds no one: the hash needs the key.
    found = [
        uid
        for uid in range(123_450_000, 123_460_000)
        if hashlib.sha256(str(uid).encode()).hexdigest()[:20] == asker
    ]
    assert found == []


def old_stats_file(path: Path, salt: bytes) -> str:
    """A stats file as the version before kept it: the salt in ``meta``, sha256(salt ‖ id)."""
    asker = hashlib.sha256(salt + b"777").hexdigest()[:20]
    with sqlite3.connect(path) as db:
        db.executescript(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
            "CREATE TABLE questions (at INTEGER NOT NULL, asker TEXT NOT NULL, interview TEXT,"
            " matched INTEGER NOT NULL, unanswered TEXT);"
        )
        db.execute("INSERT INTO meta VALUES ('salt', ?)", (salt.hex(),))
        db.execute("INSERT INTO questions VALUES (strftime('%s','now'), ?, NULL, 1, NULL)", (asker,))
    return asker


async def test_an_old_stats_file_gives_up_its_salt_and_counts_a_returning_reader_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STATS_SALT", raising=False)
    path, salt = tmp_path / "stats.sqlite", bytes(range(16))
    asker = old_stats_file(path, salt)
    stats = await Stats.open(path)
    assert stats.form == LEGACY and stats.asker(777) == asker  # the same reader, the same hash
    await stats.record(777, None, True, "")
    report = await stats.report()
    await stats.close()
    assert (report.total, report.askers) == (2, 1)
    assert bytes.fromhex(key_path(path).read_text().strip()) == salt
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("stats.sqlite*") if not p.name.endswith(".key"))
    assert salt.hex().encode() not in stored  # erased, not only unlinked from the table


async def test_rotating_the_key_unlinks_every_hash_before_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    monkeypatch.delenv("STATS_SALT", raising=False)
    path = tmp_path / "stats.sqlite"
    monkeypatch.setenv("INTERVIEW_BOT_STATS", str(path))
    old_stats_file(path, bytes(range(16)))
    before = await Stats.open(path)
    old_hash = before.asker(777)
    await before.close()
    assert await asyncio.to_thread(main, ["rotate-salt"]) == 0
    assert "restart the bot" in capsys.readouterr().out
    after = await Stats.open(path)
    assert after.form == HMAC and after.asker(777) != old_hash
    assert stat.S_IMODE(key_path(path).stat().st_mode) == 0o600
    await after.close()
