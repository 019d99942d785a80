"""What Telegram shows before and around the first question: the bot's description (the empty
chat's "What can this bot do?") and short description (its profile), the command menus, and
``/privacy``.

The menus are set per scope and per language. Private chats get the reader's commands; groups
get ``/ask`` too (a group's question needs it, a private chat's does not); the groups' admins get
the groups' menu (the bot has no group-admin command: set so that no older menu lingers); the
bot's own admins (ADMIN_IDS), in their private chat with it, get ``/stats`` and ``/reload`` as
well, which nobody else sees. Each menu is set in Persian as the default and in English for
``en``: the same rule as the replies' language (``bot.present.messages.language``), so a reader
sees the menu in the language the bot answers in.
"""

from __future__ import annotations

import logging

from telegram import (
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    Update,
)
from telegram.error import TelegramError

from bot.present import messages
from bot.present.messages import Language
from handlers.replies import reply
from handlers.state import App, Context

log = logging.getLogger("interview_bot")

PRIVATE = ("start", "help", "questions", "interviews", "random", "about", "card", "privacy")
GROUPS = ("ask", "questions", "interviews", "random", "about", "card", "help", "privacy")
ADMIN = (*PRIVATE, "stats", "reload")
# (language_code Telegram is given, the language of the menu): "" is every other language.
MENU_LANGUAGES: tuple[tuple[str, Language], ...] = (("", "fa"), ("en", "en"))


def menu(commands: tuple[str, ...], lang: Language) -> list[BotCommand]:
    return [BotCommand(c, messages.text(lang, f"cmd_{c}")) for c in commands]


def menus(admins: frozenset[int]) -> list[tuple[BotCommandScope, tuple[str, ...]]]:
    """Every scope the bot sets a menu for, and the commands in it."""
    scopes: list[tuple[BotCommandScope, tuple[str, ...]]] = [
        (BotCommandScopeDefault(), PRIVATE),
        (BotCommandScopeAllPrivateChats(), PRIVATE),
        (BotCommandScopeAllGroupChats(), GROUPS),
        (BotCommandScopeAllChatAdministrators(), GROUPS),
    ]
    scopes += [(BotCommandScopeChat(admin), ADMIN) for admin in sorted(admins)]
    return scopes


async def introduce(app: App) -> None:
    """Descriptions and menus, in Persian (the default) and English. A refusal is one warning:
    the bot answers either way."""
    bot = app.bot
    try:
        for code, lang in MENU_LANGUAGES:
            await bot.set_my_description(messages.text(lang, "description"), language_code=code or None)
            await bot.set_my_short_description(
                messages.text(lang, "short_description"), language_code=code or None
            )
        for scope, commands in menus(app.bot_data.admins):
            for code, lang in MENU_LANGUAGES:
                try:
                    await bot.set_my_commands(menu(commands, lang), scope=scope, language_code=code or None)
                except TelegramError as exc:
                    if not isinstance(scope, BotCommandScopeChat):
                        raise
                    # An admin who never opened a chat with the bot: "chat not found".
                    log.warning("admin %s: no admin menu yet (%s)", scope.chat_id, exc.message)
                    break
    except TelegramError as exc:
        log.warning("could not set the bot's description or command menus: %s", exc.message)


async def on_privacy(update: Update, context: Context) -> None:
    """What the bot keeps about a reader, and for how long (the retention setting)."""
    user = update.effective_user
    lang = context.bot_data.lang(user.language_code if user else None)
    days = str(context.bot_data.settings.stats_retention_days)
    await reply(update, messages.html(lang, "privacy", days=days))
