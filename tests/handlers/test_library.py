"""The library: many interviews, choosing one, reloading while running, what readers ask."""

from __future__ import annotations

import asyncio
import gc
import shutil
import weakref
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.settings import BotSettings
from handlers.state import App
from tests.helpers import FIXTURES, feed, running_app
from tests.telegram_fakes import BOT_ID, BOT_USERNAME, TOKEN, RecordingRequest, callback, message

ADMIN = 4242
OTHER = """---
id: architect
title: شهر را باید از نو ساخت
interviewee: مریم معمار
role: معمار شهری
---
## Q: دربارهٔ دوچرخه در شهر چه فکر می‌کنید؟
دوچرخه قلب شهر است و باید جای خود را داشته باشد.
"""

Bot = tuple[App, RecordingRequest, Path]


@pytest.fixture
async def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Bot]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(FIXTURES / "corpus" / "mirlohi.md", corpus / "mirlohi.md")
    settings = BotSettings(token=TOKEN, admin_ids=frozenset({ADMIN}))
    async with running_app(tmp_path, monkeypatch, settings, corpus) as (app, request):
        yield app, request, corpus


async def test_reload_picks_up_a_new_interview_without_a_restart(library: Bot) -> None:
    _, request, corpus = library
    await feed(library, message("دوچرخه"))
    assert "پیدا نشد" in request.sent()[-1]["text"]
    (corpus / "architect.md").write_text(OTHER, encoding="utf-8")
    await feed(library, message("/reload"), user_id=ADMIN)
    assert "۲" in request.sent()[-1]["text"] or "2" in request.sent()[-1]["text"]
    await feed(library, message("دوچرخه"))
    answer = request.sent()[-1]["text"]
    assert "قلب شهر است" in answer and "مریم معمار" in answer


async def test_a_broken_file_leaves_the_old_index_serving(library: Bot) -> None:
    _, request, corpus = library
    (corpus / "broken.md").write_text(
        "---\nid: broken\ntitle: t\ninterviewee: i\n---\n## Q: q\n", encoding="utf-8"
    )
    await feed(library, message("/reload"), user_id=ADMIN)
    assert "broken.md:6:" in request.sent()[-1]["text"]
    await feed(library, message("ترامپ"))
    assert "ترامپ" in request.sent()[-1]["text"]


async def test_admin_commands_do_nothing_for_others(library: Bot) -> None:
    _, request, corpus = library
    (corpus / "architect.md").write_text(OTHER, encoding="utf-8")
    for command in ("/reload", "/stats"):
        await feed(library, message(command), user_id=7)
    assert request.sent() == []  # no reply, no hint
    await feed(library, message("دوچرخه"), user_id=7)
    assert "پیدا نشد" in request.sent()[-1]["text"]  # and the reload did not happen


async def test_stats_count_questions_and_list_the_unanswered(library: Bot) -> None:
    _, request, _ = library
    for text in ("ترامپ", "قیمت دلار", "قیمت دلار", "برلین"):
        await feed(library, message(text), user_id=11)
    await feed(library, message("/stats"), user_id=ADMIN)
    report = request.sent()[-1]["text"]
    assert "4" in report and "2× قیمت دلار" in report and "50%" in report


async def test_interviews_are_listed_and_a_reply_searches_one_only(library: Bot) -> None:
    _, request, corpus = library
    (corpus / "architect.md").write_text(OTHER, encoding="utf-8")
    await feed(library, message("/reload"), user_id=ADMIN)
    await feed(library, message("/interviews"))
    buttons = [row[0]["callback_data"] for row in request.markup(request.sent()[-1])["inline_keyboard"]]
    assert buttons == ["i:architect", "i:mirlohi"]
    choice = {"message_id": 5, "date": 1, "chat": {"id": 42, "type": "private"}, "text": "…"}
    await feed(library, callback("i:architect", choice))
    chosen = request.sent()[-1]
    assert "start=i_architect" in chosen["text"]
    # «شهر» is in both interviews; in reply to the choice, only the architect's answers count.
    reply_to = {
        "message_id": 6, "date": 1, "chat": {"id": 42, "type": "private"},
        "from": {"id": BOT_ID, "is_bot": True, "first_name": "I"}, "text": "…",
        "entities": [{"type": "text_link", "offset": 0, "length": 1,
                      "url": f"https://t.me/{BOT_USERNAME}?start=i_architect"}],
    }  # fmt: skip
    await feed(library, message("شهر", reply_to_message=reply_to))
    assert "مریم معمار" in request.sent()[-1]["text"]
    await feed(library, message("/start i_mirlohi"))
    assert "start=i_mirlohi" in request.sent()[-1]["text"]


async def test_searches_keep_answering_while_the_index_is_swapped(library: Bot) -> None:
    app, _, corpus = library
    library = app.bot_data.library
    from handlers.admin import reload_index

    async def ask_many() -> list[str]:
        found = []
        for _ in range(60):
            hits = await library.search("ترامپ")
            found.append(hits[0].passage.id)
            await asyncio.sleep(0)
        return found

    async def reload_many() -> None:
        for i in range(6):
            (corpus / "architect.md").write_text(OTHER.replace("قلب", f"قلب{i}"), encoding="utf-8")
            assert await reload_index(app) is None

    results = await asyncio.gather(ask_many(), ask_many(), ask_many(), reload_many())
    assert all(pid == "mirlohi-q1-1" for found in results[:3] for pid in found)


