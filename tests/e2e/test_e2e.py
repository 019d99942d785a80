"""End to end over real HTTP: `interview-bot run` (long polling) against the fake Bot API.

The test plays a reader in a private chat and in a group: it asks, presses buttons, opens a deep
link, sends an inline query and a sticker, and reads what the bot sent. The bot runs at DEBUG log
level, and its whole output is checked for the token.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.fake_bot_api import FakeBotApi, parse_error
from tests.helpers import FIXTURES, ROOT

TOKEN = "7000:AAE2eFakeTokenNeverPrinted_0123456789"
READER = {"id": 42, "is_bot": False, "first_name": "Reader", "language_code": "fa"}
GROUP = {"id": -100500, "type": "supergroup", "title": "Readers"}


def bot_env(api: FakeBotApi, tmp: Path, **extra: str) -> dict[str, str]:
    """The bot's environment: our token, the fake server, a private index, and any extras."""
    return {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": api.url,
        "INTERVIEW_BOT_INDEX": str(tmp / "index.sqlite"),
        "INTERVIEW_BOT_STATS": str(tmp / "stats.sqlite"),
        **extra,
    }


@contextmanager
def bot_process(
    api: FakeBotApi, tmp: Path, log: Path | None = None, **extra: str
) -> Iterator[subprocess.Popen[bytes]]:
    """`interview-bot run` against the fake server, stopped with SIGTERM however the test ends;
    its output, stdout and stderr together, goes to ``log`` when one is given."""
    with contextlib.ExitStack() as files:
        out = files.enter_context(log.open("w")) if log is not None else subprocess.DEVNULL
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run"], cwd=ROOT, env=bot_env(api, tmp, **extra),
            stdout=out, stderr=subprocess.STDOUT if log is not None else subprocess.DEVNULL,
        )  # fmt: skip
        try:
            yield process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=60)


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FakeBotApi, subprocess.Popen[bytes]]]:
    tmp = tmp_path_factory.mktemp("e2e")
    with FakeBotApi(TOKEN) as api:
        with bot_process(api, tmp, log=tmp / "bot.log", LOG_LEVEL="DEBUG") as process:
            api.wait_for("setMyCommands", timeout=60)
            yield api, process
        output = (tmp / "bot.log").read_text()
        assert TOKEN not in output, "the token leaked into the bot's output"
        assert TOKEN.split(":")[1] not in output


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    markup = message.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


def test_fake_server_refuses_html_telegram_would_refuse() -> None:
    assert parse_error("<b>ok</b> &lt;") is None
    assert parse_error("a < b") is not None
    assert parse_error("<b>open") is not None
    assert parse_error("<div>x</div>") is not None
    assert parse_error("x" * 4097) is not None


def test_private_question_answer_and_buttons(running: tuple[FakeBotApi, subprocess.Popen[bytes]]) -> None:
    api, _ = running
    question = api.send_text("به کدام کشورها سفر کردید؟", READER)
    answer = api.wait_for("sendMessage", chat_id=42)
    assert "اتریش و آلمان" in answer["text"] and "<b>سفر</b>" in answer["text"]
    assert answer["reply_parameters"]["message_id"] == question["message_id"]
    sent = api.messages[(42, max(k[1] for k in api.messages if k[0] == 42))]
    assert sent["reply_to_message"]["message_id"] == question["message_id"]

    api.press(sent, "n:1", READER)
    edited = api.wait_for("editMessageText", chat_id=42)
    assert int(edited["message_id"]) == sent["message_id"] and "p_mirlohi-q2-1" not in edited["text"]
    api.wait_for("answerCallbackQuery")
    assert "n:0" in [b.get("callback_data") for b in buttons(api.messages[(42, sent["message_id"])])]

    api.press(sent, "f:mirlohi:2", READER)
    full = api.wait_for("sendMessage", chat_id=42)
    assert "در دوره شهرداری آقای حناچی" in full["text"]

    api.press(sent, "c:mirlohi-q2-1", READER)
    card = api.wait_for("sendPhoto", chat_id=42, timeout=30)
    assert isinstance(card["photo"], bytes) and card["photo"].startswith(b"\x89PNG")
    assert "start=p_mirlohi-q2-1" in card["caption"]
    api.press(sent, "c:mirlohi-q2-1", READER)
    again = api.wait_for("sendPhoto", chat_id=42, timeout=30)
    assert isinstance(again["photo"], str), "the second card was uploaded again instead of sent by file_id"


