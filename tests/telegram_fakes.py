"""Offline Telegram: a request class that records what the bot sends, and update builders."""

from __future__ import annotations

import itertools
import json
import re
import urllib.parse
from pathlib import Path
from typing import Any

from telegram.request import BaseRequest, RequestData

BOT_ID = 7000
BOT_USERNAME = "interview_test_bot"
TOKEN = f"{BOT_ID}:AAFakeTokenForTestsOnly_abcdefghijk"

_ids = itertools.count(1)


class RecordingRequest(BaseRequest):
    """Answers getMe, records every other call, and returns plausible results for sends."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.message_ids = itertools.count(100)
        # method → Telegram's refusal, answered as Telegram does (400, ok false) while it is here
        self.refusals: dict[str, str] = {}
        # Files users sent, as Telegram keeps them: file_id → (file_path, bytes); and the URLs
        # the bot downloaded from, in order.
        self.files: dict[str, tuple[str, bytes]] = {}
        self.downloads: list[str] = []
        # A Bot API server in --local mode: getFile gives the file's absolute path on this disk.
        self.local: Path | None = None

    def upload(self, data: bytes, file_name: str, mime_type: str = "text/plain") -> dict[str, Any]:
        """A user's file, as Telegram keeps it: the ``document`` object of their message."""
        number = len(self.files)
        file_id = f"BQACAgIAAxkBAAI{number:04d}"
        suffix = file_name.rsplit(".", 1)[-1] if "." in file_name else "bin"
        self.files[file_id] = (f"documents/file_{number}.{suffix}", data)
        return {
            "file_id": file_id, "file_unique_id": f"AgAD{number:04d}", "file_name": file_name,
            "mime_type": mime_type, "file_size": len(data),
        }  # fmt: skip

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, *args: Any, **kwargs: Any
    ) -> tuple[int, bytes]:
        if "/file/bot" in url:  # a download: …/file/bot<token>/<file_path>, as Telegram lays it out
            url = urllib.parse.unquote(url)  # PTB quotes the path («:» of the token too), as a browser would
            self.downloads.append(url)
            path = url.split("/file/bot", 1)[1].split("/", 1)[1]
            for file_path, data in self.files.values():
                if file_path == path:
                    return 200, data
            return 404, json.dumps({"ok": False, "error_code": 404, "description": "Not Found"}).encode()
        name = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        if request_data is not None and request_data.contains_files:
            for field, part in (request_data.multipart_data or {}).items():
                params[field] = part[1]  # (file name, bytes, mime type): keep the bytes
        result: Any = True
        if name in self.refusals:
            self.calls.append((name, params))
            body = {"ok": False, "error_code": 400, "description": self.refusals[name]}
            return 400, json.dumps(body).encode()
        if name == "getMe":
            result = {"id": BOT_ID, "is_bot": True, "first_name": "Interview", "username": BOT_USERNAME}
        elif name == "getFile":
            self.calls.append((name, params))
            kept = self.files.get(str(params.get("file_id")))
            if kept is None:
                return 400, json.dumps(
                    {"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"}
                ).encode()
            if len(kept[1]) > 20 * 1024 * 1024:
                return 400, json.dumps(
                    {"ok": False, "error_code": 400, "description": "Bad Request: file is too big"}
                ).encode()
            file_id = str(params["file_id"])
            if self.local is not None:
                where = self.local / kept[0]
                where.parent.mkdir(parents=True, exist_ok=True)
                where.write_bytes(kept[1])
                kept = (str(where), kept[1])
            result = {"file_id": file_id, "file_unique_id": file_id[-8:], "file_size": len(kept[1]),
                      "file_path": kept[0]}  # fmt: skip
        else:
            self.calls.append((name, params))
            if name in ("sendMessage", "editMessageText", "sendPhoto"):
                chat_id = params.get("chat_id", 1)
                result = {
                    "message_id": next(self.message_ids),
                    "date": 1_700_000_000,
                    "chat": {"id": chat_id, "type": "private" if int(chat_id) > 0 else "group"},
                    "from": {"id": BOT_ID, "is_bot": True, "first_name": "Interview"},
                    "text": params.get("text", ""),
                }
                if name == "sendPhoto":
                    del result["text"]
                    photo = params.get("photo")
                    # A new upload gets a new file_id; a file_id is sent back as it came.
                    file_id = photo if isinstance(photo, str) else f"photo-{len(self.calls)}"
                    result["photo"] = [
                        {"file_id": file_id, "file_unique_id": file_id, "width": 1080, "height": 1080}
                    ]
                    result["caption"] = params.get("caption", "")
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == method]

    def markup(self, params: dict[str, Any]) -> dict[str, Any]:
        raw = params.get("reply_markup")
        return json.loads(raw) if isinstance(raw, str) else (raw or {})


def user(language: str = "fa", user_id: int = 42) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": "Reader", "language_code": language}


def private_chat(user_id: int = 42) -> dict[str, Any]:
    return {"id": user_id, "type": "private", "first_name": "Reader"}


GROUP = {"id": -1001, "type": "supergroup", "title": "Readers"}


def message(
    text: str | None, chat: dict[str, Any] | None = None, language: str = "fa", **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "message_id": next(_ids),
        "date": 1_700_000_000,
        "chat": chat or private_chat(),
        "from": user(language),
        **extra,
    }
    if text is not None:
        body["text"] = text
        if entities(text):
            body["entities"] = entities(text)
    return {"update_id": next(_ids), "message": body}


_MENTION = re.compile(r"(?<![\w@.])@[A-Za-z][A-Za-z0-9_]{3,31}(?![\w@.])")
_COMMAND = re.compile(r"^/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?")


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def entities(text: str) -> list[dict[str, Any]]:
    """The entities Telegram marks in a text: a leading /command, and every @username (as a
    whole word: not x@bot.com), with offsets and lengths in UTF-16 units as Telegram counts."""
    found = []
    command = _COMMAND.match(text)
    if command:
        found.append({"type": "bot_command", "offset": 0, "length": utf16(command.group())})
    for mention in _MENTION.finditer(text):
        if command and mention.start() < command.end():
            continue
        found.append(
            {"type": "mention", "offset": utf16(text[: mention.start()]), "length": utf16(mention.group())}
        )
    return found


def callback(data: str, answer: dict[str, Any], language: str = "fa") -> dict[str, Any]:
    return {
        "update_id": next(_ids),
        "callback_query": {
            "id": str(next(_ids)),
            "from": user(language),
            "chat_instance": "ci-1",
            "data": data,
            "message": answer,
        },
    }


def inline(query: str, offset: str = "", language: str = "fa") -> dict[str, Any]:
    return {
        "update_id": next(_ids),
        "inline_query": {"id": str(next(_ids)), "from": user(language), "query": query, "offset": offset},
    }
