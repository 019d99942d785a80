"""Interrupted builds and full disks (issue 28, item 11): leftovers removed at the next build,
workers that end quietly when their builder goes, and a full disk as one line with the old index
kept: from ``index``, at a bot's start (the old index serves) and to an admin's ``/reload``.

The full disk is SQLite's own: a build's connection is given ``PRAGMA max_page_count``, so its
writes fail with «database or disk is full» as on a disk with a few pages left."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import aiosqlite
import pytest

from bot.cli import main
from bot.settings import BotSettings
from tests.helpers import ROOT, feed, running_app
from tests.telegram_fakes import TOKEN, message

ADMIN = 4242
MORE = "---\nid: more\ntitle: دوچرخه\ninterviewee: مریم\n---\n## Q: دوچرخه چه؟\nدوچرخه قلب شهر است.\n"


def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every index build from now on runs out of room after a few pages."""
    connect = aiosqlite.connect

    def cramped(database: Any, *args: Any, **kwargs: Any) -> Any:
        connection = connect(database, *args, **kwargs)
        if str(database).endswith(".building"):
            original = connection._connect  # the connection's thread opens it: limit it there

            async def limited() -> Any:
                opened = await original()
                await opened.execute("PRAGMA max_page_count = 8")
                return opened

            connection._connect = limited  # type: ignore[method-assign]
        return connection

    monkeypatch.setattr(aiosqlite, "connect", cramped)


def corpus_with_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    corpus, index = tmp_path / "corpus", tmp_path / "index.sqlite"
    corpus.mkdir()
    shutil.copy(ROOT / "corpus" / "mirlohi.md", corpus / "mirlohi.md")
    monkeypatch.setenv("INTERVIEW_BOT_CORPUS", str(corpus))
    monkeypatch.setenv("INTERVIEW_BOT_INDEX", str(index))
    monkeypatch.setenv("INTERVIEW_BOT_STATS", str(tmp_path / "stats.sqlite"))
    assert main(["index"]) == 0
    return corpus, index


def test_index_on_a_full_disk_is_one_line_and_keeps_the_old_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, index = corpus_with_index(tmp_path, monkeypatch)
    before = index.read_bytes()
    capsys.readouterr()
    full_disk(monkeypatch)
    (corpus / "more.md").write_text(MORE, encoding="utf-8")
    assert main(["index"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "the disk is full" in err and "the old index is kept" in err
    assert index.read_bytes() == before
    assert not list(tmp_path.glob(".*.building"))


async def test_a_bot_starting_on_a_full_disk_serves_the_old_index_and_reload_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    corpus, _ = await asyncio.to_thread(corpus_with_index, tmp_path, monkeypatch)
    (corpus / "more.md").write_text(MORE, encoding="utf-8")  # the corpus changed since
    full_disk(monkeypatch)
    settings = BotSettings(token=TOKEN, admin_ids=frozenset({ADMIN}))
    with caplog.at_level(logging.WARNING):
        async with running_app(tmp_path, monkeypatch, settings, corpus) as bot:
            assert any("the disk is full" in r.getMessage() for r in caplog.records)
            _, request = bot
            await feed(bot, message("ترامپ"))
            assert "ترامپ" in request.sent()[-1]["text"]  # the old index answers
            await feed(bot, message("/reload"), user_id=ADMIN)
            said = request.sent()[-1]["text"]
            assert "the disk is full" in said and "نمایهٔ قبلی همچنان کار می‌کند" in said


def test_a_killed_builds_leftover_is_removed_by_the_next_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus_with_index(tmp_path, monkeypatch)
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead = tmp_path / f".index.sqlite.{gone.stdout.strip()}.building"
    living = tmp_path / f".index.sqlite.{os.getppid()}.building"  # a build under way elsewhere
    dead.write_bytes(b"half an index")
    living.write_bytes(b"being built")
    assert main(["index"]) == 0
    assert not dead.exists() and living.exists()


def worker() -> subprocess.Popen[bytes]:
    from bot.search.workers import WORKER_COMMAND, _frame

    process = subprocess.Popen(
        WORKER_COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT
    )
    assert process.stdin is not None
    process.stdin.write(_frame(["از", "به"]))
    return process


def test_a_worker_whose_builder_died_mid_frame_ends_quietly() -> None:
    from bot.search.workers import _frame

    process = worker()
    assert process.stdin is not None
    process.stdin.write(_frame([(None, "کتاب " * 1000)])[:50])  # cut short, as by kill -9
    process.stdin.close()
    assert process.wait(timeout=60) == 0
    assert process.stderr is not None and process.stderr.read() == b""  # no EOFError traceback


def test_a_worker_whose_builder_stopped_reading_ends_quietly() -> None:
    from bot.search.workers import _frame

    process = worker()
    assert process.stdin is not None and process.stdout is not None
    process.stdout.close()  # the builder is gone: nobody reads the answer
    process.stdin.write(_frame([(None, "کتاب " * 1000)]))
    process.stdin.close()
    assert process.wait(timeout=60) == 0
    assert process.stderr is not None and process.stderr.read() == b""


def test_no_room_to_rename_is_a_full_disk_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import errno

    import bot.search.build

    corpus, index = corpus_with_index(tmp_path, monkeypatch)
    before = index.read_bytes()
    (corpus / "more.md").write_text(MORE, encoding="utf-8")

    def no_room(source: Any, target: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(bot.search.build.os, "replace", no_room)
    capsys.readouterr()
    assert main(["index"]) == 2
    assert "the disk is full" in capsys.readouterr().err
    assert index.read_bytes() == before and not list(tmp_path.glob(".*.building"))
