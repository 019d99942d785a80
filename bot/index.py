"""The search index: passages and their analyzed keys in SQLite, searched with FTS5.

The FTS5 table holds only keys the analyzer made (``unicode61`` merely splits them at spaces),
in two columns, question and body, so each gets its own bm25 weight. The passages table keeps
the original text for display. A build writes a new file and renames it over the old one, so a
reader never sees a half-built index and a failed build leaves the old index serving.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import itertools
import json
import logging
import marshal
import os
import signal
import sqlite3
import sys
import time
from asyncio.subprocess import PIPE
from collections import Counter, deque
from collections.abc import AsyncGenerator, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiosqlite

from bot.analyzer import Analyzer
from bot.interview import Interview
from bot.lexicon import analysis_version, load_lexicon
from bot.passages import Passage
from bot.recent import Recent

SCHEMA_VERSION = "2"
BATCH = 2000  # passages analyzed, and written, at a time
PARALLEL_AFTER = 5_000  # a library bigger than this is analyzed by worker processes too
MAX_WORKERS = 8
WORKER_TIMEOUT = 60.0  # seconds for one batch (it takes well under one)
WORKER_COMMAND = (sys.executable, "-m", "bot.index")  # runs _worker_main

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE interviews (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, interviewee TEXT NOT NULL, meta TEXT NOT NULL,
    questions TEXT NOT NULL
);
CREATE TABLE passages (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    interview TEXT NOT NULL,
    interview_title TEXT NOT NULL,
    segment INTEGER NOT NULL,
    position INTEGER NOT NULL,
    question TEXT,
    speaker TEXT NOT NULL,
    text TEXT NOT NULL,
    truncated INTEGER NOT NULL,
    question_keys TEXT NOT NULL,
    body_keys TEXT NOT NULL,
    words TEXT NOT NULL           -- question and body words as written (Analyzer.words)
);
CREATE INDEX passages_by_interview ON passages (interview, segment, position);
CREATE VIRTUAL TABLE passages_fts USING fts5 (
    question, body, content='', tokenize='unicode61 remove_diacritics 0'
);
CREATE VIRTUAL TABLE passages_vocab USING fts5vocab (passages_fts, row);
CREATE TABLE words_vocab (word TEXT PRIMARY KEY, doc INTEGER NOT NULL) WITHOUT ROWID;
"""

log = logging.getLogger(__name__)

PASSAGE_COLUMNS = "id, interview, interview_title, segment, position, question, speaker, text, truncated"


class IndexUnavailable(RuntimeError):
    """The index file is missing, unreadable or from another version: rebuild it."""


@dataclass(frozen=True)
class IndexStats:
    path: Path
    passages: int
    interviews: int
    seconds: float
    bytes: int


def passage_from_row(row: Sequence[object]) -> Passage:
    return Passage(
        id=str(row[0]),
        interview=str(row[1]),
        interview_title=str(row[2]),
        segment=int(row[3]),  # type: ignore[call-overload]
        position=int(row[4]),  # type: ignore[call-overload]
        question=None if row[5] is None else str(row[5]),
        speaker=str(row[6]),
        text=str(row[7]),
        truncated=bool(row[8]),
    )


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
) -> IndexStats:
    """Write a fresh index to ``path``, atomically replacing any index already there."""
    started = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.building")
    temporary.unlink(missing_ok=True)
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
                questions = [s.question for s in interview.questions]
                await db.execute(
                    "INSERT INTO interviews VALUES (?, ?, ?, ?, ?)",
                    (
                        interview.id,
                        interview.title,
                        interview.interviewee,
                        json.dumps(interview.meta, ensure_ascii=False),
                        json.dumps(questions, ensure_ascii=False),
                    ),
                )
            rows = []
            writing: asyncio.Future[None] | None = None
            seen: set[str] = set()
            try:
                async with contextlib.aclosing(_analyzed(passages, analyzer)) as batches:
                    async for batch, analyzed in batches:
                        first = count + 1
                        for passage, (question_keys, body_keys, words) in zip(
                            batch, analyzed.rows, strict=True
                        ):
                            if passage.id in seen:
                                raise ValueError(f"passage id {passage.id!r} appears twice")
                            seen.add(passage.id)
                            count += 1
                            rows.append((count, passage, question_keys, body_keys, words))
                        word_docs.update(analyzed.word_docs)
                        total_keys += analyzed.keys
                        total_words += analyzed.words
                        # SQLite writes one batch in its thread while the next is analyzed.
                        if writing is not None:
                            await writing
                        writing = asyncio.ensure_future(_insert(db, rows, first, count))
                        await asyncio.sleep(0)  # let it hand the batch to the thread
                        rows = []
            finally:  # a failed build still waits for its last write before the file goes
                if writing is not None:
                    await asyncio.gather(writing, return_exceptions=True)
            if writing is not None:
                writing.result()
            await db.executemany("INSERT INTO words_vocab VALUES (?, ?)", word_docs.items())
            await db.execute("INSERT INTO passages_fts(passages_fts) VALUES ('optimize')")
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
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return IndexStats(path, count, interview_count, time.perf_counter() - started, path.stat().st_size)


