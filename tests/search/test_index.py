"""Reading an open index: a small one on the loop's own connection, a big one on aiosqlite's thread,
the same rows either way."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import bot.search.index
from bot.analysis.analyzer import Analyzer
from bot.library.corpus import corpus_files, load_sources
from bot.search.build import build_index
from bot.search.index import Index
from bot.settings import Settings


async def bundled(tmp_path: Path, settings: Settings, analyzer: Analyzer) -> tuple[Path, int]:
    """The bundled interview's index, and how many passages it holds."""
    _, passages = load_sources(corpus_files(settings.corpus_dir))
    path = tmp_path / "index.sqlite"
    await build_index(path, passages, analyzer)
    return path, len(passages)


async def every_read(index: Index, analyzer: Analyzer) -> tuple[object, ...]:
    """What each kind of read gives on this index."""
    expression = " OR ".join(f'"{k}"' for k in analyzer.analyze("شهرداران سفر کشور"))
    found = await index.candidates(expression, 2.0, 10)
    first = (await index.passages([found[0].rowid]))[found[0].rowid]
    return (
        found,
        await index.candidates(expression, 2.0, 10, first.interview),
        await index.word_freq(["سفر", "نیست‌درهیچ‌متنی"]),
        len(await index.written_words()),
        await index.passage(first.id),
        await index.segment(first.interview, first.segment),
        await index.featured(0, 5),
        await index.interviews(),
    )


async def test_a_small_index_reads_on_the_loops_connection_and_a_big_one_on_the_thread_alike(
    tmp_path: Path, settings: Settings, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, size = await bundled(tmp_path, settings, analyzer)
    small = await Index.open(path)
    try:
        assert small.inline is not None

        async def no_hop(*_: object) -> None:
            raise AssertionError("a small index's read went to aiosqlite's thread")

        monkeypatch.setattr(small.db, "execute_fetchall", no_hop)
        inline = await every_read(small, analyzer)
        monkeypatch.undo()
    finally:
        await small.close()
    with pytest.raises(sqlite3.ProgrammingError):  # closed with the index
        small.inline.execute("SELECT 1")

    monkeypatch.setattr(bot.search.index, "INLINE_PASSAGES", size - 1)
    big = await Index.open(path)
    try:
        assert big.inline is None
        threaded = await every_read(big, analyzer)
    finally:
        await big.close()

    assert inline == threaded
    assert inline[0] and inline[2] == {"سفر": inline[2]["سفر"]}  # a word no passage holds is left out


async def test_the_loops_connection_only_reads(
    tmp_path: Path, settings: Settings, analyzer: Analyzer
) -> None:
    path, size = await bundled(tmp_path, settings, analyzer)
    index = await Index.open(path)
    try:
        assert index.inline is not None
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            index.inline.execute("DELETE FROM passages")
    finally:
        await index.close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM passages").fetchone()[0] == size


async def test_a_small_index_keeps_its_candidates_and_a_big_one_makes_them_anew(
    tmp_path: Path, settings: Settings, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, size = await bundled(tmp_path, settings, analyzer)
    expression = " OR ".join(f'"{k}"' for k in analyzer.analyze("شهرداران سفر کشور"))
    kept: list[list[object]] = []
    for inline_up_to in (size, size - 1):
        monkeypatch.setattr(bot.search.index, "INLINE_PASSAGES", inline_up_to)
        index = await Index.open(path)
        try:
            first, again = (
                await index.candidates(expression, 2.0, 10),
                await index.candidates(expression, 2.0, 10),
            )
        finally:
            await index.close()
        assert first and first == again
        assert f" {first[0].body_keys} " == first[0].padded_body and first[0].body_set == set(
            first[0].body_keys.split()
        )
        kept.append([a is b for a, b in zip(first, again, strict=True)])
    assert all(kept[0]) and not any(kept[1])  # the same objects when small; made anew when big
