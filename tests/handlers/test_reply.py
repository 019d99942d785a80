"""The reply, in process: one decision and one send, alternatives when unsure, the reader's
verdicts («این نبود», 👍) kept and exported, titles quoted once, /start describing the library,
and an edited question whose answer is unchanged sending nothing new."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot import cli
from bot.settings import BotSettings
from handlers import asking
from tests.handlers.conftest import ADMIN
from tests.helpers import ROOT, Bot, count_calls, feed, running_app
from tests.telegram_fakes import BOT_ID, TOKEN, callback, inline, message, private_chat

NANVA = """---
id: nanva
title: «سنگک بی‌ریگ، سنگک نیست»
interviewee: رضا نانوا
role: صاحب نانوایی در تبریز
---

## Q: قیمت نان سنگک امروز چقدر است؟

هر نان سنگک در نانوایی ما ده هزار تومان است و قیمت آرد هر ماه بالاتر می‌رود.

## Q: شاگردهایتان از کجا می‌آیند؟

بیشتر شاگردها جوان‌های محله‌اند و دو نفر هم از روستاهای اطراف تبریز آمده‌اند.
"""
BAGH = """---
id: bagh
title: «باغ نارنج» را برای خانه‌های از دست رفته ساختم
interviewee: رویا کاظم‌زاده
role: کارگردان تئاتر
---

## Q: هزینهٔ اجرای نمایش چقدر شد؟

هزینهٔ دکور و لباس نزدیک دویست میلیون تومان شد و بلیت هر شب گران‌تر از نان و آرد نبود.

## Q: چرا نمایش را در بابل اجرا کردید؟

بابل شهر مادری من است و باغ‌های نارنج آن را از کودکی می‌شناسم.
"""
UNSURE = "نان و نارنج و سفر"  # only a closest passage, with candidates from two other answers


def three_interviews(folder: Path) -> Path:
    """The bundled interview and two more, one titled wholly in «», one starting with a «» name."""
    folder.mkdir()
    (folder / "mirlohi.md").write_text((ROOT / "corpus" / "mirlohi.md").read_text(encoding="utf-8"))
    (folder / "nanva.md").write_text(NANVA, encoding="utf-8")
    (folder / "bagh.md").write_text(BAGH, encoding="utf-8")
    return folder


@pytest.fixture
async def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Bot]:
    settings = BotSettings(token=TOKEN, user_rate=50, admin_ids=frozenset({ADMIN}))
    corpus = three_interviews(tmp_path / "corpus")
    async with running_app(tmp_path, monkeypatch, settings, corpus) as started:
        yield started


def keyboard(bot: Bot, sent: dict[str, Any]) -> list[str]:
    return [
        b["callback_data"]
        for row in bot[1].markup(sent)["inline_keyboard"]
        for b in row
        if "callback_data" in b
    ]


def answer_to(question: dict[str, Any], sent: dict[str, Any], message_id: int = 555) -> dict[str, Any]:
    """The bot's answer message as a button press carries it: replying to the question."""
    return {
        "message_id": message_id,
        "date": 1_700_000_000,
        "chat": question["chat"],
        "from": {"id": BOT_ID, "is_bot": True, "first_name": "Interview"},
        "text": sent["text"],
        "reply_to_message": question,
    }


