"""Talking to the Bot API through a bad day: sends retried on 5xx and refused connections.

Telegram (or a proxy in front of it) answers 500/502/503/504 now and then, and a restart of a
local Bot API server refuses connections for a while; on a busy machine every pooled connection
may be taken for longer than the pool's wait, or a connection may not open in time. Such a
request was not carried out, so sending it again cannot duplicate a message; a timeout after the
request went out might have been, so it is not retried here. 429 is ``ChatRateLimiter``'s (it
waits ``retry_after``, in that chat only), and getUpdates has PTB's own back-off.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import ssl
import time
from collections.abc import Callable, Coroutine
from typing import Any

import httpx
from aiolimiter import AsyncLimiter
from telegram.error import NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.request import BaseRequest, HTTPXRequest, RequestData

from bot.recent import Recent
from handlers.metrics import noted

log = logging.getLogger("interview_bot")

RETRY_STATUSES = frozenset({500, 502, 503, 504})
# httpx's errors for a request that never left: no connection, or none free in the pool in time.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


@functools.cache
def tls_context() -> ssl.SSLContext:
    """One TLS context for every connection pool: httpx builds one per client by reading the CA
    bundle (about 80 ms each), and a bot has up to four clients at start-up."""
    return httpx.create_ssl_context()


def telegram_request(**kwargs: Any) -> HTTPXRequest:
    """PTB's HTTPXRequest, sharing :func:`tls_context`."""
    return HTTPXRequest(httpx_kwargs={"verify": tls_context()}, **kwargs)


class Wrapping(BaseRequest):
    """A request class around another: starts, stops and times out as the inner one does."""

    def __init__(self, inner: BaseRequest) -> None:
        self.inner = inner

    async def initialize(self) -> None:
        await self.inner.initialize()

    async def shutdown(self) -> None:
        await self.inner.shutdown()

    @property
    def read_timeout(self) -> float | None:
        return self.inner.read_timeout


class RetryingRequest(Wrapping):
    """Wraps a request class; retries what surely did not reach the Bot API, with back-off."""

    def __init__(self, inner: BaseRequest | None = None, attempts: int = 6, first_delay: float = 0.5) -> None:
        super().__init__(inner or telegram_request(connection_pool_size=16))
        self.attempts = attempts
        self.first_delay = first_delay

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, *args: Any, **kwargs: Any
    ) -> tuple[int, bytes]:
        delay = self.first_delay
        outcome = noted()  # the update this call answers, if any
        if outcome is not None and not url.endswith("/getUpdates"):
            outcome.calls += 1
        for attempt in range(1, self.attempts + 1):
            try:
                status, body = await self.inner.do_request(url, method, request_data, *args, **kwargs)
            except NetworkError as exc:
                if attempt == self.attempts or not isinstance(exc.__cause__, NOT_SENT):
                    raise
                log.warning(
                    "%s: not sent, %s (attempt %d), retrying in %.1f s",
                    _method(url), type(exc.__cause__).__name__, attempt, delay,
                )  # fmt: skip
            else:
                if status not in RETRY_STATUSES or attempt == self.attempts:
                    return status, body
                log.warning(
                    "%s: HTTP %d (attempt %d), retrying in %.1f s", _method(url), status, attempt, delay
                )
            await asyncio.sleep(delay)
            delay = min(delay * 2, 8.0)
        raise AssertionError("unreachable")  # the loop returns or raises on its last attempt


def _method(url: str) -> str:
    """The Bot API method a URL calls, for a warning (read only when there is one to give)."""
    return url.rsplit("/", 1)[-1]


class FirstCall(Wrapping):
    """Wraps a request class; ``made`` is set once the first call has gone out (the first
    getUpdates: what the start-up chores wait for, so as not to hold it up)."""

    def __init__(self, inner: BaseRequest) -> None:
        super().__init__(inner)
        self.made = asyncio.Event()

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, *args: Any, **kwargs: Any
    ) -> tuple[int, bytes]:
        self.made.set()
        return await self.inner.do_request(url, method, request_data, *args, **kwargs)


class ChatRateLimiter(BaseRateLimiter[int]):
    """Telegram's flood limits, per chat: about 30 messages a second overall, 20 a minute in a
    group, and about one a second in a private chat (a burst of ``burst``, then one a second).

    A 429 (``retry_after``) pauses the chat it came for, and only that chat: the next sends to it
    wait, sends to every other chat go on. (PTB's AIORateLimiter pauses every chat.) After
    ``max_retries`` the send fails with RetryAfter, which the error policy notes in one line.
    Requests without a chat (answering a button or an inline query) are not limited.
    """

    def __init__(
        self,
        overall: float = 30,
        group_per_minute: float = 20,
        burst: int = 3,
        max_retries: int = 3,
        max_chats: int = 4096,
    ) -> None:
        self._overall = AsyncLimiter(overall, 1)
        self._group_per_minute = group_per_minute
        self._burst = burst
        self.max_retries = max_retries
        self._chats: Recent[int, ChatLane] = Recent(max_chats)  # the oldest go first

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    def lane(self, chat_id: int) -> ChatLane:
        lane = self._chats.recall(chat_id)
        if lane is None:
            limiter = (
                AsyncLimiter(self._group_per_minute, 60)
                if chat_id < 0
                else AsyncLimiter(self._burst, self._burst)
            )
            lane = self._chats.keep(chat_id, ChatLane(limiter))
        return lane

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        chat_id: Any = data.get("chat_id")
        with contextlib.suppress(ValueError, TypeError):
            chat_id = int(chat_id)
        if not isinstance(chat_id, int):
            return await callback(*args, **kwargs)
        lane = self.lane(chat_id)
        retries = self.max_retries if rate_limit_args is None else rate_limit_args
        for attempt in range(retries + 1):
            await lane.resumed()
            async with lane.limiter, self._overall:
                try:
                    return await callback(*args, **kwargs)
                except RetryAfter as exc:
                    if attempt == retries:
                        raise
                    # As PTB's own limiter reads it (the public property warns of a change of type).
                    pause = exc._retry_after.total_seconds()
                    lane.pause(pause + 0.1)
                    log.info("%s to chat %s: flood limit, retrying in %.1f s", endpoint, chat_id, pause)
        raise AssertionError("unreachable")  # the loop returns or raises on its last attempt


class ChatLane:
    """One chat's flood limiter, and until when Telegram asked it to wait."""

    def __init__(self, limiter: AsyncLimiter) -> None:
        self.limiter = limiter
        self.paused_until = 0.0

    def pause(self, seconds: float) -> None:
        self.paused_until = max(self.paused_until, time.monotonic() + seconds)

    async def resumed(self) -> None:
        while (left := self.paused_until - time.monotonic()) > 0:
            await asyncio.sleep(left)
