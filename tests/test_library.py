"""The library: many interviews, choosing one, reloading while running, what readers ask."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application

from bot.settings import BotSettings
from bot.stats import DAY, Stats

from .conftest import ROOT, count_calls, running_app
from .telegram_fakes import BOT_ID, BOT_USERNAME, TOKEN, RecordingRequest, callback, message

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

Bot = tuple[Application[Any, Any, Any, Any, Any, Any], RecordingRequest, Path]


@pytest.fixture
async def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Bot]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "corpus" / "mirlohi.md", corpus / "mirlohi.md")
    settings = BotSettings(token=TOKEN, admin_ids=frozenset({ADMIN}))
    async with running_app(tmp_path, monkeypatch, settings, corpus) as (app, request):
        yield app, request, corpus


async def feed(bot: Bot, payload: dict[str, Any], user_id: int | None = None) -> RecordingRequest:
    app, request, _ = bot
    if user_id is not None:
        for kind in ("message", "callback_query"):
            if kind in payload:
                payload[kind]["from"]["id"] = user_id
    await app.process_update(Update.de_json(payload, app.bot))
    return request


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


async def test_stats_keep_a_salted_hash_never_the_user_id(tmp_path: Path) -> None:
    stats = await Stats.open(tmp_path / "s.sqlite", retention_days=90)
    await stats.record(123456789, "mirlohi", True, "ترامپ")
    await stats.record(123456789, None, False, "قیمت دلار")
    await stats.flush()
    rows = list(await stats.db.execute_fetchall("SELECT * FROM questions"))
    assert all("123456789" not in str(row) for row in rows)
    assert rows[0][4] is None and rows[1][4] == "قیمت دلار"  # only unanswered questions are kept
    other = await Stats.open(tmp_path / "t.sqlite")
    assert other.asker(123456789) != stats.asker(123456789)  # each stats file has its own salt
    await other.close()
    await stats.close()


async def count_rows(path: Path) -> int:
    import aiosqlite

    async with aiosqlite.connect(path) as db:
        return int(next(iter(await db.execute_fetchall("SELECT count(*) FROM questions")))[0])


async def test_stats_are_written_in_batches_a_moment_later_and_on_close(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    stats = await Stats.open(path, retention_days=90)
    stats.flush_after = 0.2
    for i in range(3):
        await stats.record(i, "mirlohi", True, "ترامپ")
    assert await count_rows(path) == 0  # nothing written on the answer's path
    await asyncio.sleep(0.5)
    assert await count_rows(path) == 3  # the timer wrote them in one batch
    await stats.record(7, None, False, "قیمت دلار")
    assert (await stats.report()).total == 4  # a report sees what is still pending
    await stats.record(8, None, False, "قیمت طلا")
    await stats.close()  # closing writes the rest
    assert await count_rows(path) == 5


async def test_a_full_batch_is_written_at_once_without_holding_up_the_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.stats import FLUSH_ROWS

    path = tmp_path / "s.sqlite"
    stats = await Stats.open(path, retention_days=90)
    stats.flush_after = 60
    for i in range(FLUSH_ROWS - 1):
        await stats.record(i, "mirlohi", True, "ترامپ")
    await asyncio.sleep(0.2)
    assert await count_rows(path) == 0  # the timer waits
    writes = count_calls(monkeypatch, stats.db, "executemany")
    await stats.record(FLUSH_ROWS, "mirlohi", True, "ترامپ")
    assert writes == []  # recording never waits for the write
    for _ in range(50):
        await asyncio.sleep(0.02)
        if await count_rows(path) == FLUSH_ROWS:
            break
    assert await count_rows(path) == FLUSH_ROWS and len(writes) == 1
    await stats.close()


async def test_closing_during_a_timed_write_and_purge_loses_nothing(tmp_path: Path) -> None:
    """Closing cancels the timer, but its write (shielded) goes on: close must wait for it, and the
    purge it starts, before the database closes; rows recorded meanwhile are written too."""
    path = tmp_path / "s.sqlite"
    stats = await Stats.open(path, retention_days=90)
    stats.flush_after = 0
    stats._since_purge = 999  # the timer's write starts a purge
    real = stats.db.execute
    deleting, release = asyncio.Event(), asyncio.Event()

    async def slow_first_delete(sql: str, *args: Any) -> Any:
        if sql.startswith("DELETE") and not deleting.is_set():
            deleting.set()
            await release.wait()
        return await real(sql, *args)

    stats.db.execute = slow_first_delete  # type: ignore[method-assign]
    for i in range(3):
        await stats.record(i, "mirlohi", True, "ترامپ")
    await asyncio.wait_for(deleting.wait(), 5)  # the timer's purge is under way
    await stats.record(9, None, False, "قیمت دلار")
    closing = asyncio.create_task(stats.close())
    await asyncio.sleep(0.2)
    assert not closing.done()  # closing waits for the purge under way
    release.set()
    await asyncio.wait_for(closing, 5)
    assert await count_rows(path) == 4


async def test_rows_the_database_refuses_stay_pending_until_it_accepts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    path = tmp_path / "s.sqlite"
    stats = await Stats.open(path, retention_days=90)
    await stats.record(1, None, False, "یک")
    await stats.record(2, None, False, "دو")
    real = stats.db.executemany

    async def locked(*args: Any, **kwargs: Any) -> Any:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(stats.db, "executemany", locked)
    with pytest.raises(sqlite3.OperationalError):
        await stats.flush()
    await stats.record(3, None, False, "سه")
    monkeypatch.setattr(stats.db, "executemany", real)
    await stats.flush()
    report = await stats.report(days=1)
    assert report.total == 3 and {q for q, _ in report.top_unanswered} == {"یک", "دو", "سه"}
    await stats.close()


async def test_old_rows_are_deleted_after_the_retention_period(tmp_path: Path) -> None:
    stats = await Stats.open(tmp_path / "s.sqlite", retention_days=90)
    import time

    now = time.time()
    await stats.record(1, None, False, "old", now=now - 91 * DAY)
    await stats.record(1, None, False, "new", now=now - 1 * DAY)
    assert await stats.purge(now=now) == 1
    report = await stats.report(days=365, now=now)
    assert [q for q, _ in report.top_unanswered] == ["new"]
    await stats.close()


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


async def test_two_processes_sharing_a_stats_file_agree_and_add_up(tmp_path: Path) -> None:
    first, second = await asyncio.gather(Stats.open(tmp_path / "s.sqlite"), Stats.open(tmp_path / "s.sqlite"))
    assert first.asker(99) == second.asker(99)
    await first.record(1, "mirlohi", True, "ترامپ")
    await second.record(2, None, False, "قیمت دلار")
    await second.flush()  # what another replica recorded shows once written: within a second
    report = await first.report()
    assert (report.total, report.unanswered, report.askers) == (2, 1, 2)
    await first.close()
    await second.close()


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