async def test_a_question_asked_before_a_reload_is_parsed_again_against_the_new_index(
    library: Bot,
) -> None:
    app, _, corpus = library
    library = app.bot_data.library
    from handlers.admin import reload_index

    # «ترامب» is unknown to the bundled interview: read as a typo of «ترامپ».
    assert [h.passage.id for h in await library.search("ترامب")] == ["mirlohi-q1-1"]
    (corpus / "architect.md").write_text(OTHER.replace("دوچرخه قلب", "ترامب دوچرخه قلب"), encoding="utf-8")
    assert await reload_index(app) is None
    # Now a word of the library, so no longer a typo: the plan made for the old index is gone.
    assert [h.passage.interview for h in await library.search("ترامب")] == ["architect"]
    # The interview list (and each interviewee's role, for cards) is the new index's too.
    architect = await library.interview("architect")
    assert architect is not None and architect.role == "معمار شهری"
    assert await library.interview("gone") is None


TWO_ANSWERS = (
    OTHER
    + """
## Q: شهر آینده چه شکلی دارد؟
شهر آینده شهر پیاده‌ها و دوچرخه‌هاست.
"""
)


def choice_link(interview: str) -> dict[str, Any]:
    """The bot's message choosing an interview, as a reply's ``reply_to_message``."""
    return {
        "message_id": 6, "date": 1, "chat": {"id": 42, "type": "private"},
        "from": {"id": BOT_ID, "is_bot": True, "first_name": "I"}, "text": "…",
        "entities": [{"type": "text_link", "offset": 0, "length": 1,
                      "url": f"https://t.me/{BOT_USERNAME}?start=i_{interview}"}],
    }  # fmt: skip


async def test_next_stays_in_the_interview_the_first_answer_was_limited_to(library: Bot) -> None:
    _, request, corpus = library
    (corpus / "architect.md").write_text(TWO_ANSWERS, encoding="utf-8")
    await feed(library, message("/reload"), user_id=ADMIN)
    # «شهر» is in both interviews, and in many more passages of the bundled one.
    question = message("شهر", reply_to_message=choice_link("architect"))
    await feed(library, question)
    first = request.sent()[-1]
    assert "مریم معمار" in first["text"]
    moves = [b["callback_data"] for row in request.markup(first)["inline_keyboard"] for b in row
             if b.get("callback_data", "").startswith("n:")]  # fmt: skip
    assert moves == ["n:1:architect"]
    answer = {
        "message_id": 900, "date": 1, "chat": {"id": 42, "type": "private"},
        "from": {"id": BOT_ID, "is_bot": True, "first_name": "I"}, "text": "…",
        "reply_to_message": question["message"],
    }  # fmt: skip
    await feed(library, callback("n:1:architect", answer))
    (edit,) = request.sent("editMessageText")
    assert "مریم معمار" in edit["text"] and "میرلوحی" not in edit["text"]
    assert "architect-q" in edit["text"]
    # The first answer's passage is not shown again as the "next" one.
    assert edit["text"].split("start=p_")[1][:14] != first["text"].split("start=p_")[1][:14]


async def test_a_reload_forgets_the_cards_of_the_old_text(library: Bot) -> None:
    _, request, corpus = library
    (corpus / "architect.md").write_text(OTHER, encoding="utf-8")
    await feed(library, message("/reload"), user_id=ADMIN)
    under = {"message_id": 7, "date": 1, "chat": {"id": 42, "type": "private"}, "text": "…"}
    await feed(library, callback("c:architect-q1-1", under))
    await feed(library, callback("c:architect-q1-1", under))
    uploads = [p["photo"] for p in request.sent("sendPhoto")]
    assert isinstance(uploads[0], bytes) and uploads[1] == "photo-" + uploads[1].split("-")[1]
    # The editor corrects the text and reloads: the old picture shows the old words.
    (corpus / "architect.md").write_text(OTHER.replace("قلب شهر", "جان شهر"), encoding="utf-8")
    await feed(library, message("/reload"), user_id=ADMIN)
    await feed(library, callback("c:architect-q1-1", under))
    assert isinstance(request.sent("sendPhoto")[-1]["photo"], bytes)  # drawn and uploaded again


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the collector frees it


async def test_start_up_freezes_the_heap_and_a_reload_collects_what_the_old_library_left(
    library: Bot,
) -> None:
    assert gc.get_freeze_count() > 0  # start-up's long-lived objects are out of the collector's way
    node = _Node()
    gone = weakref.ref(node)
    gc.freeze()  # frozen while alive, as the old library's objects are
    del node
    gc.collect()
    assert gone() is not None  # a frozen cycle outlives an ordinary collection
    _, _, corpus = library
    (corpus / "architect.md").write_text(OTHER, encoding="utf-8")
    await feed(library, message("/reload"), user_id=ADMIN)
    assert gone() is None and gc.get_freeze_count() > 0
