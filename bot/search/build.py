"""Building an index: passages analyzed (here, or by worker processes) and written to SQLite.

A build writes a new file and renames it over the old one, so a reader never sees a half-built
index and a failed build leaves the old index serving.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import itertools
import json
import logging
import os
import sqlite3
import time
from collections import Counter, deque
from collections.abc import AsyncGenerator, Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from bot.analysis.analyzer import Analyzer
from bot.analysis.cache import analysis_version
from bot.library.corpus import corpus_files, load_sources, prepare_corpus
from bot.library.interview import Interview, InterviewInfo
from bot.library.passages import Passage
from bot.resources import bundled
from bot.search.disk import DiskFull, disk_full, is_disk_full, remove_leftovers
from bot.search.schema import (
    CONTEXT_CHARS,
    FEATURED_INDEX,
    PASSAGE_COLUMNS,
    SCHEMA,
    SCHEMA_VERSION,
    Codec,
    read_meta,
)
from bot.search.workers import Analyzed, Item, WorkerError, Workers, analyze_batch, workers
from bot.settings import Settings

BATCH = 2000  # passages analyzed, and written, at a time
PARALLEL_AFTER = 5_000  # a library bigger than this is analyzed by worker processes too
WORKER_TIMEOUT = 60.0  # seconds for one batch (it takes well under one)

log = logging.getLogger(__name__)

# A passage as written: its rowid, itself, and its question keys, body keys, words as written
# and context keys (the end of the passage before in its answer), all space-joined.
Row = tuple[int, Passage, tuple[str, str, str, str]]


@dataclass(frozen=True)
class IndexStats:
    path: Path
    passages: int
    interviews: int
    seconds: float
    bytes: int


def fingerprint(files: Iterable[Path], analyzer_files: Iterable[Path]) -> str:
    """What the index was built from: changes when any input file or stop word list does, and
    when the analysis does (a new version of the bot or of hazm may key words differently)."""
    digest = hashlib.sha256(f"{SCHEMA_VERSION}:{analysis_version()}".encode())
    for path in sorted(files) + sorted(analyzer_files):
        digest.update(str(path.name).encode())
        digest.update(path.read_bytes() if path.exists() else b"-")
    return digest.hexdigest()


async def build_index(
    path: Path,
    passages: Iterable[Passage],
    analyzer: Analyzer,
    interviews: Iterable[Interview] = (),
    source_fingerprint: str = "",
    progress: Callable[[int], None] | None = None,
) -> IndexStats:
    """Write a fresh index to ``path``, atomically replacing any index already there;
    ``progress`` hears how many passages are analysed after each batch."""
    started = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.building")
    temporary.unlink(missing_ok=True)
    remove_leftovers(path)  # builds killed before they finished
    count = total_keys = total_words = 0
    interview_count = 0
    word_docs: Counter[str] = Counter()
    try:
        async with aiosqlite.connect(temporary) as db:
            await db.execute("PRAGMA journal_mode = OFF")
            await db.execute("PRAGMA synchronous = OFF")
            await db.executescript(SCHEMA)
            for interview in interviews:
                interview_count += 1
                info = InterviewInfo.of(interview)
                await db.execute(
                    "INSERT INTO interviews VALUES (?, ?, ?, ?, ?)",
                    (
                        info.id,
                        info.title,
                        info.interviewee,
                        json.dumps(dict(info.details), ensure_ascii=False),
                        json.dumps(info.questions, ensure_ascii=False),
                    ),
                )
            rows: list[Row] = []
            codec: Codec | None = None  # trained on the first batch
            writing: asyncio.Future[None] | None = None
            seen: set[str] = set()
            before: tuple[Passage, str] | None = None  # the passage written last, and its body keys
            try:
                async with contextlib.aclosing(_analyzed(passages, analyzer)) as batches:
                    async for batch, analyzed in batches:
                        for passage, (question_keys, body_keys, words) in zip(
                            batch, analyzed.rows, strict=True
                        ):
                            if passage.id in seen:
                                raise ValueError(f"passage id {passage.id!r} appears twice")
                            seen.add(passage.id)
                            count += 1
                            context = context_keys(before, passage)
                            rows.append((count, passage, (question_keys, body_keys, words, context)))
                            before = (passage, body_keys)
                        if codec is None:
                            codec = Codec.trained(
                                [p.text for _, p, _ in rows],
                                [Codec.joined_keys(*keys) for _, _, keys in rows],
                            )
                            await db.executemany(
                                "INSERT INTO dictionaries VALUES (?, ?)", codec.dictionaries.items()
                            )
                        word_docs.update(analyzed.word_docs)
                        if progress is not None:
                            progress(count)
                        total_keys += analyzed.keys
                        total_words += analyzed.words
                        # SQLite writes one batch in its thread while the next is analyzed.
                        if writing is not None:
                            await writing
                        writing = asyncio.ensure_future(_insert(db, codec, rows))
                        await asyncio.sleep(0)  # let it hand the batch to the thread
                        rows = []
            finally:  # a failed build still waits for its last write before the file goes
                if writing is not None:
                    await asyncio.gather(writing, return_exceptions=True)
            if writing is not None:
                writing.result()
            await db.executemany("INSERT INTO words_vocab VALUES (?, ?)", word_docs.items())
            await db.execute("INSERT INTO passages_fts(passages_fts) VALUES ('optimize')")
            await db.execute("INSERT INTO keys_vocab SELECT term, doc FROM passages_vocab")
            await db.execute(FEATURED_INDEX)  # after the rows: one sort, not a B-tree kept in order
            meta = {
                "schema": SCHEMA_VERSION,
                "fingerprint": source_fingerprint,
                "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "passages": str(count),
                "average_length": f"{total_keys / max(count, 1):.3f}",
                "average_words": f"{total_words / max(count, 1):.3f}",
            }
            await db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
            await db.commit()
            # Merging FTS5's segments ('optimize') left about 5% of the pages free: 0.4 s at
            # 100,000 passages gives them back.
            await db.execute("VACUUM")
        os.replace(temporary, path)
    except (sqlite3.OperationalError, OSError) as exc:
        if is_disk_full(exc):
            raise disk_full(path) from None  # one line; the old index is as it was
        raise
    finally:
        temporary.unlink(missing_ok=True)
    return IndexStats(path, count, interview_count, time.perf_counter() - started, path.stat().st_size)


def context_keys(before: tuple[Passage, str] | None, passage: Passage) -> str:
    """The last keys (about a sentence) of the passage before, when it is of the same answer:
    «این شهرداران…» is then found by the words that named them."""
    if before is None or passage.position <= 1:
        return ""
    previous, keys = before
    if previous.interview != passage.interview or previous.segment != passage.segment:
        return ""
    tail = keys[-CONTEXT_CHARS:]
    return tail.split(" ", 1)[-1] if len(keys) > CONTEXT_CHARS else tail


async def _analyzed(
    passages: Iterable[Passage], analyzer: Analyzer
) -> AsyncGenerator[tuple[tuple[Passage, ...], Analyzed]]:
    """The passages in batches, in order, each with its analysis.

    Analysis is most of a build's time. A small library is analyzed here; past
    ``PARALLEL_AFTER`` passages, worker processes (one per core) analyze the rest, a few batches
    ahead, while this process collects them and SQLite writes. Workers that cannot start, or
    stop, only cost time: their batches are analyzed here.
    """
    crew: Workers | None = None
    parallel = workers(analyzer)
    ahead: deque[tuple[tuple[Passage, ...], list[Item], asyncio.Future[Analyzed]]] = deque()

    async def take() -> tuple[tuple[Passage, ...], Analyzed]:
        """The oldest batch sent, analyzed: by its worker, or here if the workers failed."""
        nonlocal crew, parallel
        batch, items, analyzed = ahead.popleft()
        if crew is not None:
            try:
                return batch, await asyncio.wait_for(analyzed, WORKER_TIMEOUT)
            except (WorkerError, TimeoutError) as exc:
                log.warning("index: analyzing in this process only: %s", exc or "a worker is not answering")
                await crew.stop()
                crew, parallel = None, 0
        return batch, analyze_batch(analyzer, items)

    done = 0
    try:
        for batch in itertools.batched(passages, BATCH):
            items = [(p.question, p.text) for p in batch]
            if crew is None and parallel and done >= PARALLEL_AFTER:
                try:
                    crew = await Workers.start(parallel, analyzer.stopwords)
                except OSError as exc:
                    log.warning("index: analyzing in this process only: %s", exc)
                    parallel = 0
            done += len(batch)
            if crew is None:
                while ahead:
                    yield await take()
                yield batch, analyze_batch(analyzer, items)
                continue
            ahead.append((batch, items, await crew.submit(items)))
            if len(ahead) > 2 * parallel:
                yield await take()
        while ahead:
            yield await take()
    finally:
        if crew is not None:
            await crew.stop()


async def _insert(db: aiosqlite.Connection, codec: Codec, rows: list[Row]) -> None:
    """One batch of passages, and their keys into FTS5. The rows are packed as SQLite takes
    them, in its thread, while the next batch is analyzed."""
    await db.executemany(
        f"INSERT INTO passages (rowid, {PASSAGE_COLUMNS}, keys) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                rowid,
                p.id,
                p.interview,
                p.interview_title,
                p.segment,
                p.position,
                p.question,
                p.speaker,
                codec.pack_text(p.text),
                int(p.truncated),
                codec.pack_keys(Codec.joined_keys(*keys)),
            )
            for rowid, p, keys in rows
        ),
    )
    await db.executemany(
        "INSERT INTO passages_fts (rowid, question, body) VALUES (?, ?, ?)",
        ((rowid, question_keys, body_keys) for rowid, _, (question_keys, body_keys, _, _) in rows),
    )


async def build_from_files(
    files: Sequence[Path],
    db: Path,
    analyzer: Analyzer,
    settings: Settings,
    progress: Callable[[int, int], None] | None = None,
) -> IndexStats:
    """An index of these files; ``progress(done, total)`` hears of each batch of passages."""
    interviews, passages = load_sources(files)
    stamp = fingerprint(files, [settings.stopwords_path])
    total = len(passages)
    heard = None if progress is None else (lambda done: progress(done, total))
    return await build_index(db, passages, analyzer, interviews, stamp, heard)


async def index_or_old(settings: Settings, analyzer: Analyzer) -> Path:
    """``ensure_index`` for a bot starting: with no room to rebuild after a corpus change, the old
    index serves (with a warning) until there is room and a reload."""
    try:
        return await ensure_index(settings, analyzer)
    except DiskFull as exc:
        if not settings.index_path.exists():
            raise
        log.warning("%s: serving it until there is room, then /reload", exc)
        return settings.index_path


async def ensure_index(settings: Settings, analyzer: Analyzer) -> Path:
    """The default index, rebuilt first if the corpus or stop words changed since it was built.
    A corpus folder that is missing is created first, with the bundled interview in it."""
    prepare_corpus(settings.corpus_dir, bundled("corpus"))
    files = corpus_files(settings.corpus_dir)
    meta = read_meta(settings.index_path)
    if meta.get("fingerprint") != fingerprint(files, [settings.stopwords_path]):
        await build_from_files(files, settings.index_path, analyzer, settings)
    return settings.index_path