def test_start_and_deep_link(running: tuple[FakeBotApi, subprocess.Popen[bytes]]) -> None:
    api, _ = running
    api.send_text("/start", READER)
    welcome = api.wait_for("sendMessage", chat_id=42)
    assert "محمود میرلوحی" in welcome["text"]
    api.send_text("/start p_mirlohi-q1-1", READER)
    opened = api.wait_for("sendMessage", chat_id=42)
    assert "ترامپ" in opened["text"] and "start=p_mirlohi-q1-1" in opened["text"]

    api.send_text("/start c_mirlohi-q1-2", READER)
    card = api.wait_for("sendPhoto", chat_id=42, timeout=30)
    assert card["photo"].startswith(b"\x89PNG") and "start=p_mirlohi-q1-2" in card["caption"]
    from_bot = [m for (chat, _), m in api.messages.items() if chat == 42 and m["from"]["id"] == api.bot["id"]]
    answer = next(m for m in reversed(from_bot) if "start=p_mirlohi-q1-1" in m.get("text", ""))
    api.send_text("/card", READER, reply_to=answer)
    card = api.wait_for("sendPhoto", chat_id=42, timeout=30)
    assert "start=p_mirlohi-q1-1" in card["caption"]


def test_no_answer_and_sticker(running: tuple[FakeBotApi, subprocess.Popen[bytes]]) -> None:
    api, _ = running
    api.send_text("قیمت دلار امروز چنده؟", READER)
    assert "پیدا نشد" in api.wait_for("sendMessage", chat_id=42)["text"]
    api.send_sticker(READER)
    assert "متن" in api.wait_for("sendMessage", chat_id=42)["text"]


def test_group_rules(running: tuple[FakeBotApi, subprocess.Popen[bytes]]) -> None:
    api, _ = running
    api.send_text("ترامپ", READER, chat=GROUP)  # not addressed to the bot: silence
    ask = api.send_text("/ask@interview_test_bot ترامپ", READER, chat=GROUP)
    answer = api.wait_for("sendMessage", chat_id=GROUP["id"])
    assert answer["reply_parameters"]["message_id"] == ask["message_id"], "answered the unaddressed message"
    assert "ترامپ" in answer["text"]
    mention = api.send_text("@interview_test_bot برلین", READER, chat=GROUP)
    answer = api.wait_for("sendMessage", chat_id=GROUP["id"])
    assert answer["reply_parameters"]["message_id"] == mention["message_id"] and "برلین" in answer["text"]
    bot_message = api.messages[(GROUP["id"], max(k[1] for k in api.messages if k[0] == GROUP["id"]))]
    reply = api.send_text("یونیدو", READER, chat=GROUP, reply_to=bot_message)
    answer = api.wait_for("sendMessage", chat_id=GROUP["id"])
    assert answer["reply_parameters"]["message_id"] == reply["message_id"] and "یونیدو" in answer["text"]
    assert [m for m in api.calls_of("sendMessage") if m["chat_id"] == str(GROUP["id"])] == []


def test_inline_query_pages(running: tuple[FakeBotApi, subprocess.Popen[bytes]]) -> None:
    api, _ = running
    query_id = api.inline("", READER)
    first = api.wait_for("answerInlineQuery", inline_query_id=query_id)
    assert len(first["results"]) == 7 and first.get("next_offset", "") == ""
    query_id = api.inline("شهر", READER)
    found = api.wait_for("answerInlineQuery", inline_query_id=query_id)
    assert found["results"] and all(len(r["id"]) <= 64 for r in found["results"])
    assert found["results"][0]["input_message_content"]["parse_mode"] == "HTML"


def test_sigterm_stops_cleanly_and_confirms_updates(
    running: tuple[FakeBotApi, subprocess.Popen[bytes]],
) -> None:
    api, process = running
    answer_then_stop(api, process, signal.SIGTERM)
    assert sorted(set(api.delivered)) == sorted(api.delivered), "an update was delivered twice"


def answer_then_stop(api: FakeBotApi, process: subprocess.Popen[Any], stop: signal.Signals) -> None:
    """One question answered, then the signal: a clean exit that confirms the last offset."""
    api.send_text("برلین", READER)
    api.wait_for("sendMessage", chat_id=42)
    last = max(api.delivered)
    process.send_signal(stop)
    assert process.wait(timeout=30) == 0
    assert api.confirmed > last, f"the last getUpdates offset was not confirmed on {stop.name}"


