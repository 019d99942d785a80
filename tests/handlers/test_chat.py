"""The bot in process: real Application and handlers, a recording request, no network."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from telegram import Update

from bot.library.passages import Passage
from bot.settings import BotSettings
from tests.helpers import Bot, feed, running_app
from tests.telegram_fakes import (
    BOT_ID,
    BOT_USERNAME,
    GROUP,
    TOKEN,
    callback,
    inline,
    message,
)


async def test_a_question_in_private_is_answered_with_passage_question_and_speaker(bot: Bot) -> None:
    request = await feed(bot, message("به کدام کشورها سفر کردید؟"))
    (sent,) = request.sent()
    assert sent["parse_mode"] == "HTML"
    assert "<b>کشور</b>" in sent["text"] and "<b>سفر</b>" in sent["text"]
    assert "به کدام کشورها سفر کردید؟" in sent["text"] and "محمود میرلوحی" in sent["text"]
    assert f"https://t.me/{BOT_USERNAME}?start=p_mirlohi-q2-1" in sent["text"]
    assert sent["reply_parameters"]["message_id"] > 0
    buttons = [b for row in request.markup(sent)["inline_keyboard"] for b in row]
    data = {b.get("callback_data") for b in buttons}
    assert "n:1" in data and "f:mirlohi:2" in data
    assert any(b.get("switch_inline_query") == "p_mirlohi-q2-1" for b in buttons)
    assert all(len(str(b.get("callback_data", "")).encode()) <= 64 for b in buttons)


async def test_nothing_relevant_says_so_and_offers_examples(bot: Bot) -> None:
    (sent,) = (await feed(bot, message("قیمت دلار امروز چنده؟"))).sent()
    assert "پیدا نشد" in sent["text"]
    assert [row[0]["callback_data"] for row in bot[1].markup(sent)["inline_keyboard"]] == [
        "q:mirlohi:1",
        "q:mirlohi:2",
    ]


async def test_english_users_get_english_labels(bot: Bot) -> None:
    (sent,) = (await feed(bot, message("قیمت دلار امروز چنده؟", language="en"))).sent()
    assert sent["text"].startswith("The interview does not answer that")


async def test_next_and_previous_buttons_recompute_from_the_replied_question(bot: Bot) -> None:
    question = message("وین")["message"]
    answer = {
        "message_id": 555,
        "date": 1_700_000_000,
        "chat": question["chat"],
        "from": {"id": BOT_ID, "is_bot": True, "first_name": "Interview"},
        "text": "…",
        "reply_to_message": question,
    }
    request = await feed(bot, callback("n:1", answer))
    (edit,) = request.sent("editMessageText")
    assert "mirlohi-q2-" in edit["text"]
    data = [
        b["callback_data"]
        for row in request.markup(edit)["inline_keyboard"]
        for b in row
        if "callback_data" in b
    ]
    assert "n:0" in data
    answer.pop("reply_to_message")
    request = await feed(bot, callback("n:1", answer))
    assert request.sent("answerCallbackQuery")[-1]["show_alert"] is True


async def test_full_answer_button_sends_the_whole_answer(bot: Bot) -> None:
    answer = {"message_id": 9, "date": 1_700_000_000, "chat": {"id": 42, "type": "private"}, "text": "…"}
    request = await feed(bot, callback("f:mirlohi:2", answer))
    texts = "".join(m["text"] for m in request.sent())
    assert "اتریش و آلمان" in texts and "مقامات اتریشی ملاقات" in texts
    assert all(len(m["text"]) <= 4096 for m in request.sent())


@pytest.mark.parametrize(
    "data",
    ["x", "n:abc", "f:nope:9", "q:mirlohi:99", "n:999", "🙂" * 10, "n:²", "f:mirlohi:²", "q:mirlohi:۲"],
)
async def test_forged_callback_data_is_answered_not_crashed(bot: Bot, data: str) -> None:
    answer = {"message_id": 9, "date": 1_700_000_000, "chat": {"id": 42, "type": "private"}, "text": "…"}
    request = await feed(bot, callback(data, answer))
    assert request.sent("answerCallbackQuery")
    assert not any("مشکلی پیش آمد" in m["text"] for m in request.sent())


async def test_start_welcomes_and_deep_link_opens_the_passage(bot: Bot) -> None:
    (welcome,) = (await feed(bot, message("/start"))).sent()
    assert (
        "تهران ظرفیت شهر دیپلماسی در آسیا را دارد" in welcome["text"] and "محمود میرلوحی" in welcome["text"]
    )
    bot[1].calls.clear()
    (opened,) = (await feed(bot, message("/start p_mirlohi-q1-1"))).sent()
    assert "ترامپ" in opened["text"]
    bot[1].calls.clear()
    (gone,) = (await feed(bot, message("/start p_nope-q9-9"))).sent()
    assert "در دسترس نیست" in gone["text"]


@pytest.mark.parametrize(
    ("command", "expected"), [("/help", "/questions"), ("/about", "هدی هاشمی"), ("/random", "—")]
)
async def test_commands_answer(bot: Bot, command: str, expected: str) -> None:
    (sent,) = (await feed(bot, message(command))).sent()
    assert expected in sent["text"]


async def test_questions_lists_every_question_as_a_button(bot: Bot) -> None:
    (sent,) = (await feed(bot, message("/questions"))).sent()
    assert [row[0]["callback_data"] for row in bot[1].markup(sent)["inline_keyboard"]] == [
        "q:mirlohi:1",
        "q:mirlohi:2",
    ]


async def test_groups_answer_only_ask_mentions_and_replies(bot: Bot) -> None:
    request = await feed(bot, message("به کدام کشورها سفر کردید؟", chat=GROUP))
    assert request.sent() == []
    await feed(bot, message(f"/ask@{BOT_USERNAME} ترامپ", chat=GROUP))
    await feed(bot, message(f"@{BOT_USERNAME} برلین کجاست", chat=GROUP))
    reply_to = {
        "message_id": 1,
        "date": 1,
        "chat": GROUP,
        "from": {"id": BOT_ID, "is_bot": True, "first_name": "I"},
        "text": "…",
    }
    await feed(bot, message("یونیدو", chat=GROUP, reply_to_message=reply_to))
    sent = request.sent()
    assert len(sent) == 3
    assert "ترامپ" in sent[0]["text"] and "برلین" in sent[1]["text"] and "یونیدو" in sent[2]["text"]


async def test_ask_without_a_question_explains(bot: Bot) -> None:
    (sent,) = (await feed(bot, message("/ask", chat=GROUP))).sent()
    assert "/ask" in sent["text"]


async def test_edited_messages_are_answered_again(bot: Bot) -> None:
    payload = message("ترامپ")
    payload["edited_message"] = payload.pop("message")
    payload["edited_message"]["edit_date"] = 1_700_000_100
    (sent,) = (await feed(bot, payload)).sent()
    assert "ترامپ" in sent["text"]


async def test_stickers_get_a_hint(bot: Bot) -> None:
    payload = message(
        None,
        sticker={
            "file_id": "s",
            "file_unique_id": "u",
            "width": 1,
            "height": 1,
            "is_animated": False,
            "is_video": False,
            "type": "regular",
        },
    )
    (sent,) = (await feed(bot, payload)).sent()
    assert "متن" in sent["text"]


async def test_inline_query_lists_passages_and_pages(bot: Bot) -> None:
    request = await feed(bot, inline("شهر"))
    (answer,) = request.sent("answerInlineQuery")
    results = answer["results"]
    assert results and all(len(r["id"].encode()) <= 64 for r in results)
    assert results[0]["input_message_content"]["parse_mode"] == "HTML"
    assert "t.me/" in results[0]["input_message_content"]["message_text"]
    request = await feed(bot, inline(""))
    featured = request.sent("answerInlineQuery")[-1]["results"]
    assert len(featured) == 7
    request = await feed(bot, inline("p_mirlohi-q2-1"))
    assert [r["id"] for r in request.sent("answerInlineQuery")[-1]["results"]] == ["mirlohi-q2-1"]
    request = await feed(bot, inline("شهر", offset="²"))  # a digit to str.isdigit, not to int()
    assert request.sent("answerInlineQuery")[-1]["results"]
    request = await feed(bot, inline("x" * 256, offset="zz"))
    assert request.sent("answerInlineQuery")[-1]["results"] == []


async def test_a_flooding_user_is_told_politely_once(bot: Bot) -> None:
    request = bot[1]
    for _ in range(8):
        await feed(bot, message("ترامپ"))
    texts = [m["text"] for m in request.sent()]
    assert len(texts) == 6  # five answers, one "slow down", then silence
    assert "آهسته" in texts[-1]


async def test_a_failing_update_gets_an_apology_and_the_bot_goes_on(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, request = bot
    library = app.bot_data.library

    async def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(library, "search", broken)
    await feed(bot, message("ترامپ"))
    assert "مشکلی پیش آمد" in request.sent()[-1]["text"]
    monkeypatch.undo()
    await feed(bot, message("ترامپ"))
    assert "ترامپ" in request.sent()[-1]["text"]


async def test_inline_results_page_through_a_larger_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    answers = "\n\n".join(f"## Q: پرسش {i} دربارهٔ شهر؟\nپاسخ {i} دربارهٔ شهر و مردم." for i in range(1, 31))
    (corpus / "big.md").write_text(
        f"---\nid: big\ntitle: شهر\ninterviewee: کسی\n---\n{answers}\n", encoding="utf-8"
    )
    async with running_app(tmp_path, monkeypatch, BotSettings(token=TOKEN), corpus) as (app, request):
        offsets, seen = [], []
        offset = ""
        for _ in range(6):
            await app.process_update(Update.de_json(inline("شهر", offset=offset), app.bot))
            answer = request.sent("answerInlineQuery")[-1]
            seen += [r["id"] for r in answer["results"]]
            offset = answer.get("next_offset", "")
            offsets.append(offset)
            if not offset:
                break
        assert offsets == ["10", "20", ""]  # 30 matching passages, 10 a page
        assert len(seen) == len(set(seen)) == 30


def test_inline_result_ids_fit_telegrams_limit() -> None:
    from handlers.inline import result_id

    assert result_id("mirlohi-q2-1") == "mirlohi-q2-1"
    for odd in ("پاراگراف-۱۷", "x" * 65, "a b"):
        made = result_id(odd)
        assert 1 <= len(made.encode()) <= 64 and made == result_id(odd)


async def test_a_bare_mention_in_a_group_explains_how_to_ask(bot: Bot) -> None:
    (sent,) = (await feed(bot, message(f"@{BOT_USERNAME}", chat=GROUP))).sent()
    assert "/ask" in sent["text"]


def test_keyboards_never_carry_what_telegram_would_refuse() -> None:
    from handlers.views import answer_keyboard

    odd = Passage(
        "پاراگراف ۱۷ با نام بلند", "نام-پروندهٔ-بسیار-بلند-مجموعه‌ای-بیرونی", "", 0, 1, None, "", "متن"
    )
    buttons = [b for row in answer_keyboard(odd, 0, True, "fa").inline_keyboard for b in row]
    assert all(len(str(b.callback_data).encode()) <= 64 for b in buttons if b.callback_data)
    assert any(b.switch_inline_query for b in buttons)


def _answer_message(passage_id: str) -> dict[str, Any]:
    return {
        "message_id": 77,
        "date": 1_700_000_000,
        "chat": {"id": 42, "type": "private"},
        "from": {"id": BOT_ID, "is_bot": True, "first_name": "Interview"},
        "text": "… پیوند این بخش",
        "entities": [
            {
                "type": "text_link",
                "offset": 2,
                "length": 12,
                "url": f"https://t.me/{BOT_USERNAME}?start=p_{passage_id}",
            }
        ],
    }


async def test_card_button_sends_a_picture_then_resends_it_by_file_id(bot: Bot) -> None:
    request = await feed(bot, callback("c:mirlohi-q2-1", _answer_message("mirlohi-q2-1")))
    (first,) = request.sent("sendPhoto")
    assert bytes(first["photo"]).startswith(b"\x89PNG")  # uploaded
    assert "محمود میرلوحی" in first["caption"] and "start=p_mirlohi-q2-1" in first["caption"]
    await feed(bot, callback("c:mirlohi-q2-1", _answer_message("mirlohi-q2-1")))
    second = request.sent("sendPhoto")[-1]
    assert isinstance(second["photo"], str) and second["photo"].startswith("photo-")  # Telegram's file_id


async def test_card_command_and_deep_link(bot: Bot) -> None:
    request = await feed(bot, message("/card", reply_to_message=_answer_message("mirlohi-q1-1")))
    assert "ترامپ" not in request.sent("sendPhoto")[-1]["caption"]  # the caption is the attribution
    assert "start=p_mirlohi-q1-1" in request.sent("sendPhoto")[-1]["caption"]
    await feed(bot, message("/card mirlohi-l-1"))
    assert "هدی هاشمی" in request.sent("sendPhoto")[-1]["caption"]
    await feed(bot, message("/start c_mirlohi-q2-2"))
    assert "start=p_mirlohi-q2-2" in request.sent("sendPhoto")[-1]["caption"]
    await feed(bot, message("/card"))
    assert "/card" in request.sent()[-1]["text"]
    await feed(bot, message("/card nope-q9-9"))
    assert "در دسترس نیست" in request.sent()[-1]["text"]


def test_a_library_with_no_questions_gets_no_keyboard_rather_than_an_empty_one() -> None:
    # PTB serializes InlineKeyboardMarkup([]) as {}: Telegram refuses it, and the sent message
    # could not be read back (found by the scale benchmark's empty library).
    from handlers.views import examples_keyboard

    assert examples_keyboard(()) is None