Item = tuple[str | None, str]  # a passage's question and text


@dataclass
class Analyzed:
    """A batch of passages analyzed: per passage its question keys, body keys and words as
    written (all space-joined); in all, how many passages each word is in, and counts."""

    rows: list[tuple[str, str, str]]
    word_docs: Counter[str]
    keys: int  # body keys in all
    words: int


def analyze_batch(analyzer: Analyzer, items: Sequence[Item]) -> Analyzed:
    """Each (question, text): its keys, and its words as written (question's, then body's)."""
    rows = []
    word_docs: Counter[str] = Counter()
    keys = words = 0
    for question, text in items:
        question_words = analyzer.words(question) if question else []
        body_words = analyzer.words(text)
        body_keys = analyzer.keys(body_words)
        both = question_words + body_words
        rows.append((" ".join(analyzer.keys(question_words)), " ".join(body_keys), " ".join(both)))
        word_docs.update(set(both))
        keys += len(body_keys)
        words += len(both)
    return Analyzed(rows, word_docs, keys, words)


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


def workers(analyzer: Analyzer) -> int:
    """How many worker processes a big build uses: one per core, none where they would not
    help (one core) or could not analyze alike (an analyzer with a lexicon of its own)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if cores < 2 or analyzer.lexicon is not load_lexicon():
        return 0
    return min(cores, MAX_WORKERS)


class WorkerError(OSError):
    pass


class Workers:
    """``python -m bot.index`` processes that analyze batches sent over a pipe (marshal frames).

    Plain subprocesses, not multiprocessing: they never import the caller's main module and are
    never forked from a process that runs threads. Each takes its batches in order; a reader
    task per worker keeps its output pipe drained, so neither side can block the other.
    """

    def __init__(self, processes: list[asyncio.subprocess.Process]) -> None:
        self.processes = processes
        self.pending: list[deque[asyncio.Future[Analyzed]]] = [deque() for _ in processes]
        self.readers = [asyncio.ensure_future(self._read(i)) for i in range(len(processes))]
        self.sent = 0
        self.stopping = False

    @classmethod
    async def start(cls, count: int, stopwords: frozenset[str]) -> Workers:
        processes = []
        for _ in range(count):
            process = await asyncio.create_subprocess_exec(*WORKER_COMMAND, stdin=PIPE, stdout=PIPE)
            processes.append(process)
            assert process.stdin is not None
            process.stdin.write(_frame(sorted(stopwords)))
        return cls(processes)

    async def submit(self, items: list[Item]) -> asyncio.Future[Analyzed]:
        i = self.sent % len(self.processes)
        self.sent += 1
        result: asyncio.Future[Analyzed] = asyncio.get_running_loop().create_future()
        self.pending[i].append(result)
        stdin = self.processes[i].stdin
        assert stdin is not None
        try:
            stdin.write(_frame(items))
            await stdin.drain()
        except OSError as exc:  # the worker is gone: its reader says so, or this does
            if not result.done():
                result.set_exception(WorkerError(f"an index worker stopped ({exc!r})"))
        return result

    async def _read(self, i: int) -> None:
        stdout = self.processes[i].stdout
        assert stdout is not None
        try:
            while True:
                size = int.from_bytes(await stdout.readexactly(4), "big")
                rows, word_docs, keys, words = marshal.loads(await stdout.readexactly(size))
                self.pending[i].popleft().set_result(Analyzed(rows, Counter(word_docs), keys, words))
        except (asyncio.IncompleteReadError, ConnectionError) as exc:
            code = await self.processes[i].wait()
            for waiting in self.pending[i]:
                if not waiting.done() and not self.stopping:
                    waiting.set_exception(WorkerError(f"an index worker stopped with code {code} ({exc!r})"))

    async def stop(self) -> None:
        """Let the workers finish what they were sent and go (closing their input ends them)."""
        self.stopping = True
        for process in self.processes:
            if process.stdin is not None:
                process.stdin.close()
        for process in self.processes:
            try:
                await asyncio.wait_for(process.wait(), 10)
            except TimeoutError:
                process.kill()
                await process.wait()
        for reader in self.readers:
            reader.cancel()
        await asyncio.gather(*self.readers, return_exceptions=True)
        for pending in self.pending:
            for waiting in pending:
                if not waiting.done():
                    waiting.cancel()
                elif not waiting.cancelled():
                    waiting.exception()  # nobody waits for it any more: do not log it as lost


def _frame(value: Any) -> bytes:
    data = marshal.dumps(value)
    return len(data).to_bytes(4, "big") + data


def _worker_main() -> None:
    """A worker: the stop words, then batches of (question, text), each answered in turn, until
    its input closes. Ctrl+C reaches the whole process group: the parent decides, not this."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    source, sink = sys.stdin.buffer, sys.stdout.buffer

    def read() -> object | None:
        head = source.read(4)
        return marshal.loads(source.read(int.from_bytes(head, "big"))) if len(head) == 4 else None

    stopwords = read()
    assert isinstance(stopwords, list)
    analyzer = Analyzer(frozenset(stopwords), load_lexicon())
    while (items := read()) is not None:
        assert isinstance(items, list)
        analyzed = analyze_batch(analyzer, items)
        sink.write(_frame((analyzed.rows, dict(analyzed.word_docs), analyzed.keys, analyzed.words)))
        sink.flush()


