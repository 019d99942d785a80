"""The Bot API as it really is, over HTTP: the bot process against a fake server that answers with
Telegram's own errors, has forum topics, anonymous admins, captions, edits and busy groups.

One bot process serves every test here (each plays other users and chats); at the end its whole
log, at DEBUG, must hold no traceback: every one of these errors is an ordinary day's.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_e2e import TOKEN, bot_process, buttons
from tests.fake_bot_api import FakeBotApi
from tests.waiting import wait_until

ANONYMOUS_ADMIN = {"id": 1087968824, "is_bot": True, "first_name": "Group", "username": "GroupAnonymousBot"}
QUESTION = "به کدام کشورها سفر کردید؟"
RATE = 5  # questions a user may ask a minute, for these tests
_ids = itertools.count(500)


def reader(language: str = "fa") -> dict[str, Any]:
    """A new reader for each test: quotas and chats never carry over."""
    return {"id": next(_ids), "is_bot": False, "first_name": "Reader", "language_code": language}


def group(forum: bool = False) -> dict[str, Any]:
    chat: dict[str, Any] = {"id": -(10**12) - next(_ids), "type": "supergroup", "title": "Readers"}
    if forum:
        chat["is_forum"] = True
    return chat


Bot = tuple[FakeBotApi, Path]


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bot]:
    tmp = tmp_path_factory.mktemp("reality")
    with FakeBotApi(TOKEN) as api:
        log = tmp / "bot.log"
        with bot_process(api, tmp, log=log, LOG_LEVEL="DEBUG", USER_RATE_PER_MINUTE=str(RATE)):
            api.wait_for("setMyCommands", timeout=60)
            yield api, log
        output = log.read_text()
        assert "Traceback" not in output, output[output.index("Traceback") - 2000 :][:6000]


def sent_to(api: FakeBotApi, chat_id: int, method: str = "sendMessage") -> list[dict[str, Any]]:
    return [p for p in api.calls_of(method) if str(p.get("chat_id")) == str(chat_id)]


def attempts(api: FakeBotApi, method: str, status: int) -> int:
    return sum(1 for _, name, code in api.log if name == method and code == status)


def handled(log: Path) -> int:
    """Updates the bot has finished with: at DEBUG each has its line (handlers/metrics.py), the
    ones it answered at INFO, the others at DEBUG."""
    return sum(1 for line in log.read_text().splitlines() if " interview_bot: update " in line)


def settle(bot: Bot) -> None:
    """Wait until the bot has finished with every update pushed so far, whatever it did with them
    (for asserting that it did nothing more, or for a reader who acts after the answer)."""
    api, log = bot
    wait_until(lambda: not api.updates and handled(log) >= len(set(api.delivered)), 30, "the bot being done")


# 1 -------------------------------------------------------------------------------------------


def test_a_reader_who_blocked_the_bot_gets_no_apology(bot: Bot) -> None:
    api, log = bot
    someone = reader()
    api.block(someone["id"])
    before = attempts(api, "sendMessage", 403)
    api.send_text(QUESTION, someone)
    wait_until(lambda: attempts(api, "sendMessage", 403) > before, 15, "the refusal")
    settle(bot)
    assert attempts(api, "sendMessage", 403) == before + 1  # the answer, and no apology after it
    assert "blocked the bot" in log.read_text()


# 2, 3 ----------------------------------------------------------------------------------------


def asked(api: FakeBotApi, who: dict[str, Any], text: str = QUESTION, **how: Any) -> dict[str, Any]:
    """Ask, and return the bot's answer as the chat now holds it."""
    question = api.send_text(text, who, **how)
    chat = (how.get("chat") or {"id": who["id"]})["id"]
    params = api.wait_for("sendMessage", chat_id=chat)
    answer = next(
        m for (c, _), m in sorted(api.messages.items(), key=lambda kv: kv[0][1], reverse=True)
        if c == chat and m["from"]["id"] == api.bot["id"] and m.get("text") == params["text"]
    )  # fmt: skip
    assert question
    return answer


def test_a_double_tapped_button_edits_once_and_says_nothing_more(bot: Bot) -> None:
    api, log = bot
    someone = reader()
    answer = asked(api, someone)
    nxt = next(b["callback_data"] for b in buttons(answer) if b.get("callback_data", "").startswith("n:"))
    api.press(answer, nxt, someone)
    api.wait_for("editMessageText", chat_id=someone["id"])
    before = attempts(api, "editMessageText", 400)
    api.press(api.messages[(someone["id"], answer["message_id"])], nxt, someone)
    wait_until(lambda: attempts(api, "editMessageText", 400) > before, 15, "the refusal")
    settle(bot)
    assert attempts(api, "editMessageText", 400) == before + 1  # "message is not modified"
    assert sent_to(api, someone["id"]) == []  # no apology
    assert "a button tapped twice" in log.read_text()


