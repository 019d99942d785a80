"""Builds that meet a full disk or were killed: one line, the old index kept, nothing left over.

A build writes ``.<index>.<pid>.building`` beside the index and renames it over the index when
done. Killed (``kill -9``), it leaves that file: the next build removes every such file whose
process is gone. Out of room (SQLite's «database or disk is full», ENOSPC), the build stops with
``DiskFull``, which says so in one line, and the old index is untouched: ``index`` exits 2 with
it, ``/reload`` tells the admin, and a bot starting after a corpus change serves the old index
with a warning until there is room and a reload.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import shutil
import sqlite3
from pathlib import Path

from bot.search.schema import IndexUnavailable

log = logging.getLogger(__name__)
FULL = (errno.ENOSPC, errno.EDQUOT)


class DiskFull(IndexUnavailable):
    """No room to build the index; the old one (if any) is as it was."""


def is_disk_full(exc: BaseException) -> bool:
    if isinstance(exc, sqlite3.OperationalError):
        return getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or "disk is full" in str(exc)
    return isinstance(exc, OSError) and exc.errno in FULL


def disk_full(path: Path) -> DiskFull:
    free = ""
    with contextlib.suppress(OSError):
        free = f" ({shutil.disk_usage(path.parent).free / 1e6:,.1f} MB free)"
    return DiskFull(f"cannot build the index {path}: the disk is full{free}; the old index is kept")


def remove_leftovers(path: Path) -> list[Path]:
    """Remove the ``.building`` files of builds whose process is gone (killed mid-build)."""
    pattern = re.compile(rf"^\.{re.escape(path.name)}\.(\d+)\.building$")
    removed = []
    with contextlib.suppress(OSError):
        for candidate in path.parent.iterdir():
            found = pattern.match(candidate.name)
            if found is None or _alive(int(found.group(1))):
                continue
            with contextlib.suppress(FileNotFoundError):
                candidate.unlink()
                removed.append(candidate)
                log.info("index: removed %s, left by a build that was stopped", candidate.name)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this process's own leftover: from an earlier build in it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: alive
    except OverflowError:
        return False
    return True
