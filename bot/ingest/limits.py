"""Bounded work for reading what an editor received: whatever a file holds, its import ends in a
known time and memory, and every way a reader can fail is one line naming the file.

- ``run_bounded`` reads a file in a worker process with limits the kernel enforces: address
  space (``[import] max_memory_mb`` over what the worker starts with) and CPU time
  (``[import] max_seconds``), and a watchdog on the wall time (the same seconds). A file over a
  limit is refused naming it; the importer's own process never holds what the file made.
- ``reader_error`` turns what the readers raise (lxml, pdfminer/pdfplumber, zipfile, python-docx,
  a recursion or memory error deep in one) into the importer's one-line message.
- ``inflated_size`` counts what a zip (a .docx) really unpacks to, by unpacking it in chunks and
  stopping at the limit: the sizes a zip declares can lie.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import signal
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from zipfile import BadZipFile, LargeZipFile, ZipFile

from bot.library.interview import InterviewFileError
from bot.settings import ImportLimits

CHUNK = 1 << 20
# What the worker's fork server loads once, so each file's worker starts with the readers warm.
PRELOAD = ["bot.ingest.preload"]


@dataclass(frozen=True)
class Measured:
    """What reading one file cost its worker: wall seconds and peak resident memory."""

    seconds: float
    peak_bytes: int


def reader_error(exc: BaseException) -> str:
    """The one line for an exception a reader raised on a malformed file."""
    kind = type(exc).__name__
    module = type(exc).__module__.split(".")[0]
    said = " ".join(str(exc).split())[:200]
    if isinstance(exc, RecursionError):
        return "the file nests too deep to read (a recursion limit)"
    if isinstance(exc, MemoryError):
        return "reading it needed more memory than the import allows ([import] max_memory_mb)"
    if isinstance(exc, (BadZipFile, LargeZipFile, zlib.error)):
        return f"a damaged zip (.docx): {said or kind}"
    if module == "lxml":
        return f"malformed XML or HTML inside ({kind}: {said})"
    if module in ("pdfminer", "pdfplumber"):
        return f"not a readable PDF ({kind}{': ' + said if said else ''}): is the file complete?"
    if module == "docx":
        return f"not a Word file (.docx): {kind}: {said}"
    return f"the file could not be read ({kind}{': ' + said if said else ''})"


def inflated_size(path: Path, limit: int, setting: str) -> int:
    """What the zip at ``path`` unpacks to, counted while unpacking (CRCs checked too); refused,
    in one line, as soon as it passes ``limit``."""
    total = 0
    try:
        with ZipFile(path) as archive:
            for entry in archive.infolist():
                with archive.open(entry) as member:
                    while chunk := member.read(CHUNK):
                        total += len(chunk)
                        if total > limit:
                            raise InterviewFileError(
                                path, 1, f"the Word file unpacks to more than {limit:,} bytes; the limit"
                                f" is {limit:,} ({setting})",
                            )  # fmt: skip
    except (BadZipFile, LargeZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise InterviewFileError(path, 1, f"not a Word file (.docx): {exc}") from None
    return total


def _address_space() -> int:
    """This process's virtual size in bytes (Linux), else 0."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _limit_self(memory_bytes: int, cpu_seconds: int) -> None:
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = int(used.ru_utime + used.ru_stime) + cpu_seconds
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 2))  # SIGXCPU, then SIGKILL
    start = _address_space()
    if start:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (start + memory_bytes, start + memory_bytes))


def _worker(
    conn: Connection, memory_bytes: int, cpu_seconds: int, read: Callable[..., Any], args: tuple[Any, ...]
) -> None:
    """In the worker: limit itself, read, send ("ok", result, peak) or ("refused", line, text)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the importer's to handle
    _limit_self(memory_bytes, cpu_seconds)
    message: tuple[Any, ...]
    try:
        message = ("ok", read(*args))
    except InterviewFileError as exc:
        message = ("refused", exc.line, exc.message)
    except MemoryError:
        message = ("refused", 1, reader_error(MemoryError()))
    except Exception as exc:  # a reader's own error on a malformed file: one line, not a traceback
        message = ("refused", 1, reader_error(exc))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    try:
        conn.send((*message, peak))
    except (MemoryError, OSError, ValueError):  # too big to send back, or the importer is gone
        with contextlib.suppress(OSError, ValueError, MemoryError):
            conn.send(("refused", 1, reader_error(MemoryError()), peak))
    conn.close()


def _context() -> Any:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def run_measured[T](
    path: Path, limits: ImportLimits, read: Callable[..., T], *args: Any
) -> tuple[T, Measured]:
    """``read(*args)`` in a worker process under ``limits``; its result, and what it cost.

    ``InterviewFileError`` (one line naming the file) for a file over a limit or one its reader
    cannot read."""
    context = _context()
    receiving, sending = context.Pipe(duplex=False)
    memory = limits.max_memory_mb * 1024 * 1024
    worker = context.Process(
        target=_worker, args=(sending, memory, limits.max_seconds, read, args), daemon=True
    )
    started = time.monotonic()
    worker.start()
    sending.close()
    message: tuple[Any, ...] | None = None
    try:
        if receiving.poll(limits.max_seconds):
            with contextlib.suppress(EOFError, OSError):
                message = receiving.recv()
    finally:
        if message is None and worker.is_alive():
            worker.kill()
        worker.join(10)
        receiving.close()
    seconds = time.monotonic() - started
    if message is None:
        raise InterviewFileError(path, 1, _why_stopped(worker.exitcode, seconds, limits))
    if message[0] == "refused":
        raise InterviewFileError(path, message[1], message[2])
    return message[1], Measured(seconds, int(message[2]))


def _why_stopped(code: int | None, seconds: float, limits: ImportLimits) -> str:
    if code is None or seconds >= limits.max_seconds or code in (-signal.SIGXCPU, -signal.SIGKILL):
        if code == -signal.SIGKILL and seconds < limits.max_seconds:
            return (
                f"reading it needed more than {limits.max_memory_mb:,} MB ([import] max_memory_mb),"
                " or the worker was killed"
            )
        return f"reading it took longer than {limits.max_seconds} s ([import] max_seconds)"
    return f"the reader stopped without an answer (exit code {code})"


def run_bounded[T](path: Path, limits: ImportLimits, read: Callable[..., T], *args: Any) -> T:
    """``read(*args)`` in a worker process under ``limits`` (see ``run_measured``)."""
    return run_measured(path, limits, read, *args)[0]
