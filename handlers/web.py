"""The bot's HTTP side: the webhook Telegram posts updates to, ``/healthz`` and ``/metrics``.

PTB's own webhook server serves only the webhook; as PTB advises for anything more (its "custom
webhook" example), the bot runs its own server, on tornado (which PTB's webhook extra already
brings), and hands each update to ``Application.update_queue`` as PTB's does. In webhook mode
all three paths share the webhook port; in polling mode ``/healthz`` and ``/metrics`` are served
on ``METRICS_PORT`` (``run`` in ``handlers.app`` decides).

``/healthz`` answers JSON: 200 with ``"status": "ok"``, or ``"degraded"`` while the shared
database is away (the bot still answers from its local index); 503 ``"starting"`` until the index
is loaded. ``/metrics`` is Prometheus' text format (``handlers.metrics``).
"""

from __future__ import annotations

import hmac
import json
import logging
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import tornado.web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from telegram import Update
from tornado.httpserver import HTTPServer

from handlers.metrics import Served, index_info, metrics
from handlers.state import App

log = logging.getLogger("interview_bot")


@dataclass(frozen=True)
class Hook:
    """Where Telegram posts updates, and the secret it sends with each."""

    path: str
    secret: str


@dataclass(frozen=True)
class About:
    """What ``/healthz`` says besides the state: this build and how it gets updates."""

    version: str
    mode: str  # polling or webhook


class Updates(tornado.web.RequestHandler):
    """POST /<path>: an update from Telegram, with its secret; as PTB's webhook handler does."""

    def initialize(self, app: App, secret: str) -> None:
        self.app, self.secret = app, secret

    async def post(self) -> None:
        given = self.request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN)
        if self.request.headers.get("Content-Type", "").split(";")[0].strip() != "application/json":
            raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN)
        try:
            update = Update.de_json(json.loads(self.request.body), self.app.bot)
        except (ValueError, TypeError, KeyError, AttributeError):
            log.warning("webhook: a body that is not an update was refused")
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST) from None
        await self.app.update_queue.put(update)
        self.set_status(HTTPStatus.OK)


class Health(tornado.web.RequestHandler):
    def initialize(self, app: App, about: About) -> None:
        self.app, self.about = app, about

    async def get(self) -> None:
        status, body = health(self.app, self.about)
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body, ensure_ascii=False))


class Metrics(tornado.web.RequestHandler):
    def get(self) -> None:
        self.set_header("Content-Type", CONTENT_TYPE_LATEST)
        self.finish(generate_latest(metrics().registry))


def health(app: App, about: About) -> tuple[int, dict[str, Any]]:
    state = app.bot_data
    body: dict[str, Any] = {"version": about.version, "mode": about.mode}
    if not state.started() or not app.running:
        return HTTPStatus.SERVICE_UNAVAILABLE, {"status": "starting", **body}
    library = state.library
    body["index"] = {"passages": library.size, **index_info(state)}
    database = state.database
    body["database"] = "sqlite" if database is None else "up" if database.up else "unreachable"
    if state.stats is not None:
        body["stats_waiting"] = state.stats.waiting
    degraded = database is not None and not database.up
    return HTTPStatus.OK, {"status": "degraded" if degraded else "ok", **body}


def routes(app: App, about: About, hook: Hook | None) -> list[Any]:
    served: list[Any] = [
        (r"/healthz", Health, {"app": app, "about": about}),
        (r"/metrics", Metrics),
    ]
    if hook is not None:
        served.append((rf"/{hook.path}/?", Updates, {"app": app, "secret": hook.secret}))
    return served


class Quiet(tornado.web.Application):
    def log_request(self, handler: tornado.web.RequestHandler) -> None:
        pass  # every update has its own line (handlers.metrics); a scrape needs none


def serve(app: App, about: About, listen: str, port: int, hook: Hook | None = None) -> HTTPServer:
    """Listen on ``listen:port`` on the running event loop; OSError if the port cannot be had."""
    server = HTTPServer(Quiet(routes(app, about, hook)), xheaders=True)
    server.listen(port, listen)
    Served.state = app.bot_data
    return server


async def stop(server: HTTPServer) -> None:
    server.stop()
    await server.close_all_connections()
