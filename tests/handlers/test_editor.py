"""Editors in Telegram, in process: an admin sends a file, sees the preview, publishes it (the
library answers from it at once) or discards it; anyone else is told no; a bad or oversized file
gets one line; the file comes from the Bot API server the bot talks to."""

from __future__ import annotations

import asyncio
import re
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.editing import Drafts, drafts_folder
from bot.settings import BotSettings, load_settings
from handlers.editor import BOT_DOWNLOAD_LIMIT, safe_name, too_big
from handlers.state import App
from tests.helpers import FIXTURES, feed, running_app
from tests.telegram_fakes import TOKEN, RecordingRequest, callback, message

ADMIN = 4242
READER = 42
RAW = (
    "گفت‌وگو با مریم معمار، معمار شهری\n\n"
    "پرسش: دربارهٔ دوچرخه در شهر چه فکر می‌کنید و چرا مسیرهای ویژه لازم است؟\n"
    "دوچرخه قلب شهر است و باید جای خود را داشته باشد.\n"
)
Bot = tuple[App, RecordingRequest, Path]


async def start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **settings: Any) -> AsyncIterator[Bot]:
    corpus = tmp_path / "corpus"
    if not corpus.exists():
        shutil.copytree(FIXTURES / "corpus", corpus)
    bot_settings = BotSettings(token=TOKEN, admin_ids=frozenset({ADMIN}), **settings)
    async with running_app(tmp_path, monkeypatch, bot_settings, corpus) as (app, request):
        yield app, request, corpus


@pytest.fixture
async def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Bot]:
    async for bot in start(tmp_path, monkeypatch):
        yield bot


async def send_file(
    bot: Bot, data: bytes, name: str, user_id: int = ADMIN, **document: Any
) -> dict[str, Any]:
    """The user sends a file; the bot's last message back."""
    _, request, _ = bot
    sent = request.upload(data, name)
    sent.update(document)
    await feed(bot, message(None, document=sent), user_id=user_id)
    return request.sent()[-1]


def pressed(request: RecordingRequest, answer: dict[str, Any], label: str) -> dict[str, Any]:
    """The update of a press on the button ``label`` under the bot's message ``answer``."""
    (row,) = request.markup(answer)["inline_keyboard"]
    data = next(b["callback_data"] for b in row if b["text"] == label)
    under = {"message_id": 100, "date": 1, "chat": {"id": READER, "type": "private"}, "text": answer["text"],
             "reply_markup": request.markup(answer)}  # fmt: skip
    return callback(data, under)


async def test_an_admin_previews_publishes_and_readers_are_answered_from_it(editor: Bot) -> None:
    app, request, corpus = editor
    await feed(editor, message("دوچرخه در شهر"))
    assert "قلب شهر" not in request.sent()[-1]["text"]
    preview = await send_file(editor, RAW.encode(), "bike.txt")
    text = preview["text"]
    assert "bike.txt" in text and "مریم معمار" in text and "1 پرسش" in text
    assert "دربارهٔ دوچرخه در شهر چه فکر …" in text  # the question's first words
    form = re.search(r"«bike\.txt» \(([^)]*)\)", text)  # the form the importer read it as
    assert form is not None and form.group(1) not in ("", "?")
    labels = [b["text"] for b in request.markup(preview)["inline_keyboard"][0]]
    assert labels == ["انتشار", "کنار گذاشتن"]
    # The file came from Telegram's own file server, as getFile's path lays it out.
    assert request.downloads == [f"https://api.telegram.org/file/bot{TOKEN}/documents/file_0.txt"]
    assert list(drafts_folder(app.bot_data.settings).glob("*.json"))  # kept on disk, not only in memory
    assert not (corpus / "bike.md").exists()

    await feed(editor, pressed(request, preview, "انتشار"), user_id=ADMIN)
    assert "منتشر شد" in request.sent()[-1]["text"]
    assert (corpus / "bike.md").is_file()
    assert request.sent("editMessageReplyMarkup"), "the preview kept its buttons"
    assert not list(drafts_folder(app.bot_data.settings).glob("*.json"))
    # A reader's question is answered from the new interview, with no restart.
    await feed(editor, message("دوچرخه در شهر"))
    answer = request.sent()[-1]["text"]
    assert "start=p_bike-q1-1" in answer and "مریم معمار" in answer
    # A second press finds the draft gone, and publishes nothing twice.
    await feed(editor, pressed(request, preview, "انتشار"), user_id=ADMIN)
    assert "دیگر نیست" in request.sent()[-1]["text"]


