"""A reply (``bot.reply``) as the messages that carry it: text and keyboard, rendered once. Pure
but for the bot's username."""

from __future__ import annotations

import html
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup

from bot.analysis.analyzer import Analyzer
from bot.conversation import Kind
from bot.library.passages import Passage
from bot.present import messages
from bot.present.conversation import about_html, about_many_html, talk_html
from bot.present.messages import Language
from bot.present.render import segment_html, snippet, trim_html
from bot.reply import AboutIt, Answer, English, FollowUp, Nothing, Reply, SmallTalk, Throttled
from handlers.views import (
    answer_keyboard,
    examples_keyboard,
    interviews_keyboard,
    render_hit,
    render_passage,
    tentative_keyboard,
    verdict_keyboard,
)

TALK_EXAMPLES = 2
ALTERNATIVE_SHOWN = 110  # characters of an alternative's answering sentence in the text


@dataclass(frozen=True)
class Outgoing:
    text: str
    keyboard: InlineKeyboardMarkup | None = None


@dataclass(frozen=True)
class Rendered:
    """What to send: the messages in order; the passage that becomes the chat's last answer
    («ادامه» continues it); whether the first message quotes the question; whether an edited
    question gets it again (small talk does not)."""

    messages: tuple[Outgoing, ...] = ()
    answered: Passage | None = None
    quote: bool = False
    on_edit: bool = True


def render_reply(reply: Reply, lang: Language, username: str | None, analyzer: Analyzer) -> Rendered:
    if isinstance(reply, Answer):
        return Rendered((answer_message(reply, lang, username, analyzer),), reply.hit.passage, quote=True)
    if isinstance(reply, Nothing):
        text = messages.html(lang, "no_answer")
        return Rendered((Outgoing(text, examples_keyboard(reply.interviews)),), quote=True)
    if isinstance(reply, SmallTalk):
        talk_lang: Language = "en" if reply.english else "fa"
        keyboard = examples_keyboard(reply.examples, TALK_EXAMPLES) if reply.examples else None
        return Rendered((Outgoing(talk_html(reply.kind, talk_lang), keyboard),), on_edit=False)
    if isinstance(reply, FollowUp):
        return follow_up_messages(reply, lang, username)
    if isinstance(reply, AboutIt):
        if reply.chosen is None:
            text = about_many_html(reply.interviews, reply.field, lang)
            return Rendered((Outgoing(text, interviews_keyboard(reply.interviews)),))
        text = about_html(reply.chosen, reply.field, lang, reply.lead)
        return Rendered((Outgoing(text, examples_keyboard((reply.chosen,), TALK_EXAMPLES)),))
    if isinstance(reply, English):
        return english_message(reply, username, analyzer)
    assert isinstance(reply, Throttled)
    return Rendered()  # the quota said so once already (``handlers.asking.may_ask``)


def answer_message(answer: Answer, lang: Language, username: str | None, analyzer: Analyzer) -> Outgoing:
    """The best passage as today (an answer, or said to be only the closest passage), then the
    alternatives when unsure, each a button; and under every answer 👍 and «این نبود»."""
    hit = answer.hit
    text = render_hit(analyzer, username, hit, lang)
    interview, quote = answer.interview, hit.answer_range
    if hit.confident:
        keyboard = answer_keyboard(hit.passage, 0, answer.has_next, lang, interview, quote)
    else:  # only the closest passage: say so first, and offer the questions as a way out
        text = f"{messages.html(lang, 'tentative')}\n\n{text}"
        keyboard = tentative_keyboard(hit.passage, answer.has_next, lang, interview, quote)
    others = tuple((h.passage.id, h.answer or h.passage.text) for h in answer.alternatives)
    if others:
        lines = [messages.html(lang, "alternatives")]
        lines += [
            f"{n}. {html.escape(snippet(said, ALTERNATIVE_SHOWN))}"
            for n, (_, said) in enumerate(others, start=2)
        ]
        text = trim_html(f"{text}\n\n" + "\n".join(lines))
    keyboard = verdict_keyboard(keyboard, hit.passage.id, lang, interview is not None, others)
    return Outgoing(text, keyboard)


def follow_up_messages(reply: FollowUp, lang: Language, username: str | None) -> Rendered:
    if reply.missing == "nothing":
        return Rendered((Outgoing(messages.html(lang, "follow_nothing")),))
    if reply.missing:
        key = "follow_end" if reply.missing == "end" else "follow_start"
        return Rendered(
            (Outgoing(messages.html(lang, key), examples_keyboard(reply.examples, TALK_EXAMPLES)),)
        )
    if reply.kind is Kind.FULL:
        return Rendered(tuple(Outgoing(chunk) for chunk in segment_html(list(reply.passages), lang)))
    target = reply.passages[0]
    text = render_passage(username, target, lang)
    return Rendered((Outgoing(text, answer_keyboard(target, 0, False, lang)),), target, quote=True)


def english_message(reply: English, username: str | None, analyzer: Analyzer) -> Rendered:
    """An English question: the interviews are Persian; what its names found, if anything."""
    if reply.hit is None:
        return Rendered(
            (Outgoing(messages.html("en", "english_nothing"), examples_keyboard(reply.interviews)),)
        )
    found = ", ".join(f"{latin} → {persian}" if latin != persian else latin for latin, persian in reply.names)
    text = f"{messages.html('en', 'english_found', names=found)}\n\n"
    text += render_hit(analyzer, username, reply.hit, "en")
    hit = reply.hit
    keyboard = answer_keyboard(hit.passage, 0, False, "en", reply.interview, hit.answer_range)
    return Rendered((Outgoing(text, keyboard),), hit.passage, quote=True)
