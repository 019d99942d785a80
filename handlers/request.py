"""Talking to the Bot API through a bad day: sends retried on 5xx and refused connections.

Telegram (or a proxy in front of it) answers 500/502/503/504 now and then, and a restart of a
local Bot API server refuses connections for a while. Such a request was not carried out, so
sending it again cannot duplicate a message; a timeout after the request went out might have
been, so it is not retried here. 429 is AIORateLimiter's (it waits ``retry_after``), and
getUpdates has PTB's own back-off.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import ssl
from collections.abc import Callable, Coroutine
from typing import Any

import httpx
from aiolimiter import AsyncLimiter
from telegram.error import NetworkError
from telegram.ext import AIORateLimiter
from telegram.request import BaseRequest, HTTPXRequest, RequestData

from bot.recent import Recent

log = logging.getLogger("interview_bot")

RETRY_STATUSES = frozenset({500, 502, 503, 504})


@functools.cache
def tls_context() -> ssl.SSLContext:
    """One TLS context for every connection pool: httpx builds one per client by reading the CA
    bundle (about 80 ms each), and a bot has up to four clients at start-up."""
    return httpx.create_ssl_context()


def telegram_request(**kwargs: Any) -> HTTPXRequest:
    """PTB's HTTPXRequest, sharing :func:`tls_context`."""
    return HTTPXRequest(httpx_kwargs={"verify": tls_context()}, **kwargs)


class RetryingRequest(BaseRequest):
    """Wraps a request class; retries what surely did not reach the Bot API, with back-off."""

    def __init__(self, inner: BaseRequest | None = None, attempts: int = 6, first_delay: float = 0.5) -> None:
        self.inner = inner or telegram_request(connection_pool_size=16)
        self.attempts = attempts
        self.first_delay = first_delay

    async def initialize(self) -> None:
        await self.inner.initialize()

    async def shutdown(self) -> None:
        await self.inner.shutdown()

    @property
    def read_timeout(self) -> float | None:
        return self.inner.read_timeout

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, *args: Any, **kwargs: Any
    ) -> tuple[int, bytes]:
        delay = self.first_delay
        name = url.rsplit("/", 1)[-1]
        for attempt in range(1, self.attempts + 1):
            try:
                status, body = await self.inner.do_request(url, method, request_data, *args, **kwargs)
            except NetworkError as exc:
                if attempt == self.attempts or not isinstance(exc.__cause__, httpx.ConnectError):
                    raise
                log.warning("%s: cannot connect (attempt %d), retrying in %.1f s", name, attempt, delay)
            else:
                if status not in RETRY_STATUSES or attempt == self.attempts:
                    return status, body
                log.warning("%s: HTTP %d (attempt %d), retrying in %.1f s", name, status, attempt, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 8.0)
        raise AssertionError("unreachable")  # the loop returns or raises on its last attempt


class ChatRateLimiter(AIORateLimiter):
    """AIORateLimiter's overall (30/s) and group (20/min) limits, plus Telegram's about one
    message a second in a private chat, which AIORateLimiter leaves out: a burst of ``burst``,
    then one a second. 429 answers are retried after ``retry_after`` as AIORateLimiter does."""

    def __init__(self, burst: int = 3, max_chats: int = 4096, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._burst = burst
        self._chats: Recent[int, AsyncLimiter] = Recent(max_chats)  # the oldest go first

    def _chat_limiter(self, chat_id: int) -> AsyncLimiter:
        return self._chats.recall(chat_id) or self._chats.keep(
            chat_id, AsyncLimiter(self._burst, self._burst)
        )

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
        if isinstance(chat_id, int) and chat_id > 0:
            async with self._chat_limiter(chat_id):
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
        return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