def deliver(port: int, update: dict[str, Any], secret: str) -> int:
    """POST an update to a bot's webhook as Telegram does; the HTTP status it answered."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/telegram",
        data=json.dumps(update).encode(),
        headers={"content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret},
    )
    for _ in range(100):  # the server may still be starting
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"no webhook server answered on port {port}")


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_webhook_mode_answers_and_refuses_a_wrong_secret(tmp_path: Path) -> None:
    port = free_port()
    with FakeBotApi(TOKEN) as api:
        env = bot_env(
            api, tmp_path, WEBHOOK_URL="https://bot.example/telegram", WEBHOOK_PORT=str(port),
            WEBHOOK_SECRET="s3cret-value",
        )  # fmt: skip
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        try:
            hook = api.wait_for("setWebhook", timeout=60)
            assert hook["url"] == "https://bot.example/telegram" and hook["secret_token"] == "s3cret-value"
            update = {
                "update_id": 1,
                "message": {
                    "message_id": 1, "date": int(time.time()), "text": "ترامپ", "from": READER,
                    "chat": {"id": 42, "type": "private", "first_name": "Reader"},
                },
            }  # fmt: skip

            assert deliver(port, update, "wrong") == 403
            assert deliver(port, update, "s3cret-value") == 200
            answer = api.wait_for("sendMessage", chat_id=42)
            assert "ترامپ" in answer["text"]
            assert api.calls_of("sendMessage") == [], "the update with the wrong secret was processed"
        finally:
            process.send_signal(signal.SIGTERM)
            output, _ = process.communicate(timeout=30)
        assert process.returncode == 0, output
        assert TOKEN not in output


def test_a_rejected_token_is_one_line_and_exit_2(tmp_path: Path) -> None:
    with FakeBotApi("7000:AAOtherTokenTheServerKnows_0123456789") as api:
        env = bot_env(api, tmp_path, LOG_LEVEL="DEBUG")
        done = subprocess.run(
            [sys.executable, "-m", "bot.cli", "run"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1] == (
        "interview-bot: Telegram rejected TELEGRAM_BOT_TOKEN: check it with @BotFather"
    )
    assert "Traceback" not in done.stderr + done.stdout
    assert TOKEN not in done.stderr + done.stdout


def test_sighup_reloads_a_new_interview_into_the_running_bot(tmp_path: Path) -> None:
    import shutil

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(FIXTURES / "corpus" / "mirlohi.md", corpus / "mirlohi.md")
    raw = tmp_path / "raw.txt"
    raw.write_text(
        "گفت‌وگو با مریم معمار، معمار شهری\n\nپرسش: دربارهٔ دوچرخه در شهر چه فکر می‌کنید؟\n"
        "دوچرخه قلب شهر است و باید جای خود را داشته باشد.\n",
        encoding="utf-8",
    )
    with FakeBotApi(TOKEN) as api, bot_process(api, tmp_path, INTERVIEW_BOT_CORPUS=str(corpus)) as process:
        env = bot_env(api, tmp_path, INTERVIEW_BOT_CORPUS=str(corpus))
        api.wait_for("setMyCommands", timeout=60)
        api.send_text("دوچرخه", READER)
        assert "پیدا نشد" in api.wait_for("sendMessage", chat_id=42)["text"]
        # The editor's two commands: import the raw text, index; then the bot is told.
        editor = [sys.executable, "-m", "bot.cli", "import", str(raw), "-o", str(corpus / "bike.md")]
        subprocess.run([*editor, "--id", "bike"], cwd=ROOT, env=env, check=True, capture_output=True)
        subprocess.run(
            [sys.executable, "-m", "bot.cli", "index"], cwd=ROOT, env=env, check=True, capture_output=True
        )
        process.send_signal(signal.SIGHUP)
        for _ in range(50):  # the reload runs in the bot's loop: ask until it has happened
            api.send_text("دوچرخه", READER)
            answer = api.wait_for("sendMessage", chat_id=42)["text"]
            if "قلب شهر است" in answer:
                break
        assert "قلب شهر است" in answer and "مریم معمار" in answer
        assert process.poll() is None, "SIGHUP stopped the bot"


def test_sigint_stops_cleanly_too(tmp_path: Path) -> None:
    with FakeBotApi(TOKEN) as api, bot_process(api, tmp_path) as process:
        api.wait_for("setMyCommands", timeout=60)
        answer_then_stop(api, process, signal.SIGINT)