async def test_discard_leaves_the_library_as_it_was(editor: Bot) -> None:
    app, request, corpus = editor
    before = sorted(p.name for p in corpus.iterdir())
    preview = await send_file(editor, RAW.encode(), "bike.txt")
    await feed(editor, pressed(request, preview, "کنار گذاشتن"), user_id=ADMIN)
    assert "کنار گذاشته شد" in request.sent()[-1]["text"]
    assert sorted(p.name for p in corpus.iterdir()) == before
    assert not list(drafts_folder(app.bot_data.settings).glob("*.json"))
    await feed(editor, pressed(request, preview, "انتشار"), user_id=ADMIN)
    assert "دیگر نیست" in request.sent()[-1]["text"]
    await feed(editor, message("دوچرخه در شهر"))
    assert "قلب شهر" not in request.sent()[-1]["text"]


async def test_anyone_else_gets_one_line_and_nothing_is_downloaded(editor: Bot) -> None:
    _, request, corpus = editor
    refusal = await send_file(editor, RAW.encode(), "bike.txt", user_id=READER)
    assert refusal["text"] == "فقط ویراستاران ربات می‌توانند گفت‌وگو بیفزایند؛ پرسشتان را بنویسید."
    assert not request.sent("getFile") and not request.downloads
    # Nor can anyone else press an admin's buttons.
    preview = await send_file(editor, RAW.encode(), "bike.txt")
    await feed(editor, pressed(request, preview, "انتشار"), user_id=READER)
    (answered,) = request.sent("answerCallbackQuery")[-1:]
    assert "ویراستاران" in answered["text"] and not (corpus / "bike.md").exists()


async def test_a_file_with_no_questions_gets_the_importers_one_line(editor: Bot) -> None:
    _, request, _ = editor
    refusal = await send_file(editor, "فقط یک یادداشت کوتاه بی پرسش.\n".encode(), "note.txt")
    assert refusal["text"].startswith("این پرونده وارد نشد: note.txt: no questions found")
    assert "\n" not in refusal["text"] and "Traceback" not in refusal["text"]
    assert request.markup(refusal) == {}
    binary = await send_file(editor, b"\x00\x01\x02" * 100, "scan.txt")
    assert binary["text"].startswith("این پرونده وارد نشد: scan.txt:") and "\n" not in binary["text"]


async def test_an_oversized_file_is_refused_before_it_is_downloaded(editor: Bot) -> None:
    _, request, _ = editor
    refusal = await send_file(editor, RAW.encode(), "huge.pdf", file_size=25_000_000)
    assert (
        refusal["text"]
        == "این پرونده 25,000,000 بایت است و بیشترین اندازه 20,000,000 بایت ([import] max_bytes)."
    )
    assert not request.sent("getFile") and not request.downloads


def test_telegrams_download_limit_counts_only_on_its_own_server() -> None:
    over = BOT_DOWNLOAD_LIMIT + 1
    assert too_big(over, 2_000_000_000, official=True, lang="en") is not None
    assert too_big(over, 2_000_000_000, official=False, lang="en") is None  # a local server has none
    assert too_big(None, 10, official=True, lang="en") is None  # unknown: the importer checks
    assert safe_name("../../etc/passwd") == "passwd" and safe_name(None) == "upload"


async def test_a_self_hosted_server_serves_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    async for bot in start(tmp_path, monkeypatch, api_url="http://127.0.0.1:8081/bot"):
        _, request, _ = bot
        preview = await send_file(bot, RAW.encode(), "bike.txt")
        assert "مریم معمار" in preview["text"]
        assert request.downloads == [f"http://127.0.0.1:8081/file/bot{TOKEN}/documents/file_0.txt"]


async def test_a_local_server_gives_a_path_on_this_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async for bot in start(tmp_path, monkeypatch, api_url="http://127.0.0.1:8081/bot"):
        _, request, _ = bot
        request.local = tmp_path / "telegram-bot-api"
        preview = await send_file(bot, RAW.encode(), "bike.txt")
        assert "مریم معمار" in preview["text"]
        assert request.downloads == []  # copied from the server's folder, as PTB does
        assert (request.local / "documents" / "file_0.txt").is_file()  # the server's copy is left alone


async def test_a_draft_outlives_a_restart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    async for bot in start(tmp_path, monkeypatch):
        preview = await send_file(bot, RAW.encode(), "bike.txt")
        first_request = bot[1]
    async for bot in start(tmp_path, monkeypatch):
        _, request, corpus = bot
        await feed(bot, pressed(first_request, preview, "انتشار"), user_id=ADMIN)
        assert "منتشر شد" in request.sent()[-1]["text"] and (corpus / "bike.md").is_file()


