"""Editors in Telegram: an admin sends the bot a file in a private chat, sees what the importer
read (a preview) and publishes it into the library, or discards it.

The file is downloaded from the Bot API server the bot talks to (``TELEGRAM_API_URL``'s own
``…/file/bot<token>/<file_path>``; a local server's absolute path is copied, as PTB does), after
its size is checked against the importer's limit and Telegram's 20 MB for bots. The draft is kept
on disk (``bot.editing.Drafts``): its buttons work after a restart. Publishing writes the
interview into the corpus folder and swaps the index as ``/reload`` does; with a shared database
it is published there instead, and every replica takes it in.
"""

from __future__ import annotations

import asyncio
import logging
import re
import tempfile
from pathlib import Path

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError

from bot.editing import Drafts, UploadRefused, corpus_ids, drafts_folder, import_upload
from bot.library.corpus import add_interview, corpus_files
from bot.library.interview import InterviewFileError, parse_interview, read_text
from bot.present import messages
from bot.present.editing import preview_html
from bot.present.messages import Language
from handlers.admin import is_admin, reload_index
from handlers.callbacks import DiscardDraft, PublishDraft
from handlers.errors import quietly
from handlers.replies import answer_query, reply
from handlers.state import Context

log = logging.getLogger("interview_bot")

BOT_DOWNLOAD_LIMIT = 20 * 1024 * 1024  # what a bot may download from Telegram's own server
OFFICIAL_FILES = "https://api.telegram.org/file/"
LIMIT_SETTING = "[import] max_bytes"


def _lang(update: Update, context: Context) -> Language:
    user = update.effective_user
    return context.bot_data.lang(user.language_code if user else None)


def safe_name(name: str | None) -> str:
    """The sent file's name, fit to be a file here: its last part, no control characters."""
    base = re.sub(r"[\x00-\x1f/\\]", "_", Path(name or "").name).strip(" .")
    return base[-100:] or "upload"


def too_big(size: int | None, max_bytes: int, official: bool, lang: Language) -> str | None:
    """The one line for a file over the importer's limit or over what a bot may download."""
    if size is None:
        return None  # Telegram did not say: the importer checks the file itself
    if size > max_bytes:
        return messages.html(
            lang, "upload_too_big", size=f"{size:,}", limit=f"{max_bytes:,}", where=LIMIT_SETTING
        )
    if official and size > BOT_DOWNLOAD_LIMIT:
        where = messages.text(lang, "download_limit")
        return messages.html(
            lang, "upload_too_big", size=f"{size:,}", limit=f"{BOT_DOWNLOAD_LIMIT:,}", where=where
        )
    return None


def draft_keyboard(key: str, lang: Language) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    messages.text(lang, "publish"), callback_data=PublishDraft(key).encode()
                ),
                InlineKeyboardButton(
                    messages.text(lang, "discard"), callback_data=DiscardDraft(key).encode()
                ),
            ]
        ]
    )


async def on_document(update: Update, context: Context) -> None:
    """A file in a private chat: an admin's is imported and previewed; anyone else is told, in
    one line, that only editors add interviews."""
    message = update.effective_message
    user = update.effective_user
    if message is None or message.document is None or user is None:
        return
    lang = _lang(update, context)
    if not is_admin(update, context):
        await reply(update, messages.html(lang, "editor_only"))
        return
    state = context.bot_data
    document = message.document
    name = safe_name(document.file_name)
    limits = state.settings.imports
    official = context.bot.base_file_url.startswith(OFFICIAL_FILES)
    refusal = too_big(document.file_size, limits.max_bytes, official, lang)
    if refusal is not None:
        await reply(update, refusal, quote=True)
        return
    drafts = Drafts(drafts_folder(state.settings))
    drafts.folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".upload-", dir=drafts.folder) as folder:
        path = Path(folder) / name
        try:
            telegram_file = await document.get_file()
            await telegram_file.download_to_drive(path)
        except (TelegramError, OSError) as exc:
            what = exc.message if isinstance(exc, TelegramError) else (exc.strerror or str(exc))
            log.warning("could not download an editor's file: %s", what)
            await reply(update, messages.html(lang, "upload_unreachable", error=what), quote=True)
            return
        taken = corpus_ids(state.settings.corpus_dir) | {i.id for i in await state.library.interviews()}
        try:
            draft = await asyncio.to_thread(import_upload, path, name, limits, taken)
        except UploadRefused as exc:
            await reply(update, messages.html(lang, "upload_refused", error=str(exc)), quote=True)
            return
    key = drafts.keep(draft, user.id)
    log.info("an editor's draft %s (%s, %d questions) waits", key, draft.id, len(draft.questions))
    await reply(update, preview_html(draft, lang), draft_keyboard(key, lang), quote=True)


