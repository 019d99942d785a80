"""A fake Telegram Bot API server on 127.0.0.1, for end-to-end tests over real HTTP.

It behaves like Telegram where a bot can tell the difference: getUpdates long-polls and honours
``offset`` (confirmed updates are gone) and ``timeout``; messages are real Message objects with
dates in seconds, message ids per chat and ``reply_to_message`` filled in; editMessageText returns
the edited message; callback queries carry ``chat_instance``; HTML that Telegram would refuse
gets Telegram's 400 "can't parse entities". Tests play the user through ``FakeBotApi`` methods.

It also fails as Telegram does, with Telegram's own texts: on its own (an edit that changes
nothing is "message is not modified", a reply to a deleted message is "message to be replied
not found" unless the bot allows sending without the reply, a button press not answered within
``query_timeout`` seconds is "query is too old", a user who ``block``s the bot gets "bot was
blocked by the user", a closed topic is "TOPIC_CLOSED"), and on demand: ``fail`` answers the
next N calls of any method, in any chat or all, with any status and text (429 with
``retry_after``). Files users send (``send_document``) are answered by getFile and served at
``/file/bot<token>/<file_path>``, as Telegram lays them out. Forum topics are real:
``create_topic`` opens one (its first message is the creator's service message), and a message
sent into a topic carries ``message_thread_id``.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import re
import socket
import threading
import time
import urllib.parse
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from tests.telegram_fakes import entities

PHOTO = {"file_id": "user-photo", "file_unique_id": "up", "width": 800, "height": 600}
ALLOWED_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
    "tg-spoiler", "span", "blockquote", "tg-emoji",
}  # fmt: skip


class Server(ThreadingHTTPServer):
    """A thread per connection, as http.server does; with the listen backlog of a real front
    server (Telegram's), not socketserver's 5, so a burst of connections is not refused."""

    daemon_threads = True
    block_on_close = False  # a stalled answer's thread is not waited for
    request_queue_size = 128


class _TelegramHTML(HTMLParser):
    """Telegram's HTML rules, as far as a bot can break them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.error: str | None = None
        self.length = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.error = f'Unsupported start tag "{tag}"'
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.error = f'Can\'t find end tag corresponding to start tag "{tag}"'

    def handle_entityref(self, name: str) -> None:
        if name not in ("lt", "gt", "amp", "quot"):
            self.error = f'Unsupported entity "&{name};"'
        self.length += 1

    def handle_charref(self, name: str) -> None:
        self.length += 1

    def handle_data(self, data: str) -> None:
        if "<" in data or ">" in data:
            self.error = "Unexpected character in text"
        self.length += len(data)


def multipart(content_type: str, body: bytes) -> dict[str, Any]:
    """A multipart/form-data body (a photo upload): text fields as text, files as bytes."""
    from email.parser import BytesParser
    from email.policy import HTTP

    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    params: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if part.get_filename() is None and isinstance(payload, bytes):
            value: Any = payload.decode()
            if value[:1] in ("{", "["):
                with contextlib.suppress(ValueError):
                    value = json.loads(value)
            params[str(name)] = value
        else:
            params[str(name)] = payload
    return params


def parse_error(text: str) -> str | None:
    """Why Telegram would refuse this HTML, or None; also enforces the 4096-character limit."""
    parser = _TelegramHTML()
    parser.feed(text)
    parser.close()
    if parser.error is None and parser.stack:
        parser.error = f'Can\'t find end tag corresponding to start tag "{parser.stack[-1]}"'
    if parser.error:
        return f"Bad Request: can't parse entities: {parser.error}"
    if parser.length > 4096:
        return "Bad Request: message is too long"
    if parser.length == 0:
        return "Bad Request: message text is empty"
    return None


class FakeBotApi:
    def __init__(self, token: str, bot_id: int = 7000, username: str = "interview_test_bot") -> None:
        self.token = token
        self.bot = {"id": bot_id, "is_bot": True, "first_name": "Interview", "username": username}
        self.updates: list[dict[str, Any]] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.confirmed = 0  # every update below this id has been confirmed by an offset
        self.delivered: list[int] = []  # update ids in the order getUpdates handed them out
        self.polling = threading.Event()  # set by the first getUpdates: the bot is up
        self.refused: list[tuple[str, int]] = []  # the faults answered, in order
        self.log: list[tuple[float, str, int]] = []  # (monotonic time, method, status) of every request
        self.sends: list[tuple[float, int]] = []  # (monotonic time, chat id) of every message delivered
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._ids = itertools.count(1)
        self.changed = threading.Condition()
        self.server = Server(("127.0.0.1", 0), self._handler())
        self.port = int(self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.faults: list[tuple[str, int, dict[str, Any]]] = []  # (method, status, extra) to answer next
        self.blocked: set[int] = set()  # users who blocked the bot
        self.closed_topics: set[tuple[int, int]] = set()
        self.query_timeout = 15.0  # seconds Telegram lets a button press wait for its answer
        self._queries: dict[str, float] = {}  # callback query id → when it was pressed
        self.allowed_updates: list[Any] = []  # what each getUpdates asked for
        # Files users sent: file_id → (file_path, bytes), served at /file/bot<token>/<file_path>
        # as Telegram lays them out; the paths the bot downloaded, in order.
        self.files: dict[str, tuple[str, bytes]] = {}
        self.downloads: list[str] = []
        # Set: a Bot API server in --local mode, whose getFile gives the file's absolute path in
        # this folder, and which serves no file over HTTP.
        self.local: Path | None = None
        self.away = False  # between go_away and come_back
        self.connections: set[socket.socket] = set()  # open now
        # What the bot told Telegram about itself, as Telegram keeps it: by language code ("" for
        # every language without its own), and the command menus by (scope, language code).
        self.descriptions: dict[str, str] = {}
        self.short_descriptions: dict[str, str] = {}
        self.menus: dict[tuple[str, str], list[str]] = {}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    # --- faults, as Telegram has them on a bad day -------------------------------------------------

    def fail(
        self,
        method: str,
        status: int,
        times: int = 1,
        retry_after: int | None = None,
        description: str | None = None,
        chat_id: int | None = None,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` (to ``chat_id`` only, if given) with an
        error: ``status`` and Telegram's ``description`` (429 with ``retry_after``)."""
        extra: dict[str, Any] = (
            {"parameters": {"retry_after": retry_after}} if retry_after is not None else {}
        )
        if description is not None:
            extra["description"] = description
        if chat_id is not None:
            extra["chat_id"] = chat_id
        with self.changed:
            self.faults.extend([(method, status, extra)] * times)

    def block(self, user_id: int) -> None:
        """The user blocks the bot: every send to their private chat is refused from now on."""
        with self.changed:
            self.blocked.add(user_id)

    def delete(self, chat_id: int, message_id: int) -> None:
        """A user deletes a message (their question, or the bot's answer)."""
        with self.changed:
            self.messages.pop((chat_id, message_id), None)

    def create_topic(self, chat: dict[str, Any], creator: dict[str, Any], name: str = "Topic") -> int:
        """A forum topic in a supergroup; its id is the id of its first, service message."""
        created = self._message(chat, creator, forum_topic_created={"name": name, "icon_color": 7322096})
        created["message_thread_id"] = created["message_id"]
        created["is_topic_message"] = True
        return int(created["message_id"])

    def close_topic(self, chat_id: int, thread_id: int) -> None:
        with self.changed:
            self.closed_topics.add((chat_id, thread_id))

    def stall(self, method: str, seconds: float) -> None:
        """Hold the next answer to ``method`` for ``seconds`` (past the bot's read timeout)."""
        with self.changed:
            self.faults.append((method, 0, {"stall": seconds}))

    def go_away(self) -> None:
        """Stop listening: connections are refused until ``come_back``, and the ones open (a
        kept-alive connection, a long poll under way) are cut, as when a server goes down."""
        with self.changed:
            self.away = True
            self.changed.notify_all()  # a long poll under way ends, handing out nothing
        self.server.shutdown()
        self.server.server_close()
        for connection in list(self.connections):
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def come_back(self) -> None:
        self.away = False
        self.server = Server(("127.0.0.1", self.port), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def __enter__(self) -> FakeBotApi:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with self.changed:
            self.changed.notify_all()
        self.server.shutdown()
        self.server.server_close()

    # --- the user's side ------------------------------------------------------------------------

    def _message(self, chat: dict[str, Any], sender: dict[str, Any], **fields: Any) -> dict[str, Any]:
        counter = self._message_ids.setdefault(chat["id"], itertools.count(1))
        message = {
            "message_id": next(counter),
            "date": int(time.time()),
            "chat": chat,
            "from": sender,
            **fields,
        }
        self.messages[(chat["id"], message["message_id"])] = message
        return message

    def push(self, kind: str, payload: dict[str, Any]) -> int:
        with self.changed:
            update_id = next(self._update_ids)
            self.updates.append({"update_id": update_id, kind: payload})
            self.changed.notify_all()
        return update_id

    def send_text(
        self,
        text: str,
        user: dict[str, Any],
        chat: dict[str, Any] | None = None,
        reply_to: dict[str, Any] | None = None,
        topic: int | None = None,
        caption: bool = False,
        sender_chat: dict[str, Any] | None = None,
        deleted: bool = False,
    ) -> dict[str, Any]:
        """A user's message: text, or (``caption``) a photo with the text as its caption; in a
        forum ``topic`` it replies to the topic's first message unless it replies to another."""
        chat = chat or {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        fields: dict[str, Any] = {"caption": text, "photo": [PHOTO]} if caption else {"text": text}
        if entities(text):
            fields["caption_entities" if caption else "entities"] = entities(text)
        if topic is not None:
            fields["message_thread_id"] = topic
            fields["is_topic_message"] = True
            reply_to = reply_to or self.messages.get((chat["id"], topic))
        if reply_to is not None:
            fields["reply_to_message"] = reply_to
        if sender_chat is not None:
            fields["sender_chat"] = sender_chat
        message = self._message(chat, user, **fields)
        if deleted:  # deleted before the bot could answer: Telegram no longer has it
            del self.messages[(chat["id"], message["message_id"])]
        self.push("message", message)
        return message

    def edit_text(self, message: dict[str, Any], text: str) -> dict[str, Any]:
        """The user edits a message they sent: Telegram sends the whole message again."""
        edited = {**message, "text": text, "edit_date": int(time.time())}
        if entities(text):
            edited["entities"] = entities(text)
        else:
            edited.pop("entities", None)
        self.messages[(message["chat"]["id"], message["message_id"])] = edited
        self.push("edited_message", edited)
        return edited

    def service(self, user: dict[str, Any], **fields: Any) -> None:
        """A service message in the user's private chat (a pin, an auto-delete timer)."""
        chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        self.push("message", self._message(chat, user, **fields))

    def send_document(
        self, user: dict[str, Any], data: bytes, file_name: str, mime_type: str = "text/plain", **shown: Any
    ) -> dict[str, Any]:
        """A user sends a file in their private chat. ``shown`` overrides what the message says
        of it (``file_size``: a big file without holding its bytes here)."""
        chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        with self.changed:
            number = len(self.files)
            file_id = f"BQACAgIAAxkBAAI{number:04d}"
            suffix = file_name.rsplit(".", 1)[-1] if "." in file_name else "bin"
            self.files[file_id] = (f"documents/file_{number}.{suffix}", data)
        document = {
            "file_id": file_id, "file_unique_id": f"AgAD{number:04d}", "file_name": file_name,
            "mime_type": mime_type, "file_size": len(data), **shown,
        }  # fmt: skip
        message = self._message(chat, user, document=document)
        self.push("message", message)
        return message

    def send_sticker(self, user: dict[str, Any]) -> None:
        chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        sticker = {
            "file_id": "sticker", "file_unique_id": "u", "type": "regular",
            "width": 512, "height": 512, "is_animated": False, "is_video": False,
        }  # fmt: skip
        self.push("message", self._message(chat, user, sticker=sticker))

    def press(self, message: dict[str, Any], data: str, user: dict[str, Any], age: float = 0.0) -> str:
        """The user presses a button; ``age``: seconds ago (a backlog the bot sees only now)."""
        query_id = str(next(self._ids))
        self._queries[query_id] = time.monotonic() - age
        query = {
            "id": query_id,
            "from": user,
            "chat_instance": f"ci{message['chat']['id']}",
            "message": self.messages[(message["chat"]["id"], message["message_id"])],
            "data": data,
        }
        self.push("callback_query", query)
        return query_id

    def inline(self, text: str, user: dict[str, Any], offset: str = "") -> str:
        query_id = str(next(self._ids))
        self.push("inline_query", {"id": query_id, "from": user, "query": text, "offset": offset})
        return query_id

    # --- what the bot did ----------------------------------------------------------------------

    def wait_for(self, method: str, timeout: float = 15.0, **match: Any) -> dict[str, Any]:
        """The first call of ``method`` (after those already taken) whose parameters match."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                for index, (name, params) in enumerate(self.calls):
                    if name == method and all(str(params.get(k)) == str(v) for k, v in match.items()):
                        del self.calls[index]
                        return params
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [name for name, _ in self.calls]
                    raise AssertionError(f"no {method} {match} within {timeout} s; calls: {seen}")
                self.changed.wait(left)

    def menu_for(self, chat_id: int, language: str, admin: bool = False) -> tuple[list[str], str]:
        """The command menu Telegram shows in a chat to a user of this language (and an admin of
        the group or not), and the language code it was set for: the narrowest scope set, first
        in the user's language, then in the default one, as Telegram resolves them."""
        private = chat_id > 0
        scopes = [json.dumps({"type": "chat", "chat_id": chat_id}, sort_keys=True)]
        if not private and admin:
            scopes.append(json.dumps({"type": "all_chat_administrators"}, sort_keys=True))
        kind = "all_private_chats" if private else "all_group_chats"
        scopes += [
            json.dumps({"type": kind}, sort_keys=True),
            json.dumps({"type": "default"}, sort_keys=True),
        ]
        with self.changed:
            for scope in scopes:
                for code in (language, ""):
                    if (scope, code) in self.menus:
                        return self.menus[(scope, code)], code
        return [], ""

    def calls_of(self, method: str) -> list[dict[str, Any]]:
        with self.changed:
            return [params for name, params in self.calls if name == method]

    # --- the server ---------------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body leave in two writes: without this, Nagle's algorithm and the
            # client's delayed ACK add 40 ms to every answer on a kept-alive connection.
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:
                pass

            def setup(self) -> None:
                super().setup()
                api.connections.add(self.connection)

            def finish(self) -> None:
                api.connections.discard(self.connection)
                with contextlib.suppress(OSError):
                    super().finish()

            def do_GET(self) -> None:
                if self.path.startswith("/file/"):
                    self._download()
                    return
                self.do_POST()

            def _download(self) -> None:
                """A file, at /file/bot<token>/<file_path> (the path as getFile gave it)."""
                path = urllib.parse.unquote(self.path)
                prefix = f"/file/bot{api.token}/"
                data = None
                if path.startswith(prefix) and api.local is None:
                    with api.changed:
                        api.downloads.append(path)
                        found = [d for p, d in api.files.values() if p == path[len(prefix) :]]
                        api.changed.notify_all()
                    data = found[0] if found else None
                if data is None:
                    self._reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                    return
                try:
                    self.send_response(200)
                    self.send_header("content-type", "application/octet-stream")
                    self.send_header("content-length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_POST(self) -> None:
                prefix = f"/bot{api.token}/"
                if not self.path.startswith(prefix):
                    self._reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
                    return
                method = self.path[len(prefix) :].split("?")[0]
                params = self._params()
                status, body = api.handle(method, params)
                api.log.append((time.monotonic(), method, status))
                if status == 200 and method in ("sendMessage", "sendPhoto"):
                    api.sends.append((time.monotonic(), int(params["chat_id"])))
                self._reply(status, body)

            def _params(self) -> dict[str, Any]:
                length = int(self.headers.get("content-length") or 0)
                raw_bytes = self.rfile.read(length) if length else b""
                raw = raw_bytes.decode("utf-8", "replace")
                kind = self.headers.get("content-type", "")
                if kind.startswith("multipart/form-data"):
                    return multipart(kind, raw_bytes)
                if kind.startswith("application/json"):
                    loaded: dict[str, Any] = json.loads(raw or "{}")
                    return loaded
                params: dict[str, Any] = {}
                for key, values in urllib.parse.parse_qs(raw, keep_blank_values=True).items():
                    value: Any = values[-1]
                    if value[:1] in ("{", "["):
                        with contextlib.suppress(ValueError):
                            value = json.loads(value)
                    params[key] = value
                return params

            def _reply(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the bot stopped while a long poll was open, as a bot may

        return Handler

    def handle(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        stall = 0.0
        with self.changed:
            for index, (name, status, extra) in enumerate(self.faults):
                if name == method and "stall" in extra:
                    del self.faults[index]
                    stall = float(extra["stall"])
                    break
                if name == method and str(extra.get("chat_id", params.get("chat_id"))) == str(
                    params.get("chat_id")
                ):
                    del self.faults[index]
                    self.refused.append((method, status))
                    body = {k: v for k, v in extra.items() if k != "chat_id"}
                    default = "Too Many Requests: retry after" if status == 429 else "Bad Gateway"
                    description = body.pop("description", default)
                    return status, {"ok": False, "error_code": status, "description": description, **body}
        if stall:
            time.sleep(stall)  # the bot has given up on this answer by now
        if method == "getMe":
            return 200, {"ok": True, "result": self.bot}
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._get_updates(params)}
        with self.changed:
            refusal = self._refusal(method, params)
            if refusal is not None:
                self.refused.append((method, refusal[0]))
                return refusal[0], {"ok": False, "error_code": refusal[0], "description": refusal[1]}
            result = self._act(method, params)
            if isinstance(result, str):
                return 400, {"ok": False, "error_code": 400, "description": result}
            self.calls.append((method, params))
            self.changed.notify_all()
        return 200, {"ok": True, "result": result}

    def _refusal(self, method: str, params: dict[str, Any]) -> tuple[int, str] | None:
        """What Telegram itself refuses, as Telegram says it."""
        if method in ("setMyCommands", "setMyDescription", "setMyShortDescription"):
            return self._about_refusal(method, params)
        chat_id = int(params["chat_id"]) if str(params.get("chat_id", "")).lstrip("-").isdigit() else None
        if method.startswith(("send", "edit")) and chat_id in self.blocked:
            return 403, "Forbidden: bot was blocked by the user"
        thread = params.get("message_thread_id")
        if method.startswith("send") and thread is not None and (chat_id, int(thread)) in self.closed_topics:
            return 400, "Bad Request: TOPIC_CLOSED"
        if method == "answerCallbackQuery":
            pressed = self._queries.pop(str(params.get("callback_query_id")), None)
            if pressed is None or time.monotonic() - pressed > self.query_timeout:
                return (
                    400,
                    "Bad Request: query is too old and response timeout expired or query ID is invalid",
                )
        reply = params.get("reply_parameters")
        if method.startswith("send") and isinstance(reply, dict) and chat_id is not None:
            gone = (chat_id, int(reply["message_id"])) not in self.messages
            if gone and not reply.get("allow_sending_without_reply"):
                return 400, "Bad Request: message to be replied not found"
        if method == "editMessageText" and chat_id is not None:
            message = self.messages.get((chat_id, int(params["message_id"])))
            if message is None:
                return 400, "Bad Request: message to edit not found"
            same_text = message.get("text") == params.get("text")
            same_markup = message.get("reply_markup") == params.get("reply_markup")
            if same_text and same_markup:
                return 400, (
                    "Bad Request: message is not modified: specified new message content and reply"
                    " markup are exactly the same as a content and reply markup of the current message"
                )
        return None

    def _about_refusal(self, method: str, params: dict[str, Any]) -> tuple[int, str] | None:
        """The Bot API's limits on what a bot says about itself (core.telegram.org/bots/api)."""
        code = str(params.get("language_code") or "")
        if code and not (len(code) == 2 and code.isalpha() and code.islower()):
            return 400, "Bad Request: invalid language code specified"
        if method == "setMyDescription" and len(str(params.get("description", ""))) > 512:
            return 400, "Bad Request: description is too long"
        if method == "setMyShortDescription" and len(str(params.get("short_description", ""))) > 120:
            return 400, "Bad Request: short description is too long"
        if method != "setMyCommands":
            return None
        commands = params.get("commands") or []
        if len(commands) > 100:
            return 400, "Bad Request: BOT_COMMANDS_TOO_MUCH"
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(command.get("command", ""))):
                return 400, "Bad Request: BOT_COMMAND_INVALID"
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                return 400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID"
        scope = params.get("scope") or {"type": "default"}
        kinds = {"default", "all_private_chats", "all_group_chats", "all_chat_administrators", "chat"}
        if scope.get("type") not in kinds:
            return 400, "Bad Request: wrong parameter scope"
        if scope["type"] == "chat" and int(scope.get("chat_id", 0)) not in self._message_ids:
            return 400, "Bad Request: chat not found"
        return None

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        self.polling.set()
        self.allowed_updates.append(params.get("allowed_updates"))
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        deadline = time.monotonic() + min(timeout, 5.0)
        with self.changed:
            if offset:
                self.confirmed = max(self.confirmed, offset)
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
            while (not self.updates or self.away) and time.monotonic() < deadline:
                if self.away:
                    return []
                self.changed.wait(deadline - time.monotonic())
            batch = self.updates[: int(params.get("limit") or 100)]
            self.delivered.extend(u["update_id"] for u in batch)
            return batch

    @staticmethod
    def _thread(params: dict[str, Any]) -> dict[str, Any]:
        thread = params.get("message_thread_id")
        return {} if thread is None else {"message_thread_id": int(thread), "is_topic_message": True}

    def _act(self, method: str, params: dict[str, Any]) -> Any:
        if method == "sendPhoto":
            chat_id = int(params["chat_id"])
            photo = params.get("photo")
            if (
                isinstance(photo, bytes)
                and not photo.startswith(b"\x89PNG")
                and not photo.startswith(b"\xff\xd8")
            ):
                return "Bad Request: IMAGE_PROCESS_FAILED"
            caption = str(params.get("caption", ""))
            if caption and params.get("parse_mode") == "HTML" and parse_error(caption):
                return parse_error(caption)
            file_id = photo if isinstance(photo, str) else f"photo-{next(self._ids)}"
            sizes = [{"file_id": file_id, "file_unique_id": file_id, "width": 1080, "height": 1080}]
            chat = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"}
            return self._message(chat, self.bot, photo=sizes, caption=caption, **self._thread(params))
        if method in ("sendMessage", "editMessageText"):
            text = str(params.get("text", ""))
            if params.get("parse_mode") == "HTML":
                error = parse_error(text)
                if error:
                    return error
            chat_id = int(params["chat_id"])
            if method == "editMessageText":
                message = self.messages[(chat_id, int(params["message_id"]))]
                message.update(text=text, edit_date=int(time.time()))
                if "reply_markup" in params:
                    message["reply_markup"] = params["reply_markup"]
                return message
            chat = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"}
            fields: dict[str, Any] = {"text": text}
            reply = params.get("reply_parameters")
            if isinstance(reply, dict):
                replied = self.messages.get((chat_id, int(reply["message_id"])))
                if replied is not None:
                    fields["reply_to_message"] = replied
            if "reply_markup" in params:
                fields["reply_markup"] = params["reply_markup"]
            return self._message(chat, self.bot, **fields, **self._thread(params))
        if method == "getFile":
            kept = self.files.get(str(params.get("file_id")))
            if kept is None:
                return "Bad Request: invalid file_id"
            if len(kept[1]) > 20 * 1024 * 1024:  # what a bot may download from Telegram's own server
                return "Bad Request: file is too big"
            file_id = str(params["file_id"])
            if self.local is not None:
                where = self.local / kept[0]
                where.parent.mkdir(parents=True, exist_ok=True)
                where.write_bytes(kept[1])
                return {"file_id": file_id, "file_unique_id": file_id[-8:], "file_size": len(kept[1]),
                        "file_path": str(where)}  # fmt: skip
            return {"file_id": file_id, "file_unique_id": file_id[-8:], "file_size": len(kept[1]),
                    "file_path": kept[0]}  # fmt: skip
        if method == "getWebhookInfo":
            return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        code = str(params.get("language_code") or "")
        if method == "setMyDescription":
            self.descriptions[code] = str(params.get("description", ""))
        if method == "setMyShortDescription":
            self.short_descriptions[code] = str(params.get("short_description", ""))
        if method == "setMyCommands":
            scope = json.dumps(params.get("scope") or {"type": "default"}, sort_keys=True)
            self.menus[(scope, code)] = [str(c["command"]) for c in params.get("commands") or []]
        return True