def test_a_press_too_old_to_answer_is_still_carried_out(bot: Bot) -> None:
    api, _ = bot
    someone = reader()
    answer = asked(api, someone)
    nxt = next(b["callback_data"] for b in buttons(answer) if b.get("callback_data", "").startswith("n:"))
    api.press(answer, nxt, someone, age=60)  # a restart's backlog: Telegram no longer takes the answer
    edit = api.wait_for("editMessageText", chat_id=someone["id"])
    assert "mirlohi-q" in edit["text"]
    settle(bot)
    assert sent_to(api, someone["id"]) == []  # and no apology


# 4 -------------------------------------------------------------------------------------------


def test_a_question_deleted_before_its_answer_is_answered_without_the_quote(bot: Bot) -> None:
    api, _ = bot
    someone = reader()
    api.send_text(QUESTION, someone, deleted=True)
    params = api.wait_for("sendMessage", chat_id=someone["id"])
    assert params["reply_parameters"]["allow_sending_without_reply"] is True
    assert "mirlohi-q2-1" in params["text"]


# 5 -------------------------------------------------------------------------------------------


def test_only_questions_count_against_a_readers_quota(bot: Bot) -> None:
    api, _ = bot
    chat, member = group(), reader()
    for i in range(RATE * 3):  # chatter the bot reads (privacy off), none of it for the bot
        api.send_text(f"سلام به همه {i}", member, chat=chat)
    api.send_text("/ask ترامپ", member, chat=chat)
    answer = api.wait_for("sendMessage", chat_id=chat["id"])
    assert "ترامپ" in answer["text"]  # answered, not "slow down"


def test_anonymous_admins_of_different_groups_have_a_quota_each(bot: Bot) -> None:
    api, _ = bot
    chats = [group() for _ in range(RATE + 2)]
    for chat in chats:
        api.send_text("/ask ترامپ", ANONYMOUS_ADMIN, chat=chat, sender_chat=chat)
    for chat in chats:
        assert "ترامپ" in api.wait_for("sendMessage", chat_id=chat["id"])["text"]


# 6 -------------------------------------------------------------------------------------------


def test_get_updates_asks_only_for_what_the_bot_handles(bot: Bot) -> None:
    api, _ = bot
    asked_for = api.allowed_updates[-1]
    assert sorted(asked_for) == ["callback_query", "edited_message", "inline_query", "message"]


# 7 -------------------------------------------------------------------------------------------


def test_everything_the_bot_sends_for_a_topic_goes_to_that_topic(bot: Bot) -> None:
    api, _ = bot
    forum, member = group(forum=True), reader()
    topic = api.create_topic(forum, api.bot)  # a topic the bot made
    api.send_text(f"/ask {QUESTION}", member, chat=forum, topic=topic)
    answer = api.wait_for("sendMessage", chat_id=forum["id"])
    assert int(answer["message_thread_id"]) == topic
    stored = api.messages[(forum["id"], max(k[1] for k in api.messages if k[0] == forum["id"]))]
    for data in ("f:mirlohi:2", "q:mirlohi:1", "c:mirlohi-q2-1"):
        api.press(stored, data, member)
    api.wait_for("sendPhoto", chat_id=forum["id"], message_thread_id=topic)
    settle(bot)
    sent = sent_to(api, forum["id"])
    assert len(sent) >= 2 and all(int(p["message_thread_id"]) == topic for p in sent)
    # In the bot's own topic a message replies to the bot's first message: not a question.
    api.send_text("چه روز خوبی", member, chat=forum, topic=topic)
    settle(bot)
    assert len(sent_to(api, forum["id"])) == len(sent)


# 8 -------------------------------------------------------------------------------------------


def test_a_flooded_group_gets_one_message_and_the_private_readers_their_answers(bot: Bot) -> None:
    api, _ = bot
    busy, private = group(), [reader() for _ in range(3)]
    for i in range(60):
        api.send_text(f"/ask ترامپ {i}", reader(), chat=busy)
    for someone in private:
        api.send_text(QUESTION, someone)
    for someone in private:
        assert "mirlohi-q2-1" in api.wait_for("sendMessage", timeout=20, chat_id=someone["id"])["text"]
    wait_until(lambda: any("خصوصی" in p["text"] for p in sent_to(api, busy["id"])), 30, "«ask me in private»")
    to_group = sent_to(api, busy["id"])
    assert sum("خصوصی" in p["text"] for p in to_group) == 1  # «ask me in private», once
    assert len(to_group) < 30  # not sixty answers trickling out at 20 a minute