async def _pressed[Kind: (PublishDraft, DiscardDraft)](
    update: Update, context: Context, kind: type[Kind]
) -> tuple[Kind, Message | None, Language] | None:
    """The button an editor pressed, parsed once, with its message and the editor's language;
    None (and a one-line alert) for anyone who is not an admin."""
    query = update.callback_query
    assert query is not None and isinstance(query.data, str)  # the handlers' patterns say so
    choice = kind.parse(query.data)
    assert choice is not None  # its pattern matched
    lang = _lang(update, context)
    if not is_admin(update, context):
        await answer_query(update, messages.text(lang, "editor_only"), alert=True)
        return None
    await answer_query(update)
    return choice, query.message if isinstance(query.message, Message) else None, lang


async def _buttons_off(message: Message | None) -> None:
    if message is not None and message.reply_markup is not None:
        await quietly(message.edit_reply_markup(None), "editMessageReplyMarkup")


async def on_publish(update: Update, context: Context) -> None:
    pressed = await _pressed(update, context, PublishDraft)
    if pressed is None:
        return
    choice, message, lang = pressed
    state = context.bot_data
    drafts = Drafts(drafts_folder(state.settings))
    async with state.publishing:  # one publication at a time: a double tap finds the draft gone
        kept = drafts.get(choice.key)
        if kept is None:
            await reply(update, messages.html(lang, "draft_gone"))
            await _buttons_off(message)
            return
        draft = kept.draft
        if state.settings.database_url:
            done = await _publish_shared(context, draft.id, draft.markdown, draft.title, lang)
        else:
            done = await _publish_local(context, draft.markdown, draft.title, lang)
        published, text = done or (False, messages.html(lang, "publish_away"))
        if not published:  # the library is as it was; the draft and its buttons stay
            await reply(update, text)
            return
        drafts.drop(choice.key)
    log.info("an editor published %s", draft.id)
    await _buttons_off(message)
    await reply(update, text)


async def _publish_local(context: Context, markdown: str, title: str, lang: Language) -> tuple[bool, str]:
    """Into the corpus folder, then the index swapped: (whether it was published, what to say)."""
    state = context.bot_data
    try:
        folder = state.settings.corpus_dir
        written = add_interview(folder, markdown, taken=corpus_ids(folder))
    except (InterviewFileError, OSError) as exc:
        error = exc.message if isinstance(exc, InterviewFileError) else str(exc)
        return False, messages.html(lang, "publish_failed", error=error)
    failed = await reload_index(context.application)
    if failed is not None:
        if written is not None:  # the library stays as it was: the file that broke the build goes
            written.unlink(missing_ok=True)
        return False, messages.html(lang, "publish_failed", error=failed)
    interviews = len(await state.library.interviews())
    return True, messages.html(
        lang, "draft_published", title=title, passages=str(state.library.size), interviews=str(interviews)
    )


async def _publish_shared(
    context: Context, interview_id: str, markdown: str, title: str, lang: Language
) -> tuple[bool, str] | None:
    """Into the shared database (every replica follows): (whether it was published, what to say);
    None when the database cannot be reached."""
    from bot.shared.database import Unavailable
    from bot.shared.library import current, publish

    db = context.bot_data.database
    if db is None:
        return None
    try:
        published = await current(db)
        if interview_id in {i for i, _ in published}:
            error = f"the library already has an interview with id {interview_id!r}"
            return False, messages.html(lang, "publish_failed", error=error)
        # The first publication: the replicas serve their local corpus until now, and will serve
        # the database's library from now on, so that corpus goes in with it (nothing is lost).
        starting = (
            [] if published else await asyncio.to_thread(_local_corpus, context.bot_data.settings.corpus_dir)
        )
        done = await publish(db, [*starting, (interview_id, markdown)])
    except Unavailable:
        return None
    except InterviewFileError as exc:  # a broken file in the local corpus: nothing is published
        return False, messages.html(lang, "publish_failed", error=str(exc))
    return True, messages.html(lang, "draft_published_shared", title=title, version=str(done.library_version))


def _local_corpus(folder: Path) -> list[tuple[str, str]]:
    """The (id, content) of each interview file in the folder."""
    found = []
    for path in corpus_files(folder):
        content = read_text(path)
        found.append((parse_interview(content, path).id, content))
    return found


async def on_discard(update: Update, context: Context) -> None:
    pressed = await _pressed(update, context, DiscardDraft)
    if pressed is None:
        return
    choice, message, lang = pressed
    drafts = Drafts(drafts_folder(context.bot_data.settings))
    kept = drafts.get(choice.key)
    await _buttons_off(message)
    if kept is None or not drafts.drop(choice.key):
        await reply(update, messages.html(lang, "draft_gone"))
        return
    await reply(update, messages.html(lang, "draft_discarded", title=kept.draft.title))


HANDLERS = ((PublishDraft, on_publish), (DiscardDraft, on_discard))