async def _insert(
    db: aiosqlite.Connection, rows: list[tuple[int, Passage, str, str, str]], first: int, last: int
) -> None:
    """One batch of passages (rowids ``first`` to ``last``), and their keys into FTS5."""
    await db.executemany(
        f"INSERT INTO passages (rowid, {PASSAGE_COLUMNS}, question_keys, body_keys, words)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                rowid,
                p.id,
                p.interview,
                p.interview_title,
                p.segment,
                p.position,
                p.question,
                p.speaker,
                p.text,
                int(p.truncated),
                question_keys,
                body_keys,
                words,
            )
            for rowid, p, question_keys, body_keys, words in rows
        ],
    )
    await db.execute(
        "INSERT INTO passages_fts (rowid, question, body)"
        " SELECT rowid, question_keys, body_keys FROM passages WHERE rowid BETWEEN ? AND ?",
        (first, last),
    )


def read_meta(path: Path) -> dict[str, str]:
    """The index's meta table, or {} when the file is not a usable index."""
    if not path.is_file():
        return {}
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            return dict(db.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.Error:
        return {}


class Index:
    """A read-only, open index: the connection plus what every query needs in memory."""

    def __init__(
        self,
        db: aiosqlite.Connection,
        path: Path,
        doc_freq: dict[str, int],
        size: int,
        average_length: float,
        average_words: float = 1.0,
    ) -> None:
        self.db = db
        self.average_length = max(average_length, 1.0)
        self.average_words = max(average_words, 1.0)
        self.path = path
        self.doc_freq = doc_freq  # key → number of passages that contain it
        self.vocabulary = list(doc_freq)
        self.size = size
        # The index never changes once open, so the passages answers show are kept, most
        # recently used last: a popular answer costs no read.
        self._passages: Recent[int, Passage] = Recent(4096)
        self._interviews: list[dict[str, object]] | None = None

    @classmethod
    async def open(cls, path: Path) -> Index:
        if not path.is_file():
            raise IndexUnavailable(f"no index at {path}: build it with `interview-bot index --db {path}`")
        db = await aiosqlite.connect(f"file:{path}?mode=ro", uri=True)
        try:
            meta_rows = await db.execute_fetchall("SELECT key, value FROM meta")
            meta = {str(key): str(value) for key, value in meta_rows}
            if meta.get("schema") != SCHEMA_VERSION:
                raise IndexUnavailable(
                    f"{path} was built by another version: rebuild it with `interview-bot index`"
                )
            vocab = await db.execute_fetchall("SELECT term, doc FROM passages_vocab")
            size_row = await db.execute_fetchall("SELECT count(*) FROM passages")
        except sqlite3.DatabaseError as exc:
            await db.close()
            raise IndexUnavailable(
                f"{path} is not a usable index ({exc}): rebuild it with `interview-bot index`"
            ) from None
        except BaseException:
            await db.close()
            raise
        size = int(next(iter(size_row))[0])
        average = float(meta.get("average_length", "1"))
        words = float(meta.get("average_words", "1"))
        return cls(db, path, {str(term): int(doc) for term, doc in vocab}, size, average, words)

    async def close(self) -> None:
        await self.db.close()

    async def candidates(
        self, expression: str, question_weight: float, limit: int, interview: str | None = None
    ) -> list[tuple[int, str, str, str]]:
        """(rowid, question keys, body keys, words) of FTS5's best passages by bm25, in one round
        trip."""
        # Rank inside FTS5 first, then read keys for the few best rows only: joining before the
        # LIMIT would read the keys of every matching passage.
        only = "" if interview is None else " AND rowid IN (SELECT rowid FROM passages WHERE interview = ?)"
        params: tuple[object, ...] = (question_weight, expression) + (
            () if interview is None else (interview,)
        )
        rows = await self.db.execute_fetchall(
            "SELECT c.rowid, p.question_keys, p.body_keys, p.words FROM ("
            "  SELECT rowid, bm25(passages_fts, ?, 1.0) AS score FROM passages_fts"
            f"  WHERE passages_fts MATCH ?{only} ORDER BY score LIMIT ?"
            ") AS c JOIN passages p ON p.rowid = c.rowid ORDER BY c.score",
            (*params, limit),
        )
        return [(int(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]

    async def word_freq(self, words: Sequence[str]) -> dict[str, int]:
        """How many passages hold each word as written (words no passage holds are left out)."""
        if not words:
            return {}
        marks = ", ".join("?" * len(words))
        rows = await self.db.execute_fetchall(
            f"SELECT word, doc FROM words_vocab WHERE word IN ({marks})", tuple(words)
        )
        return {str(w): int(d) for w, d in rows}

    async def passages(self, rowids: Sequence[int]) -> dict[int, Passage]:
        found = {rowid: self._passages[rowid] for rowid in rowids if rowid in self._passages}
        missing = [rowid for rowid in rowids if rowid not in found]
        if missing:
            marks = ", ".join("?" * len(missing))
            rows = await self.db.execute_fetchall(
                f"SELECT rowid, {PASSAGE_COLUMNS} FROM passages WHERE rowid IN ({marks})", tuple(missing)
            )
            found.update((int(r[0]), passage_from_row(r[1:])) for r in rows)
        for rowid in rowids:
            if rowid in found:
                self._passages.keep(rowid, found[rowid])
        return found

    async def passage(self, passage_id: str) -> Passage | None:
        rows = list(
            await self.db.execute_fetchall(
                f"SELECT {PASSAGE_COLUMNS} FROM passages WHERE id = ?", (passage_id,)
            )
        )
        return passage_from_row(rows[0]) if rows else None

    async def segment(self, interview: str, segment: int) -> list[Passage]:
        rows = await self.db.execute_fetchall(
            f"SELECT {PASSAGE_COLUMNS} FROM passages WHERE interview = ? AND segment = ? ORDER BY position",
            (interview, segment),
        )
        return [passage_from_row(r) for r in rows]

    async def random_passage(self) -> Passage | None:
        """A passage of an answer (not the lead), for /random."""
        rows = list(
            await self.db.execute_fetchall(
                f"SELECT {PASSAGE_COLUMNS} FROM passages WHERE segment > 0 ORDER BY random() LIMIT 1"
            )
        )
        return passage_from_row(rows[0]) if rows else None

    async def featured(self, offset: int, limit: int) -> list[Passage]:
        """The first passage of every answer, then the rest: what inline mode shows unasked."""
        rows = await self.db.execute_fetchall(
            f"SELECT {PASSAGE_COLUMNS} FROM passages"
            " ORDER BY position > 1, segment = 0, rowid LIMIT ? OFFSET ?",
            (limit, offset),
        )
        return [passage_from_row(r) for r in rows]

    async def interviews(self) -> list[dict[str, object]]:
        """The library's interviews, read once per open index (it never changes): the bot lists
        them for every unanswered question and every interview choice. Do not modify."""
        if self._interviews is None:
            self._interviews = await self._read_interviews()
        return self._interviews

    async def role(self, interview: str) -> str:
        """What the interviewee of an interview does («معاون شهردار»), for quote cards; '' if unknown."""
        for item in await self.interviews():
            if item["id"] == interview:
                meta = item["meta"]
                return str(meta.get("role", "")) if isinstance(meta, dict) else ""
        return ""

    async def _read_interviews(self) -> list[dict[str, object]]:
        rows = await self.db.execute_fetchall(
            "SELECT id, title, interviewee, meta, questions FROM interviews ORDER BY id"
        )
        return [
            {
                "id": r[0],
                "title": r[1],
                "interviewee": r[2],
                "meta": json.loads(r[3]),
                "questions": json.loads(r[4]),
            }
            for r in rows
        ]


if __name__ == "__main__":
    _worker_main()