async def test_a_private_question_calls_the_core_once_and_renders_once(
    library: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, request = library
    core = count_calls(monkeypatch, app.bot_data.library, "respond")
    rendered: list[Any] = []
    real = asking.render_reply

    def counted(*args: Any) -> Any:
        rendered.append(args)
        return real(*args)

    monkeypatch.setattr(asking, "render_reply", counted)
    await feed(library, message("قیمت نان سنگک چقدر است؟"))
    assert len(core) == 1 and len(rendered) == 1
    (sent,) = request.sent()
    assert "ده هزار تومان" in sent["text"]


async def test_a_low_confidence_answer_shows_alternatives_and_each_opens_its_passage(library: Bot) -> None:
    app, request = library
    question = message(UNSURE)
    (sent,) = (await feed(library, question)).sent()
    assert (
        sent["text"].startswith("پاسخ دقیقی پیدا نکردم") and "شاید منظورتان یکی از این‌ها بود" in sent["text"]
    )
    opens = [data for data in keyboard(library, sent) if data.startswith("a:")]
    assert len(opens) == 2
    first = next(d for d in keyboard(library, sent) if d.startswith("x:"))[2:]
    for data in opens:
        request.calls.clear()
        await feed(library, callback(data, answer_to(question["message"], sent)))
        (edit,) = request.sent("editMessageText")
        assert f"start=p_{data[2:]}" in edit["text"]  # the alternative, in the answer's place
        assert f"a:{first}" in keyboard(library, edit)  # and the first is now an alternative to it
    assert app.bot_data.stats is not None
    kept = await app.bot_data.stats.judgments()
    assert [(q, p, s) for _, _, q, p, s in kept] == [(UNSURE, d[2:], 1) for d in opens]


async def test_a_sure_answer_stays_as_it_was_with_the_verdict_buttons_under_it(library: Bot) -> None:
    (sent,) = (await feed(library, message("وین"))).sent()
    data = keyboard(library, sent)
    assert not [d for d in data if d.startswith("a:")] and "شاید منظورتان" not in sent["text"]
    assert "x:mirlohi-q2-1" in data and "y:mirlohi-q2-1" in data and "n:1" in data


async def test_not_this_edits_to_the_next_candidate_stores_a_judgment_and_the_export_writes_it(
    library: Bot, tmp_path: Path
) -> None:
    app, request = library
    question = message("نان و نارنج")
    (sent,) = (await feed(library, question)).sent()
    refused = next(d for d in keyboard(library, sent) if d.startswith("x:"))[2:]
    request.calls.clear()
    await feed(library, callback(f"x:{refused}", answer_to(question["message"], sent)))
    (edit,) = request.sent("editMessageText")
    assert f"start=p_{refused}" not in edit["text"] and "start=p_" in edit["text"]
    settled = next(d for d in keyboard(library, edit) if d.startswith("y:"))[2:]
    await feed(library, callback(f"y:{settled}", answer_to(question["message"], edit)))
    assert request.sent("answerCallbackQuery")[-1]["text"].startswith("ممنون")
    stats = app.bot_data.stats
    assert stats is not None
    kept = [(q, p, s) for _, _, q, p, s in await stats.judgments()]
    assert kept == [("نان و نارنج", refused, 0), ("نان و نارنج", settled, 1)]

    out = tmp_path / "judged.tsv"
    assert await asyncio.to_thread(cli.main, ["judgments", "export", "-o", str(out)]) == 0
    header, *rows = out.read_text(encoding="utf-8").splitlines()
    assert header == "id\tclass\tquestion\texpected\tquestion-phrase"
    (row,) = rows  # the refusal on the way to the one settled on is not a row of its own
    ident, kind, asked, expected, heading = row.split("\t")
    passage = await app.bot_data.library.passage(settled)
    assert passage is not None and passage.question is not None
    assert ident.startswith("judged-") and kind == "judged" and asked == "نان و نارنج"
    assert expected and expected in passage.text and heading and heading in passage.question

    request.calls.clear()
    await feed(library, message("/stats", chat=private_chat(ADMIN)), user_id=ADMIN)
    (report,) = request.sent()
    assert "«این نبود»" in report["text"] and "1× نان و نارنج" in report["text"]


async def test_start_on_a_three_interview_library_names_all_three(library: Bot) -> None:
    (welcome,) = (await feed(library, message("/start"))).sent()
    for who in ("محمود میرلوحی", "رضا نانوا", "رویا کاظم‌زاده"):
        assert who in welcome["text"]
    assert "۳ گفت‌وگو" in welcome["text"]
    assert "«ادامه»" in welcome["text"] and "«کامل»" in welcome["text"]
    examples = {d.split(":")[1] for d in keyboard(library, welcome)}
    assert examples == {"mirlohi", "nanva", "bagh"}  # an example question from each
    library[1].calls.clear()
    (helped,) = (await feed(library, message("/help"))).sent()
    assert "رضا نانوا" in helped["text"] and "فینگلیش" in helped["text"]


async def test_titles_already_in_quotes_are_shown_once_everywhere(library: Bot) -> None:
    request = library[1]
    await feed(library, message("قیمت نان سنگک چقدر است؟"))
    await feed(library, message("/start"))
    await feed(library, message("/about"))
    await feed(library, message("/start i_nanva"))
    await feed(library, message("/start p_bagh-q1-1"))
    await feed(library, message("کامل"))
    await feed(library, message("/start c_nanva-q1-1"))
    await feed(library, inline("سنگک"))
    texts = [m["text"] for m in request.sent()]
    texts += [m["caption"] for m in request.sent("sendPhoto")]
    texts += [str(m["results"]) for m in request.sent("answerInlineQuery")]
    assert len(texts) == 8, " ".join(n for n, _ in request.calls)
    joined = "\n".join(texts)
    assert "«سنگک بی‌ریگ، سنگک نیست»" in joined and "««" not in joined and "»»" not in joined
    assert "«باغ نارنج» را برای خانه‌های از دست رفته ساختم" in joined


async def test_an_edited_question_whose_answer_is_unchanged_sends_nothing_new(library: Bot) -> None:
    request = library[1]
    first = message("ترامپ")
    await feed(library, first)
    edited = {**first["message"], "text": "ترامپ؟", "edit_date": 1_700_000_100}
    request.refusals["editMessageText"] = (
        "Bad Request: message is not modified: specified new message content and reply markup are"
        " exactly the same as a content and reply markup of the current message"
    )
    await feed(library, {"update_id": 99_001, "edited_message": edited})
    assert len(request.sent()) == 1 and len(request.sent("editMessageText")) == 1
    request.refusals["editMessageText"] = "Bad Request: message to edit not found"  # deleted meanwhile
    await feed(library, {"update_id": 99_002, "edited_message": {**edited, "text": "ترامپ!؟"}})
    assert len(request.sent()) == 2  # answered anew


async def test_a_verdict_on_an_answer_whose_question_is_gone_or_has_no_next_says_so(
    library: Bot,
) -> None:
    app, request = library
    question = message("ترامپ زرافه")
    (sent,) = (await feed(library, question)).sent()
    (refuse,) = [d for d in keyboard(library, sent) if d.startswith("x:")]
    orphan = {**answer_to(question["message"], sent)}
    orphan.pop("reply_to_message")
    await feed(library, callback(refuse, orphan))
    assert request.sent("answerCallbackQuery")[-1]["show_alert"] is True
    await feed(library, callback(refuse, answer_to(question["message"], sent)))  # the only candidate
    assert request.sent("answerCallbackQuery")[-1]["text"] == "پاسخ دیگری نیست."
    assert not request.sent("editMessageText")
    assert app.bot_data.stats is not None
    kept = await app.bot_data.stats.judgments()
    assert [(q, s) for _, _, q, _, s in kept] == [
        ("ترامپ زرافه", 0)
    ]  # the refusal, from the press that had its question


def test_the_question_path_imports_no_private_helper_of_another_handler_module() -> None:
    import ast

    for name in ("chat", "asking", "compose", "views", "payloads", "callbacks", "replies"):
        tree = ast.parse((ROOT / "handlers" / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("handlers."):
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"handlers/{name}.py imports {private} from {node.module}"
