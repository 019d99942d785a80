"""What an operator sees of `interview-bot run` against the fake Bot API: /healthz and /metrics (on
METRICS_PORT when polling, on the webhook port in webhook mode), the start-up line and one line per
answered update, and what Telegram shows before the first question: descriptions, command menus by
scope and language, /privacy."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from bot.present import messages
from tests.e2e.test_e2e import READER, TOKEN, bot_process, deliver, free_port
from tests.fake_bot_api import FakeBotApi
from tests.waiting import wait_until

ADMIN = {"id": 4242, "is_bot": False, "first_name": "Admin", "language_code": "en"}
GERMAN = {"id": 77, "is_bot": False, "first_name": "Leser", "language_code": "de"}
GROUP = {"id": -100500, "type": "supergroup", "title": "Readers"}
QUESTION = "به کدام کشورها سفر کردید؟"


def get(port: int, path: str) -> tuple[int, str, str]:
    """GET a path of the bot's HTTP side: (status, content type, body)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
            return int(response.status), response.headers["content-type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["content-type"] or "", error.read().decode()


def up(port: int) -> dict[str, Any] | None:
    """/healthz's JSON once it answers 200, else None."""
    try:
        status, _, body = get(port, "/healthz")
    except OSError:
        return None
    answer: dict[str, Any] = json.loads(body)
    return answer if status == 200 else None


def sample(metrics: str, name: str, **labels: str) -> float:
    """One sample's value in Prometheus' text format (0 when the series is absent)."""
    wanted = ",".join(f'{k}="{v}"' for k, v in labels.items())
    pattern = rf"^{re.escape(name)}{re.escape('{' + wanted + '}') if wanted else ''} (\S+)$"
    found = re.search(pattern, metrics, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def test_polling_health_metrics_log_lines_menus_and_privacy(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "bot.log"
    with FakeBotApi(TOKEN) as api:
        api.send_text("سلام", ADMIN)  # the admin has a chat with the bot: their menu can be set
        with bot_process(api, tmp_path, log=log, METRICS_PORT=str(port), ADMIN_IDS=str(ADMIN["id"])):
            wait_until(lambda: up(port) is not None, 60, "/healthz answering 200")
            health = up(port)
            assert health is not None and health["status"] == "ok" and health["mode"] == "polling"
            assert health["index"]["passages"] > 0 and health["database"] == "sqlite"
            wait_until(lambda: api.menus and api.short_descriptions.get("en"), 30, "the menus being set")

            api.send_text(QUESTION, READER)
            answer = api.wait_for("sendMessage", chat_id=READER["id"])
            assert "سفر" in answer["text"]
            api.send_text("/privacy", GERMAN)
            privacy = api.wait_for("sendMessage", chat_id=GERMAN["id"])
            wait_until(lambda: "update command" in log.read_text(), 15, "the /privacy update's log line")
            _, kind, metrics = get(port, "/metrics")

        output = log.read_text()
        descriptions, shorts = dict(api.descriptions), dict(api.short_descriptions)
        private_fa = api.menu_for(READER["id"], "fa")
        private_de = api.menu_for(GERMAN["id"], "de")
        private_en = api.menu_for(ADMIN["id"] + 1, "en")
        group_fa = api.menu_for(GROUP["id"], "fa")
        group_admin = api.menu_for(GROUP["id"], "fa", admin=True)
        admin_en = api.menu_for(ADMIN["id"], "en")

    # /metrics: Prometheus' text format, counting what happened.
    assert kind.startswith("text/plain") and "version=" in kind
    assert sample(metrics, "interview_bot_updates_total", kind="message") >= 2  # the admin's and ours
    assert sample(metrics, "interview_bot_updates_total", kind="command") == 1
    assert sample(metrics, "interview_bot_answers_total", tier="answer") >= 1
    assert sample(metrics, "interview_bot_reply_seconds_count", kind="message") >= 2
    assert sample(metrics, "interview_bot_index_passages") == health["index"]["passages"]
    assert 'interview_bot_index_info{built="' in metrics
    # The log: a start-up line, and one INFO line per answered update without the question.
    assert re.search(
        r"interview-bot \S+: polling mode; index .* \(\d+ passages, built .*\) of 1 interview", output
    )
    lines = [line for line in output.splitlines() if " INFO interview_bot: update message: " in line]
    assert any(re.search(r"tier=answer latency=\d+ms chat=[0-9a-f]{12}$", line) for line in lines), lines
    assert QUESTION not in output and "کشورها" not in output
    # Descriptions in Persian (the default) and English.
    assert descriptions == {"": messages.text("fa", "description"), "en": messages.text("en", "description")}
    assert shorts["en"] == messages.text("en", "short_description")
    # Menus by scope and language; the reply's language is the menu's.
    assert private_fa == (private_fa[0], "") and "ask" not in private_fa[0] and "privacy" in private_fa[0]
    assert "ask" in group_fa[0] and group_admin[0] == group_fa[0]
    assert private_en[1] == "en" and private_de[1] == ""  # German readers get the Persian menu…
    assert privacy["text"].startswith(messages.html("fa", "privacy", days="90")[:40])  # …and Persian replies
    assert "90" in privacy["text"].translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))
    assert admin_en[0][-2:] == ["stats", "reload"] and admin_en[1] == "en"
    assert all("stats" not in menu for menu, _ in (private_fa, private_de, group_fa, group_admin))


def test_webhook_serves_health_and_metrics_beside_the_webhook(tmp_path: Path) -> None:
    port = free_port()
    with FakeBotApi(TOKEN) as api:
        extra = {"WEBHOOK_URL": "https://bot.example/telegram", "WEBHOOK_PORT": str(port),
                 "WEBHOOK_SECRET": "s3cret-value", "METRICS_PORT": str(free_port())}  # fmt: skip
        with bot_process(api, tmp_path, log=tmp_path / "bot.log", **extra):
            hook = api.wait_for("setWebhook", timeout=60)
            assert hook["secret_token"] == "s3cret-value" and hook["url"] == extra["WEBHOOK_URL"]
            wait_until(lambda: up(port) is not None, 30, "/healthz on the webhook port")
            assert up(port) == {**(up(port) or {}), "status": "ok", "mode": "webhook"}
            chat = {"id": 42, "type": "private", "first_name": "Reader"}
            update = {"update_id": 1, "message": {"message_id": 1, "date": 1_700_000_000, "text": "برلین",
                      "from": READER, "chat": chat}}  # fmt: skip
            assert deliver(port, update, "wrong") == 403
            assert deliver(port, update, "s3cret-value") == 200
            assert "برلین" in api.wait_for("sendMessage", chat_id=42)["text"]
            wait_until(
                lambda: sample(get(port, "/metrics")[2], "interview_bot_answers_total", tier="answer") == 1,
                15, "the answer counted",
            )  # fmt: skip
            assert get(port, "/telegram")[0] == 405  # the webhook takes POSTs only
            garbage = urllib.request.Request(
                f"http://127.0.0.1:{port}/telegram", data=b"{not json",
                headers={"content-type": "application/json",
                         "X-Telegram-Bot-Api-Secret-Token": "s3cret-value"},
            )  # fmt: skip
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(garbage, timeout=10)
            assert refused.value.code == 400  # a body that is not an update: refused, the bot runs on
            assert get(port, "/nothing")[0] == 404
            # METRICS_PORT is for polling: a webhook bot serves them on its webhook port only.
            with pytest.raises(OSError):
                get(int(extra["METRICS_PORT"]), "/healthz")
