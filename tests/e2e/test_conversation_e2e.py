"""The conversation over HTTP: the bot process against the fake Bot API, in private chats and in a
group — small talk, questions about the interview, quick answers, follow-ups, English readers."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.test_e2e import TOKEN, bot_process
from tests.fake_bot_api import FakeBotApi

_ids = itertools.count(900)


def reader(language: str = "fa") -> dict[str, Any]:
    return {"id": next(_ids), "is_bot": False, "first_name": "Reader", "language_code": language}


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FakeBotApi]:
    tmp = tmp_path_factory.mktemp("conversation")
    with FakeBotApi(TOKEN) as api, bot_process(api, tmp):
        api.wait_for("setMyCommands", timeout=60)
        yield api


def test_small_talk_in_private_never_gets_the_no_answer_message(api: FakeBotApi) -> None:
    someone = reader()
    for text, opening in (("سلام", "سلام!"), ("مرسی 🙏", "خواهش می‌کنم"), ("تو کی هستی؟", "من رباتی")):
        api.send_text(text, someone)
        sent = api.wait_for("sendMessage", chat_id=someone["id"])
        assert sent["text"].startswith(opening) and "پیدا نشد" not in sent["text"]
        assert "q:mirlohi:1" in str(sent["reply_markup"])


def test_a_quick_answer_then_follow_ups_in_private(api: FakeBotApi) -> None:
    someone = reader()
    api.send_text("چند روز در وین اقامت داشتید؟", someone)
    answer = api.wait_for("sendMessage", chat_id=someone["id"])
    text = answer["text"]
    assert "💬" in text and "<blockquote expandable>" in text and "start=p_mirlohi-q2-1" in text
    plain = text[text.index("💬") :].replace("<b>", "").replace("</b>", "")
    assert plain.index("در وین هم چهار روز ماندیم") < 400  # the answering phrase leads
    api.send_text("ادامه", someone)
    assert "start=p_mirlohi-q2-2" in api.wait_for("sendMessage", chat_id=someone["id"])["text"]
    api.send_text("قبلی", someone)
    assert "start=p_mirlohi-q2-1" in api.wait_for("sendMessage", chat_id=someone["id"])["text"]


def test_follow_ups_and_questions_about_the_interview_in_a_group(api: FakeBotApi) -> None:
    someone = reader()
    group = {"id": -(10**12) - next(_ids), "type": "supergroup", "title": "Readers"}
    api.send_text("@interview_test_bot به کدام کشورها سفر کردید؟", someone, chat=group)
    first = api.wait_for("sendMessage", chat_id=group["id"])
    assert "start=p_mirlohi-q2-1" in first["text"]
    bot_message = api.messages[(group["id"], max(k[1] for k in api.messages if k[0] == group["id"]))]
    api.send_text("بیشتر بگو", someone, chat=group, reply_to=bot_message)
    assert "start=p_mirlohi-q2-2" in api.wait_for("sendMessage", chat_id=group["id"])["text"]
    api.send_text("@interview_test_bot ادامه", someone, chat=group)  # the chat's last answer
    assert "start=p_mirlohi-q2-3" in api.wait_for("sendMessage", chat_id=group["id"])["text"]
    api.send_text("@interview_test_bot مصاحبه با کیه؟", someone, chat=group)
    assert "محمود میرلوحی" in api.wait_for("sendMessage", chat_id=group["id"])["text"]
    api.send_text("سلام", someone, chat=group)  # not addressed to the bot: silence
    api.send_text("@interview_test_bot سلام", someone, chat=group)
    assert api.wait_for("sendMessage", chat_id=group["id"])["text"].startswith("سلام!")


def test_an_english_reader_hears_the_interview_is_persian(api: FakeBotApi) -> None:
    someone = reader("en")
    api.send_text("What did Trump say about the Swedish girl?", someone)
    sent = api.wait_for("sendMessage", chat_id=someone["id"])
    assert sent["text"].startswith("The interviews are in Persian") and "Trump → ترامپ" in sent["text"]
    api.send_text("hello", someone)
    assert api.wait_for("sendMessage", chat_id=someone["id"])["text"].startswith("Hello!")
