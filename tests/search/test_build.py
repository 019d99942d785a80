"""Building an index: a big library is analyzed by worker processes, and gives the same index."""

from __future__ import annotations

import logging
import sqlite3
import sys
from pathlib import Path

import pytest

import bot.search.build
import bot.search.schema
import bot.search.workers
from bot.analysis.analyzer import Analyzer
from bot.library.corpus import corpus_files, load_sources
from bot.library.passages import Passage
from bot.search.build import build_index
from bot.search.schema import Codec
from bot.settings import Settings


def library(settings: Settings) -> list[Passage]:
    """The bundled interview's passages, and more made from them: enough for several batches."""
    _, passages = load_sources(corpus_files(settings.corpus_dir))
    copies = [
        Passage(
            f"{p.id}-{n}", p.interview, p.interview_title, p.segment, p.position, p.question, p.speaker, text
        )
        for n in range(6)
        for p in passages
        for text in [" ".join(p.text.split()[n:])]
    ]
    return passages + copies


def contents(path: Path) -> tuple[object, ...]:
    with sqlite3.connect(path) as db:
        codec = Codec(dict(db.execute("SELECT name, data FROM dictionaries").fetchall()))
        return (
            [
                (rowid, passage_id, codec.unpack_text(text), codec.unpack_keys(keys))
                for rowid, passage_id, text, keys in db.execute(
                    "SELECT rowid, id, text, keys FROM passages ORDER BY rowid"
                )
            ],
            db.execute("SELECT word, doc FROM words_vocab ORDER BY word").fetchall(),
            db.execute("SELECT key, value FROM meta WHERE key LIKE 'average%' ORDER BY key").fetchall(),
            db.execute("SELECT * FROM passages_vocab ORDER BY term").fetchall(),  # FTS5's own terms
        )


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of 4, workers after the first: a small library takes the big library's path."""
    monkeypatch.setattr(bot.search.build, "BATCH", 4)
    monkeypatch.setattr(bot.search.build, "PARALLEL_AFTER", 4)
    monkeypatch.setattr(bot.search.build, "workers", lambda analyzer: 2)
    monkeypatch.setattr(bot.search.build, "WORKER_TIMEOUT", 5.0)  # for the worker that never answers


async def here_only(tmp_path: Path, passages: list[Passage], analyzer: Analyzer) -> tuple[object, ...]:
    path = tmp_path / "here.sqlite"
    await build_index(path, passages, analyzer)
    return contents(path)


async def test_workers_build_the_same_index_as_one_process(
    tmp_path: Path,
    settings: Settings,
    analyzer: Analyzer,
    small_batches: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    passages = library(settings)
    assert len(passages) > 40
    path = tmp_path / "parallel.sqlite"
    with caplog.at_level(logging.WARNING):
        await build_index(path, passages, analyzer)
    assert caplog.records == []  # the workers did the work
    bot.search.build.PARALLEL_AFTER = 10**9
    assert contents(path) == await here_only(tmp_path, passages, analyzer)


@pytest.mark.parametrize(
    "command",
    [
        ("/nonexistent/python",),  # cannot start
        (sys.executable, "-c", "import sys; sys.stdin.buffer.read(1)"),  # starts, then dies
        (
            sys.executable,
            "-c",
            "import sys; sys.stdin.buffer.read(); sys.exit(3)",
        ),  # hangs on, answers nothing
    ],
)
async def test_workers_that_fail_only_cost_time(
    tmp_path: Path,
    settings: Settings,
    analyzer: Analyzer,
    small_batches: None,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    command: tuple[str, ...],
) -> None:
    passages = library(settings)
    expected = await here_only(tmp_path, passages, analyzer)
    monkeypatch.setattr(bot.search.workers, "WORKER_COMMAND", command)
    path = tmp_path / "parallel.sqlite"
    with caplog.at_level(logging.WARNING):
        await build_index(path, passages, analyzer)
    assert contents(path) == expected
    assert any("analyzing in this process only" in r.getMessage() for r in caplog.records)


async def test_a_duplicate_found_while_workers_analyze_keeps_the_old_index(
    tmp_path: Path, settings: Settings, analyzer: Analyzer, small_batches: None
) -> None:
    path = tmp_path / "index.sqlite"
    await build_index(path, [Passage("old", "t", "", 0, 0, None, "", "متن قدیمی")], analyzer)
    before = path.read_bytes()
    passages = library(settings)
    passages.append(passages[30])
    with pytest.raises(ValueError, match="appears twice"):
        await build_index(path, passages, analyzer)
    assert path.read_bytes() == before
    assert list(tmp_path.glob(".*building")) == []


async def test_a_passage_of_a_jsonl_file_is_its_own_full_answer(
    tmp_path: Path, settings: Settings, analyzer: Analyzer
) -> None:
    """Nothing in a JSONL file says which lines belong together: "full answer" on one of 300
    passages must send that passage, not the whole file (it was 50 messages)."""
    import json

    from bot.present.render import segment_html
    from bot.search.build import build_from_files
    from bot.service import Library

    source = tmp_path / "wiki.jsonl"
    lines = [{"id": f"w{i}", "title": f"مقاله {i}", "text": f"متن شماره {i} دربارهٔ شهر تهران. " * 20}
             for i in range(300)]  # fmt: skip
    source.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines), encoding="utf-8")
    await build_from_files([source], tmp_path / "wiki.sqlite", analyzer, settings)
    library = await Library.open(tmp_path / "wiki.sqlite", settings, analyzer)
    try:
        passage = await library.passage("w150")
        assert passage is not None
        answer = await library.answer(passage.interview, passage.segment)
        assert [p.id for p in answer] == ["w150"]
        assert len(segment_html(answer, "fa")) == 1
    finally:
        await library.close()


