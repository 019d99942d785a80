"""The conversation around the answers: small talk, follow-ups to the last answer, questions about
the interview itself and English readers. ``chat.reply_answer`` hands a message here when the
library reads it as one of these (``bot.conversation``)."""

from __future__ import annotations

import html
import time
from collections.abc import Callable

from telegram import Message, Update

from bot.conversation import AboutInterview, Kind, Said
from bot.library.passages import Passage
from bot.present import messages
from bot.present.conversation import about_html, about_many_html, talk_html
from bot.present.messages import Language
from bot.present.render import segment_html
from handlers.cards import linked_passage
from handlers.replies import reply
from handlers.state import Context
from handlers.views import answer_keyboard, examples_keyboard, interviews_keyboard, render_hit, render_passage

FOLLOW_UP_SECONDS = 600  # «ادامه» without a reply continues the chat's last answer this long after it
TALK_EXAMPLES = 2


def where(message: Message) -> tuple[int, int | None]:
    """A chat and its forum topic: follow-ups continue the answer given there."""
    return message.chat_id, message.message_thread_id if message.is_topic_message else None


def remember_answer(context: Context, message: Message, passage: Passage) -> Callable[[], None]:
    """Keep the passage as the chat's last answer now, before the reply goes out: in a group,
    whose updates run side by side, a «ادامه» sent the moment the answer shows must find it.
    Returns what undoes it, for when the reply does not go out."""
    key, kept = where(message), context.bot_data.last_answer
    before = kept.get(key)
    kept.keep(key, (passage.id, time.monotonic()))

    def undo() -> None:
        if before is None:
            kept.pop(key, None)
        else:
            kept.keep(key, before)

    return undo


async def small_talk(update: Update, context: Context, said: Said, lang: Language) -> None:
    """A short friendly reply in the reader's language, with two example questions as buttons."""
    reply_lang: Language = "en" if said.english else "fa"
    keyboard = None
    if said.kind is not Kind.FAREWELL:  # a goodbye gets a goodbye, not more questions
        keyboard = examples_keyboard(await context.bot_data.library.interviews(), TALK_EXAMPLES)
    await reply(update, talk_html(said.kind, reply_lang), keyboard)


async def follow_up(update: Update, context: Context, said: Said, lang: Language) -> None:
    """«ادامه» / «قبلی» / «کامل»: from the answer the message replies to, or the chat's last one."""
    message = update.effective_message
    if message is None:
        return
    library = context.bot_data.library
    passage_id = None
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == context.bot.id:
        passage_id = linked_passage(replied)
    if passage_id is None:
        last = context.bot_data.last_answer.recall(where(message))
        if last is not None and time.monotonic() - last[1] <= FOLLOW_UP_SECONDS:
            passage_id = last[0]
    passage = await library.passage(passage_id) if passage_id else None
    if passage is None:
        await reply(update, messages.html(lang, "follow_nothing"))
        return
    answer = await library.answer(passage.interview, passage.segment)
    if said.kind is Kind.FULL:
        for chunk in segment_html(answer, lang):
            if await reply(update, chunk) is None:
                return
        return
    step = 1 if said.kind is Kind.NEXT else -1
    at = next((i for i, p in enumerate(answer) if p.id == passage.id), None)
    target = answer[at + step] if at is not None and 0 <= at + step < len(answer) else None
    if target is None:
        key = "follow_end" if step == 1 else "follow_start"
        await reply(
            update, messages.html(lang, key), examples_keyboard(await library.interviews(), TALK_EXAMPLES)
        )
        return
    text = render_passage(context.bot.username, target, lang)
    undo = remember_answer(context, message, target)
    if await reply(update, text, answer_keyboard(target, 0, False, lang), quote=True) is None:
        undo()


async def about_interview(
    update: Update, context: Context, about: AboutInterview, interview: str | None, lang: Language
) -> None:
    """Who, by whom, what about, where and when: from the interview's front matter. In a library,
    about the interview the question replies to, or each interview's, briefly."""
    library = context.bot_data.library
    interviews = await library.interviews()
    chosen = next((i for i in interviews if i.id == interview), None)
    if chosen is None and len(interviews) == 1:
        chosen = interviews[0]
    if chosen is None:
        await reply(update, about_many_html(interviews, about.field, lang), interviews_keyboard(interviews))
        return
    lead = await library.answer(chosen.id, 0)
    text = about_html(chosen, about.field, lang, lead[0].text if lead else "")
    await reply(update, text, examples_keyboard((chosen,), TALK_EXAMPLES))


async def english_question(update: Update, context: Context, question: str, interview: str | None) -> None:
    """An English question: say the interviews are Persian, and show what its names found."""
    library = context.bot_data.library
    names = await library.latin_names(question)
    hits = await library.search(question, limit=1, interview=interview) if names else []
    if not hits:
        await reply(
            update, messages.html("en", "english_nothing"), examples_keyboard(await library.interviews())
        )
        return
    found = ", ".join(f"{latin} → {persian}" if latin != persian else latin for latin, persian in names)
    text = f"{messages.html('en', 'english_found', names=html.escape(found))}\n\n"
    text += render_hit(library.analyzer, context.bot.username, hits[0], "en")
    message = update.effective_message
    keyboard = answer_keyboard(hits[0].passage, 0, False, "en", interview, hits[0].answer_range)
    undo = remember_answer(context, message, hits[0].passage) if message is not None else None
    if await reply(update, text, keyboard, quote=True) is None and undo is not None:
        undo()
