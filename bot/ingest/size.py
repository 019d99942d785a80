"""The one size check every form passes before it is read."""

from __future__ import annotations

from pathlib import Path

from bot.settings import ImportLimits

LIMIT_SETTING = "[import] max_bytes"


def check_size(path: Path, limits: ImportLimits) -> None:
    from bot.library.interview import InterviewFileError

    size = path.stat().st_size
    if size > limits.max_bytes:
        raise InterviewFileError(
            path, 1, f"the file is {size:,} bytes; the limit is {limits.max_bytes:,} ({LIMIT_SETTING})"
        )