async def test_an_id_taken_meanwhile_is_not_overwritten(editor: Bot) -> None:
    app, request, corpus = editor
    preview = await send_file(editor, RAW.encode(), "bike.txt")
    other = "---\nid: bike\ntitle: t\ninterviewee: x\n---\n## Q: a?\nb\n"
    (corpus / "bike.md").write_text(other, encoding="utf-8")  # an editor's command line was quicker
    await feed(editor, pressed(request, preview, "انتشار"), user_id=ADMIN)
    assert "منتشر نشد" in request.sent()[-1]["text"]
    assert (corpus / "bike.md").read_text(encoding="utf-8") == other
    assert len(list(Drafts(drafts_folder(app.bot_data.settings)).folder.glob("*.json"))) == 1  # kept


async def test_with_a_database_the_draft_is_published_there_for_every_replica(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    from bot.shared.database import Database
    from bot.shared.library import current

    monkeypatch.setenv("DATABASE_URL", database_url)
    async for bot in start(tmp_path, monkeypatch):
        app, request, corpus = bot
        preview = await send_file(bot, RAW.encode(), "bike.txt")
        await feed(bot, pressed(request, preview, "انتشار"), user_id=ADMIN)
        assert "منتشر شد (نسخهٔ" in request.sent()[-1]["text"]
        db = await Database.connect(database_url)
        try:  # the first publication carries the corpus the replicas served until now
            assert sorted(i for i, _ in await current(db)) == ["bike", "mirlohi"]
        finally:
            await db.close()
        assert not (corpus / "bike.md").exists()  # the database holds the library now
        # This replica hears the publication as every replica does, and swaps its index.
        for _ in range(400):
            if "bike" in {i.id for i in await app.bot_data.library.interviews()}:
                break
            await asyncio.sleep(0.05)
        await feed(bot, message("دربارهٔ دوچرخه در شهر چه فکر می‌کنید؟"))
        assert "start=p_bike-q1-1" in request.sent()[-1]["text"]
        await feed(bot, message("به کدام کشورها سفر کردید؟"))
        assert "p_mirlohi-q2-1" in request.sent()[-1]["text"]


@pytest.mark.parametrize(
    ("api_url", "file_url"),
    [
        (None, None),
        ("http://127.0.0.1:8081/bot", "http://127.0.0.1:8081/file/bot"),
        ("https://tg.example.org/bot/", "https://tg.example.org/file/bot"),
        ("http://10.0.0.5:8081", "http://10.0.0.5:8081/file/bot"),
    ],
)
def test_the_file_server_is_the_api_servers_own(api_url: str | None, file_url: str | None) -> None:
    from handlers.app import build_application

    settings = BotSettings(token=TOKEN, api_url=api_url)
    assert settings.file_url == file_url
    app = build_application(load_settings(), settings, RecordingRequest(), RecordingRequest())
    expected = file_url or "https://api.telegram.org/file/bot"
    assert app.bot.base_file_url == f"{expected}{TOKEN}"


async def test_a_database_away_keeps_the_draft_and_publishes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import handlers.replica

    async def away(settings: object, tries: int = 1) -> None:
        return None  # as after the start's tries: the replica serves its local corpus meanwhile

    monkeypatch.setattr(handlers.replica, "connect", away)
    monkeypatch.setenv("DATABASE_URL", "postgresql://bot:secret@127.0.0.1:9/interviews")
    async for bot in start(tmp_path, monkeypatch):
        app, request, corpus = bot
        preview = await send_file(bot, RAW.encode(), "bike.txt")
        await feed(bot, pressed(request, preview, "انتشار"), user_id=ADMIN)
        assert "در دسترس نیست" in request.sent()[-1]["text"]
        assert len(list(drafts_folder(app.bot_data.settings).glob("*.json"))) == 1
        assert not (corpus / "bike.md").exists() and not request.sent("editMessageReplyMarkup")


async def test_a_word_file_with_a_persian_name_arrives_whole(editor: Bot, tmp_path: Path) -> None:
    from docx import Document

    document = Document()
    document.add_heading("«بازی ایرانی را به دنیا فروختیم»", level=1)
    document.add_paragraph("گفت‌وگو با آرش پاکزاد، بنیان‌گذار استودیو هفت‌خوان")
    document.add_paragraph().add_run("استودیو چطور شکل گرفت؟").bold = True
    document.add_paragraph("سال ۱۳۹۵ بود.")
    path = tmp_path / "word.docx"
    document.save(str(path))
    mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    preview = await send_file(editor, path.read_bytes(), "گفت‌وگو با پاکزاد.docx", mime_type=mime)
    assert "آرش پاکزاد" in preview["text"] and "1 پرسش" in preview["text"]
    assert "«گفت‌وگو با پاکزاد.docx»" in preview["text"]
    assert "شناسه: gftvgv-ba-pakzad" in preview["text"]  # ids are ascii: links and buttons carry them
