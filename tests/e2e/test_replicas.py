"""Two bot processes in webhook mode behind one Bot API, which delivers updates to them in turn.

A button pressed on a message one replica sent works when the other handles the press; deep
links and inline pages work on both; the stats of both add up in /stats.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.e2e.test_e2e import READER, TOKEN, bot_env, deliver, free_port
from tests.fake_bot_api import FakeBotApi
from tests.helpers import ROOT
from tests.waiting import wait_until

ADMIN = {"id": 4242, "is_bot": False, "first_name": "Admin", "language_code": "fa"}
SECRET = "replica-secret"


def unanswered_rows(path: Path) -> int:
    import sqlite3

    if not path.exists():
        return 0
    with contextlib.closing(sqlite3.connect(path, timeout=5)) as db:
        return int(db.execute("SELECT count(*) FROM questions WHERE matched = 0").fetchone()[0])


def test_two_replicas_share_buttons_links_inline_pages_and_stats(tmp_path: Path) -> None:
    ports = [free_port(), free_port()]
    with FakeBotApi(TOKEN) as api:
        replicas = []
        for n, port in enumerate(ports):
            env = bot_env(
                api,
                tmp_path,
                WEBHOOK_URL=f"https://bot.example/r{n}",
                WEBHOOK_PORT=str(port),
                WEBHOOK_SECRET=SECRET,
                ADMIN_IDS="4242",
                STATS_SALT="shared-salt",
            )
            env["INTERVIEW_BOT_INDEX"] = str(tmp_path / "index.sqlite")  # one index for both
            replicas.append(
                subprocess.Popen(
                    [sys.executable, "-m", "bot.cli", "run"],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            api.wait_for("setWebhook", timeout=60)
        turn = iter(ports * 50)

        def send(update_kind: str, payload: dict[str, Any]) -> None:
            # Messages are made by the fake (ids, dates) and handed to the next replica in turn.
            with api.changed:
                update = {"update_id": len(api.delivered) + 1000, update_kind: payload}
                api.delivered.append(update["update_id"])
            assert deliver(next(turn), update, SECRET) == 200

        try:
            # Replica 0 answers; replica 1 handles the press of its "next" button.
            question = api._message({"id": 42, "type": "private", "first_name": "R"}, READER, text="وین")
            send("message", question)
            api.wait_for("sendMessage", chat_id=42)
            answer = api.messages[(42, max(k[1] for k in api.messages if k[0] == 42))]
            send("callback_query", {"id": "cb1", "from": READER, "chat_instance": "ci", "data": "n:1",
                                    "message": answer})  # fmt: skip
            edited = api.wait_for("editMessageText", chat_id=42)
            assert int(edited["message_id"]) == answer["message_id"]
            # A deep link on either replica.
            for _ in ports:
                link = api._message({"id": 42, "type": "private", "first_name": "R"}, READER,
                                    text="/start p_mirlohi-q1-1",
                                    entities=[{"type": "bot_command", "offset": 0, "length": 6}])  # fmt: skip
                send("message", link)
                assert "ترامپ" in api.wait_for("sendMessage", chat_id=42)["text"]
            # Inline pages: the first page from one replica, the next from the other.
            send("inline_query", {"id": "iq1", "from": READER, "query": "", "offset": ""})
            first = api.wait_for("answerInlineQuery", inline_query_id="iq1")
            send("inline_query", {"id": "iq2", "from": READER, "query": "", "offset": "5"})
            second = api.wait_for("answerInlineQuery", inline_query_id="iq2")
            assert [r["id"] for r in second["results"]] == [r["id"] for r in first["results"]][5:]
            # One unanswerable question on each replica; /stats on one counts both.
            for _ in ports:
                reader_chat = {"id": 42, "type": "private", "first_name": "R"}
                send("message", api._message(reader_chat, READER, text="قیمت دلار"))
                api.wait_for("sendMessage", chat_id=42)
            # Each replica writes its counts within a second (bot/stats.py): wait for both rows.
            wait_until(lambda: unanswered_rows(tmp_path / "stats.sqlite") == 2, 30, "both unanswered rows")
            admin_chat = {"id": 4242, "type": "private", "first_name": "A"}
            command = [{"type": "bot_command", "offset": 0, "length": 6}]
            send("message", api._message(admin_chat, ADMIN, text="/stats", entities=command))
            report = api.wait_for("sendMessage", chat_id=4242)["text"]
            assert "2× قیمت دلار" in report
        finally:
            for replica in replicas:
                replica.send_signal(signal.SIGTERM)
            for replica in replicas:
                replica.wait(timeout=30)
