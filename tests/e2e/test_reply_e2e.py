"""The reply over HTTP, the bot as it runs against the fake Bot API: alternatives that open in
place, «این نبود» editing to the next candidate and kept for the export, titles quoted once,
/start naming the whole library, and an edited question whose answer is unchanged."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_e2e import READER, TOKEN, bot_env, bot_process, buttons
from tests.fake_bot_api import FakeBotApi
from tests.handlers.test_reply import UNSURE, three_interviews
from tests.helpers import ROOT

Running = tuple[FakeBotApi, Path]


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    tmp = tmp_path_factory.mktemp("reply")
    corpus = three_interviews(tmp / "corpus")
    with FakeBotApi(TOKEN) as api, bot_process(api, tmp, INTERVIEW_BOT_CORPUS=str(corpus)):
        api.wait_for("setMyCommands", timeout=60)
        yield api, tmp


def data(message: dict[str, Any], prefix: str) -> list[str]:
    return [b["callback_data"] for b in buttons(message) if b.get("callback_data", "").startswith(prefix)]


def answer_of(api: FakeBotApi, question: dict[str, Any]) -> dict[str, Any]:
    """The bot's answer to a question, as the fake server keeps it (its buttons with it)."""
    api.wait_for("sendMessage", chat_id=READER["id"])
    chat = READER["id"]
    return next(
        m for (c, _), m in sorted(api.messages.items(), reverse=True)
        if c == chat and m.get("reply_to_message", {}).get("message_id") == question["message_id"]
    )  # fmt: skip


def test_a_low_confidence_answer_shows_alternatives_and_each_opens_its_passage(running: Running) -> None:
    api, _ = running
    question = api.send_text(UNSURE, READER)
    answer = answer_of(api, question)
    assert "شاید منظورتان یکی از این‌ها بود" in answer["text"]
    opens = data(answer, "a:")
    assert len(opens) == 2
    for pressed in opens:
        api.press(answer, pressed, READER)
        edited = api.wait_for("editMessageText", chat_id=READER["id"])
        assert (
            int(edited["message_id"]) == answer["message_id"] and f"start=p_{pressed[2:]}" in edited["text"]
        )
        api.wait_for("answerCallbackQuery")


def test_not_this_edits_to_the_next_candidate_and_the_export_writes_the_judgment(running: Running) -> None:
    api, tmp = running
    question = api.send_text("نان و نارنج", READER)
    answer = answer_of(api, question)
    (refuse,) = data(answer, "x:")
    api.press(answer, refuse, READER)
    edited = api.wait_for("editMessageText", chat_id=READER["id"])
    assert f"start=p_{refuse[2:]}" not in edited["text"] and "start=p_" in edited["text"]
    env = bot_env(api, tmp)
    out = tmp / "judged.tsv"
    deadline = time.monotonic() + 60
    while True:  # the bot writes its stats within a second or so: wait for the row, not a time
        done = subprocess.run(
            [sys.executable, "-m", "bot.cli", "judgments", "export", "-o", str(out)],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        rows = [r for r in out.read_text(encoding="utf-8").splitlines()[1:] if "\tنان و نارنج\t" in r]
        if rows or time.monotonic() > deadline:
            break
    (row,) = rows
    _, kind, asked, expected, _ = row.split("\t")
    assert kind == "refused" and asked == "نان و نارنج" and expected


def test_start_names_all_three_and_titles_show_their_quotes_once(running: Running) -> None:
    api, _ = running
    api.send_text("/start", READER)
    welcome = api.wait_for("sendMessage", chat_id=READER["id"])
    for who in ("محمود میرلوحی", "رضا نانوا", "رویا کاظم‌زاده"):
        assert who in welcome["text"]
    texts = [welcome["text"]]
    for command in ("/about", "/start i_nanva", "قیمت نان سنگک چقدر است؟"):
        api.send_text(command, READER)
        texts.append(api.wait_for("sendMessage", chat_id=READER["id"])["text"])
    api.send_text("/start c_nanva-q1-1", READER)
    texts.append(api.wait_for("sendPhoto", chat_id=READER["id"], timeout=30)["caption"])
    joined = "\n".join(texts)
    assert "«سنگک بی‌ریگ، سنگک نیست»" in joined and "««" not in joined and "»»" not in joined


def test_an_edited_question_whose_answer_is_unchanged_sends_nothing_new(running: Running) -> None:
    api, _ = running
    question = api.send_text("ترامپ", READER)
    answer_of(api, question)
    api.edit_text(question, "ترامپ؟")
    deadline = time.monotonic() + 15
    while ("editMessageText", 400) not in api.refused:  # "message is not modified"
        assert time.monotonic() < deadline, "the answer was not edited"
        with api.changed:
            api.changed.wait(0.1)
    api.send_text("/help", READER)  # a message after it: once its reply is here, the edit is done
    helped = api.wait_for("sendMessage", chat_id=READER["id"])
    assert "/questions" in helped["text"]
    assert not api.calls_of("sendMessage"), "the unchanged answer was sent again"
