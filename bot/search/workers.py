"""Worker processes that analyze a big library's passages while the builder writes.

Plain subprocesses (``python -m bot.search.workers``), not multiprocessing: they never import
the caller's main module and are never forked from a process that runs threads.
"""

from __future__ import annotations

import asyncio
import marshal
import os
import signal
import sys
from asyncio.subprocess import PIPE
from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.analysis.analyzer import Analyzer
from bot.analysis.cache import load_lexicon

MAX_WORKERS = 8
WORKER_COMMAND = (sys.executable, "-m", "bot.search.workers")  # runs _worker_main

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
    """``python -m bot.search.workers`` processes that analyze batches sent over a pipe (marshal frames).

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
        """The next frame; None at the end of the input, or at a frame cut short (the builder was
        killed mid-write): the worker then ends quietly, not with marshal's EOFError."""
        head = source.read(4)
        if len(head) < 4:
            return None
        size = int.from_bytes(head, "big")
        body = source.read(size)
        return marshal.loads(body) if len(body) == size else None

    try:
        stopwords = read()
        if not isinstance(stopwords, list):
            return
        analyzer = Analyzer(frozenset(stopwords), load_lexicon())
        while isinstance(items := read(), list):
            analyzed = analyze_batch(analyzer, items)
            sink.write(_frame((analyzed.rows, dict(analyzed.word_docs), analyzed.keys, analyzed.words)))
            sink.flush()
    except (BrokenPipeError, EOFError, ValueError):  # the builder is gone: nobody to answer
        os._exit(0)  # not even the exit's flush of a pipe nobody reads


if __name__ == "__main__":
    _worker_main()