def test_a_429_in_one_chat_does_not_pause_another(bot: Bot) -> None:
    api, _ = bot
    slow, fast = reader(), reader()
    api.fail("sendMessage", 429, retry_after=4, chat_id=slow["id"])
    api.send_text(QUESTION, slow)
    wait_until(lambda: any(m == "sendMessage" and s == 429 for _, m, s in api.log), 10, "the 429")
    api.send_text(QUESTION, fast)
    api.wait_for("sendMessage", chat_id=fast["id"])
    api.wait_for("sendMessage", timeout=20, chat_id=slow["id"])
    delivered = [chat for _, chat in api.sends if chat in (slow["id"], fast["id"])]
    assert delivered == [fast["id"], slow["id"]]  # the other reader was answered while this chat waited


# 9 -------------------------------------------------------------------------------------------


def test_a_caption_is_a_question_and_a_service_message_is_nothing(bot: Bot) -> None:
    api, _ = bot
    someone, chat, member = reader(), group(), reader()
    api.send_text(QUESTION, someone, caption=True)
    assert "mirlohi-q2-1" in api.wait_for("sendMessage", chat_id=someone["id"])["text"]
    api.send_text(f"@{api.bot['username']} {QUESTION}", member, chat=chat, caption=True)
    assert "mirlohi-q2-1" in api.wait_for("sendMessage", chat_id=chat["id"])["text"]
    other = reader()
    api.service(
        other, pinned_message={"message_id": 1, "date": 1, "chat": {"id": other["id"], "type": "private"}}
    )
    api.service(other, message_auto_delete_timer_changed={"message_auto_delete_time": 86400})
    settle(bot)
    assert sent_to(api, other["id"]) == []


# 10 ------------------------------------------------------------------------------------------


def test_a_mention_is_the_bots_name_whole(bot: Bot) -> None:
    api, _ = bot
    chat, member = group(), reader()
    name = api.bot["username"]
    api.send_text(f"@{name}_v2 {QUESTION}", member, chat=chat)
    api.send_text(f"x@{name}.com {QUESTION}", member, chat=chat)
    settle(bot)
    assert sent_to(api, chat["id"]) == []
    api.send_text(f"@{name.upper()} {QUESTION}", member, chat=chat)
    assert "mirlohi-q2-1" in api.wait_for("sendMessage", chat_id=chat["id"])["text"]


# 11 ------------------------------------------------------------------------------------------


def test_inline_results_are_personal(bot: Bot) -> None:
    api, _ = bot
    query = api.inline("ترامپ", reader("en"))
    answer = api.wait_for("answerInlineQuery", inline_query_id=query)
    assert answer["is_personal"] in (True, "true")


# 12 ------------------------------------------------------------------------------------------


def test_an_edited_question_edits_its_answer_and_only_when_its_words_changed(bot: Bot) -> None:
    api, _ = bot
    someone = reader()
    question = api.send_text("ترامپ", someone)
    api.wait_for("sendMessage", chat_id=someone["id"])
    settle(bot)  # a reader edits seconds later, not within the answer's round trip
    api.edit_text(question, "ترامپ")  # the same words (Telegram also sends edits of entities)
    settle(bot)
    assert sent_to(api, someone["id"]) == [] and sent_to(api, someone["id"], "editMessageText") == []
    api.edit_text(question, QUESTION)
    edit = api.wait_for("editMessageText", chat_id=someone["id"])
    assert "mirlohi-q2-1" in edit["text"]
    settle(bot)
    assert sent_to(api, someone["id"]) == []  # no second answer


def test_a_question_in_a_closed_topic_is_one_line_and_no_apology(bot: Bot) -> None:
    api, log = bot
    forum, member = group(forum=True), reader()
    topic = api.create_topic(forum, member)
    api.close_topic(forum["id"], topic)
    before = attempts(api, "sendMessage", 400)
    api.send_text(f"/ask {QUESTION}", member, chat=forum, topic=topic)
    wait_until(lambda: attempts(api, "sendMessage", 400) > before, 15, "the refusal")
    settle(bot)
    assert attempts(api, "sendMessage", 400) == before + 1  # the answer refused; no apology after it
    assert "topic is closed" in log.read_text()


def test_an_edited_question_whose_answer_was_deleted_gets_a_new_answer(bot: Bot) -> None:
    api, _ = bot
    someone = reader()
    question = api.send_text("ترامپ", someone)
    api.wait_for("sendMessage", chat_id=someone["id"])
    settle(bot)
    answer = max(k[1] for k in api.messages if k[0] == someone["id"])
    api.delete(someone["id"], answer)  # the reader deleted the bot's answer
    api.edit_text(question, QUESTION)
    again = api.wait_for("sendMessage", chat_id=someone["id"])  # «message to edit not found»: answered anew
    assert "mirlohi-q2-1" in again["text"]
