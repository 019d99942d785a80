"""Waiting for a condition, never for a fixed time: a test goes on as soon as what it waits for is
true, and fails (naming what it waited for) only if it is still false at the deadline."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable


def wait_until(condition: Callable[[], object], timeout: float = 15.0, what: str = "the condition") -> None:
    """Poll ``condition`` (every 20 ms) until it is true; AssertionError after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout} s")
        time.sleep(0.02)


async def until(
    condition: Callable[[], object | Awaitable[object]], timeout: float = 15.0, what: str = "the condition"
) -> None:
    """``wait_until`` inside an event loop; ``condition`` may be a coroutine function."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if isinstance(value, Awaitable):
            value = await value
        if value:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout} s")
        await asyncio.sleep(0.02)
