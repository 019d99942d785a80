"""Editors in Telegram over real HTTP: `interview-bot run` against the fake Bot API, which keeps
the files users send and serves them at /file/bot<token>/<file_path> as Telegram does.

An admin sends a file, reads the preview, presses Publish, and a reader's question is then
answered from the new interview; a second file is discarded; a reader's file is refused; a file
with no questions and one too big get one line each.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from tests.e2e.test_e2e import READER, TOKEN, bot_process, buttons
from tests.fake_bot_api import FakeBotApi
from tests.handlers.test_editor import RAW
from tests.helpers import FIXTURES

ADMIN = {"id": 4242, "is_bot": False, "first_name": "Editor", "language_code": "fa"}


def press(api: FakeBotApi, preview: dict[str, Any], label: str) -> None:
    sent = api.messages[(ADMIN["id"], max(k[1] for k in api.messages if k[0] == ADMIN["id"]))]
    assert sent["text"] == preview["text"]
    data = next(b["callback_data"] for b in buttons(sent) if b["text"] == label)
    api.press(sent, data, ADMIN)


def test_an_editor_publishes_a_file_and_readers_are_answered_from_it(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "corpus", corpus)
    with (
        FakeBotApi(TOKEN) as api,
        bot_process(api, tmp_path, INTERVIEW_BOT_CORPUS=str(corpus), ADMIN_IDS=str(ADMIN["id"])),
    ):
        api.wait_for("setMyCommands", timeout=60)
        # A reader's file: one line, and the bot does not even ask for it.
        api.send_document(READER, RAW.encode(), "bike.txt")
        refusal = api.wait_for("sendMessage", chat_id=READER["id"])
        assert refusal["text"] == "فقط ویراستاران ربات می‌توانند گفت‌وگو بیفزایند؛ پرسشتان را بنویسید."
        # Too big for the importer: refused before getFile.
        api.send_document(ADMIN, b"%PDF-1.7", "issue.pdf", "application/pdf", file_size=25_000_000)
        too_big = api.wait_for("sendMessage", chat_id=ADMIN["id"])["text"]
        assert "25,000,000" in too_big and "[import] max_bytes" in too_big and "\n" not in too_big
        assert api.calls_of("getFile") == []
        # No questions in it: the importer's one line.
        api.send_document(ADMIN, "یادداشتی کوتاه بی هیچ پرسشی.\n".encode(), "note.txt")
        bad = api.wait_for("sendMessage", chat_id=ADMIN["id"])["text"]
        assert bad.startswith("این پرونده وارد نشد: note.txt: no questions found") and "\n" not in bad

        api.send_document(ADMIN, RAW.encode(), "bike.txt")
        preview = api.wait_for("sendMessage", chat_id=ADMIN["id"])
        assert "مریم معمار" in preview["text"] and "1 پرسش" in preview["text"]
        # Downloaded from the server TELEGRAM_API_URL names, at the path getFile gave.
        assert api.downloads[-1] == f"/file/bot{TOKEN}/documents/file_3.txt"
        press(api, preview, "انتشار")
        published = api.wait_for("sendMessage", chat_id=ADMIN["id"], timeout=60)
        assert "منتشر شد" in published["text"]
        assert (corpus / "bike.md").is_file()

        api.send_text("دربارهٔ دوچرخه در شهر چه فکر می‌کنید؟", READER)
        answer = api.wait_for("sendMessage", chat_id=READER["id"])["text"]
        assert "start=p_bike-q1-1" in answer and "مریم معمار" in answer

        # Another draft, discarded: the library stays as it is.
        api.send_document(ADMIN, RAW.replace("مریم معمار", "سارا شهری").encode(), "other.txt")
        second = api.wait_for("sendMessage", chat_id=ADMIN["id"])
        press(api, second, "کنار گذاشتن")
        assert "کنار گذاشته شد" in api.wait_for("sendMessage", chat_id=ADMIN["id"])["text"]
        assert sorted(p.name for p in corpus.glob("*.md")) == ["bike.md", "mirlohi.md"]

        # The same server in --local mode: getFile gives a path on this disk, copied from there.
        api.local = tmp_path / "telegram-bot-api"
        downloads = len(api.downloads)
        api.send_document(ADMIN, RAW.replace("مریم معمار", "نگار نیک").encode(), "local.txt")
        third = api.wait_for("sendMessage", chat_id=ADMIN["id"])
        assert "نگار نیک" in third["text"] and len(api.downloads) == downloads
        assert (api.local / "documents" / "file_5.txt").is_file()