async def test_a_big_library_is_packed_with_its_own_dictionaries_and_reads_back_as_written(
    tmp_path: Path, settings: Settings, analyzer: Analyzer
) -> None:
    from bot.search.index import Index

    base = library(settings)
    passages = [
        Passage(f"{p.id}-x{n}", p.interview, p.interview_title, p.segment, p.position, p.question, p.speaker,
                f"{p.text} ({n})")
        for n in range(8)
        for p in base
    ]  # fmt: skip
    assert sum(len(p.text.encode()) for p in passages[:2000]) >= bot.search.schema.TRAIN_FROM
    path = tmp_path / "index.sqlite"
    await build_index(path, passages, analyzer)
    index = await Index.open(path)
    try:
        assert sorted(index.codec.dictionaries) == ["keys", "text"]
        by_row = await index.passages(list(range(1, len(passages) + 1)))
        assert [by_row[i + 1] for i in range(len(passages))] == passages
        found = await index.candidates('"' + analyzer.analyze("شهرداران")[0] + '"', 2.0, 5)
        assert found
        for candidate in found:
            written = passages[candidate.rowid - 1]
            assert candidate.body_keys == " ".join(analyzer.analyze(written.text))
            assert candidate.question == written.question
    finally:
        await index.close()


async def test_a_random_passage_is_one_of_an_answer_and_none_when_there_are_only_leads(
    tmp_path: Path, settings: Settings, analyzer: Analyzer
) -> None:
    from bot.search.index import Index

    passages = library(settings)
    answers = {p.id for p in passages if p.segment > 0}
    assert answers and len(answers) < len(passages)
    path = tmp_path / "index.sqlite"
    await build_index(path, passages, analyzer)
    index = await Index.open(path)
    try:
        seen = {passage.id for passage in [await index.random_passage() for _ in range(200)] if passage}
        assert seen <= answers and len(seen) > 5  # answers only, and not always the same one
    finally:
        await index.close()
    await build_index(path, [p for p in passages if p.segment == 0], analyzer)
    index = await Index.open(path)
    try:
        assert await index.random_passage() is None
    finally:
        await index.close()


async def test_what_inline_mode_shows_unasked_is_read_in_order_through_its_index(
    tmp_path: Path, settings: Settings, analyzer: Analyzer
) -> None:
    from bot.search.index import Index

    passages = library(settings)
    path = tmp_path / "index.sqlite"
    await build_index(path, passages, analyzer)
    index = await Index.open(path)
    try:
        shown = await index.featured(0, len(passages))
    finally:
        await index.close()
    expected = sorted(passages, key=lambda p: (p.position > 1, p.segment == 0, passages.index(p)))
    assert [p.id for p in shown] == [p.id for p in expected]
    with sqlite3.connect(path) as db:
        plan = db.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM passages ORDER BY position > 1, segment = 0, rowid LIMIT 5"
        ).fetchall()
    assert "passages_featured" in str(plan) and "TEMP B-TREE" not in str(plan)  # no sort of the table


async def test_an_index_of_the_layout_before_is_rebuilt_by_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, analyzer: Analyzer
) -> None:
    """An index a version before wrote (another layout) is rebuilt at the next start, not read."""
    import dataclasses

    from bot.search.build import ensure_index
    from bot.search.index import Index
    from bot.settings import load_settings

    settings = dataclasses.replace(load_settings(), index_path=tmp_path / "index.sqlite")
    monkeypatch.setattr(bot.search.build, "SCHEMA_VERSION", "3")  # as the version before wrote it
    await ensure_index(settings, analyzer)
    with sqlite3.connect(settings.index_path) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == ("3",)
    monkeypatch.undo()
    await ensure_index(settings, analyzer)
    index = await Index.open(settings.index_path)  # it would refuse a file of another version
    try:
        assert index.size > 0 and await index.candidates('"' + analyzer.analyze("ترامپ")[0] + '"', 2.0, 3)
    finally:
        await index.close()
