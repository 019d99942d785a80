"""Hostile input through the whole bot: random text, odd entities, forged buttons and links."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram import Update
from telegram.ext import Application

from bot.settings import BotSettings, load_settings
from tests.fake_bot_api import parse_error
from tests.helpers import running_app
from tests.telegram_fakes import TOKEN, RecordingRequest

App = tuple[Application[Any, Any, Any, Any, Any, Any], RecordingRequest]
ids = itertools.count(10_000)

TEXT = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.sampled_from("\u202e\u202d\u200b\u200c\u200d\u2066\u2069<>&\"'/@"), max_size=40),
    st.builds(lambda s, n: s * n, st.sampled_from(["وین ", "a", "🙂", "<b>"]), st.integers(1, 1500)),
)


@pytest.fixture
async def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[App]:
    async with running_app(tmp_path, monkeypatch, BotSettings(token=TOKEN, user_rate=1000)) as started:
        yield started


def message(
    text: str, entities: list[dict[str, Any]] | None = None, chat_type: str = "private"
) -> dict[str, Any]:
    chat = {"id": 5 if chat_type == "private" else -5, "type": chat_type}
    body: dict[str, Any] = {
        "message_id": next(ids), "date": 1_700_000_000, "chat": chat,
        "from": {"id": 5, "is_bot": False, "first_name": "x"}, "text": text,
    }  # fmt: skip
    if entities is not None:
        body["entities"] = entities
    return {"update_id": next(ids), "message": body}


async def check(app: App, payload: dict[str, Any]) -> None:
    application, request = app
    request.calls.clear()
    await application.process_update(Update.de_json(payload, application.bot))
    for _, params in request.calls:
        assert "مشکلی پیش آمد" not in str(params.get("text", "")), f"an update crashed a handler: {payload}"
        if params.get("parse_mode") == "HTML" and "text" in params:
            assert parse_error(params["text"]) is None, params["text"][:200]


SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(text=TEXT, chat_type=st.sampled_from(["private", "group", "supergroup"]))
async def test_any_text_gets_a_sensible_reply_or_silence(app: App, text: str, chat_type: str) -> None:
    await check(app, message(text, chat_type=chat_type))


@SETTINGS
@given(
    text=st.text(min_size=1, max_size=50),
    offset=st.integers(-5, 60),
    length=st.integers(-5, 60),
    kind=st.sampled_from(["bot_command", "mention", "bold", "text_link", "url", "nonsense"]),
)
async def test_odd_entities_do_not_crash(app: App, text: str, offset: int, length: int, kind: str) -> None:
    entity: dict[str, Any] = {"type": kind, "offset": offset, "length": length}
    if kind == "text_link":
        entity["url"] = "https://t.me/x?start=p_mirlohi-q1-1"
    await check(app, message(text, [entity]))


@SETTINGS
@given(
    data=st.one_of(
        st.text(max_size=64), st.sampled_from(["n:", "n:-1", "f::", "f:mirlohi:", "q:x:1", "c:", "i:"])
    )
)
async def test_forged_callback_data_never_crashes(app: App, data: str) -> None:
    answer = {"message_id": 9, "date": 1, "chat": {"id": 5, "type": "private"}, "text": "…"}
    payload = {
        "update_id": next(ids),
        "callback_query": {"id": str(next(ids)), "from": {"id": 5, "is_bot": False, "first_name": "x"},
                           "chat_instance": "c", "data": data, "message": answer},
    }  # fmt: skip
    await check(app, payload)


@SETTINGS
@given(payload=st.one_of(st.text(max_size=80), st.from_regex(r"[pci]_[A-Za-z0-9_-]{0,70}", fullmatch=True)))
async def test_forged_deep_links_never_crash(app: App, payload: str) -> None:
    await check(app, message(f"/start {payload}", [{"type": "bot_command", "offset": 0, "length": 6}]))


@SETTINGS
@given(query=st.text(max_size=256), offset=st.one_of(st.text(max_size=10), st.integers(-5, 500).map(str)))
async def test_inline_queries_of_any_text_and_offset(app: App, query: str, offset: str) -> None:
    payload = {
        "update_id": next(ids),
        "inline_query": {"id": str(next(ids)), "from": {"id": 5, "is_bot": False, "first_name": "x"},
                         "query": query, "offset": offset},
    }  # fmt: skip
    await check(app, payload)
    answers = [p for name, p in app[1].calls if name == "answerInlineQuery"]
    assert len(answers) == 1 and len(answers[0]["results"]) <= 50
    assert len(str(answers[0].get("next_offset", "")).encode()) <= 64


async def test_unknown_update_types_are_ignored(app: App) -> None:
    await check(app, {"update_id": next(ids), "update_from_a_future_bot_api": {"anything": [1, 2]}})
    await check(app, {"update_id": next(ids), "message_reaction_count": {"chat": {"id": 5, "type": "private"},
                      "message_id": 1, "date": 1, "reactions": []}})  # fmt: skip
    assert app[1].calls == []


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
async def test_a_damaged_index_is_rebuilt_from_the_corpus_at_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    from bot.analysis.analyzer import build_analyzer
    from bot.library.corpus import corpus_files
    from bot.search.build import build_from_files

    index = tmp_path / "index.sqlite"
    monkeypatch.setenv("INTERVIEW_BOT_INDEX", str(index))
    monkeypatch.setenv("INTERVIEW_BOT_STATS", str(tmp_path / "stats.sqlite"))
    settings_ = load_settings()
    await build_from_files(
        corpus_files(settings_.corpus_dir), index, build_analyzer(settings_.stopwords_path), settings_
    )
    whole = index.read_bytes()
    index.write_bytes(
        {"garbage": b"\x13" * 4096, "truncated": whole[: len(whole) // 3], "empty": b""}[damage]
    )
    async with running_app(tmp_path, monkeypatch, BotSettings(token=TOKEN)) as started:
        await check(started, message("ترامپ"))
        assert "ترامپ" in started[1].sent()[-1]["text"]


@SETTINGS
@given(
    drop=st.lists(st.sampled_from(["from", "text", "date", "chat.type", "chat.first_name"]), unique=True),
    kind=st.sampled_from(["message", "edited_message", "channel_post"]),
)
async def test_updates_missing_optional_fields(app: App, drop: list[str], kind: str) -> None:
    body = message("ترامپ")["message"]
    body["chat"]["first_name"] = "x"
    for field in drop:
        if field.startswith("chat.") and field != "chat.type":
            body["chat"].pop(field.split(".")[1], None)
        elif field in ("from", "text"):
            body.pop(field, None)
    if kind == "channel_post":
        body["chat"] = {"id": -100777, "type": "channel", "title": "c"}
        body.pop("from", None)
    if kind == "edited_message":
        body["edit_date"] = 1_700_000_001
    await check(app, {"update_id": next(ids), kind: body})
