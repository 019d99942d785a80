"""What the handlers send, built from the library's values: rendered answers, deep links and
keyboards. Pure but for the bot's username; the same answers and keyboards recur, so they are
kept (PTB's objects are frozen: one keyboard serves every answer it fits)."""

from __future__ import annotations

import functools
import re
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.helpers import create_deep_linked_url

from bot.analysis.analyzer import Analyzer
from bot.library.interview import InterviewInfo
from bot.library.passages import Passage
from bot.present import messages
from bot.present.messages import Language
from bot.present.render import button_label, highlight_spans, passage_html
from bot.search.searcher import Hit
from handlers.callbacks import (
    CallbackData,
    ChooseInterview,
    FullAnswer,
    ListQuestions,
    Move,
    OpenAlternative,
    OpenQuestion,
    Refuse,
    SendCard,
    SendQuote,
    Settle,
)
from handlers.payloads import OpenPassage

DEEP_LINK_PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
EXAMPLES = 3
KEYBOARD_BUTTONS = 100  # Telegram's limit per keyboard


@functools.lru_cache(maxsize=4096)
def deep_link(username: str | None, payload: str) -> str | None:
    """``t.me/<bot>?start=<payload>``, or None for a payload a deep link cannot carry (64 of
    A-Za-z0-9_-) or a bot without a username."""
    if not username or not DEEP_LINK_PAYLOAD.match(payload):
        return None
    return create_deep_linked_url(username, payload)


def passage_link(username: str | None, passage_id: str) -> str | None:
    return deep_link(username, OpenPassage(passage_id).encode())


@functools.lru_cache(maxsize=1024)  # a pure function of its arguments; the same answers recur
def hit_html(
    analyzer: Analyzer,
    passage: Passage,
    matched: frozenset[str],
    lang: Language,
    link: str | None,
    answer: str = "",
) -> str:
    spans = highlight_spans(analyzer, passage.text, matched)
    quick = (answer, highlight_spans(analyzer, answer, matched)) if answer else None
    return passage_html(passage, spans, lang, link, answer=quick)


def render_hit(analyzer: Analyzer, username: str | None, hit: Hit, lang: Language) -> str:
    """A hit as a reply: the sentences that answer first, then the passage, folded."""
    link = passage_link(username, hit.passage.id)
    return hit_html(analyzer, hit.passage, hit.matched, lang, link, hit.answer)


def render_passage(username: str | None, passage: Passage, lang: Language) -> str:
    return passage_html(passage, [], lang, passage_link(username, passage.id))


class KeptKeyboard(InlineKeyboardMarkup):
    """A keyboard that becomes Telegram's JSON once: the same keyboards recur under many answers
    (they are kept below), and PTB would turn every button into a dict again on each send."""

    __slots__ = ("_as_dict",)

    def to_dict(self, recursive: bool = True) -> dict[str, Any]:
        if not recursive:
            return super().to_dict(recursive)
        kept: dict[str, Any] | None = getattr(self, "_as_dict", None)
        if kept is None:
            kept = super().to_dict(recursive)
            with self._unfrozen():
                self._as_dict = kept
        return dict(kept)  # a fresh outer dict: a caller may add to it, never to the kept one


def button(label: str, data: CallbackData) -> InlineKeyboardButton | None:
    """A button carrying ``data``, or None where the data would not fit Telegram's 64 bytes."""
    return InlineKeyboardButton(label, callback_data=data.encode()) if data.fits() else None


@functools.lru_cache(maxsize=1024)
def answer_keyboard(
    passage: Passage,
    rank: int,
    has_next: bool,
    lang: Language,
    interview: str | None = None,
    quote: tuple[int, int] = (0, 0),
) -> InlineKeyboardMarkup:
    """Previous / next (searched within ``interview`` when the answer was), then the full
    answer, sharing and the quote card; with ``quote`` (the answering sentences), a card of
    just those too."""
    moves = []
    if rank > 0:
        moves.append(button(messages.text(lang, "previous"), Move(rank - 1, interview)))
    if has_next:
        moves.append(button(messages.text(lang, "next"), Move(rank + 1, interview)))
    actions = [
        button(messages.text(lang, "full"), FullAnswer(passage.interview, passage.segment)),
        InlineKeyboardButton(messages.text(lang, "share"), switch_inline_query=f"p_{passage.id}"),
        button(messages.text(lang, "card"), SendCard(passage.id)),
    ]
    short = (
        [button(messages.text(lang, "quote_card"), SendQuote(quote[0], quote[1], passage.id))]
        if quote[1]
        else []
    )
    rows = [[b for b in row if b is not None] for row in (moves, actions, short)]
    return KeptKeyboard([row for row in rows if row])


@functools.lru_cache(maxsize=1024)
def tentative_keyboard(
    passage: Passage,
    has_next: bool,
    lang: Language,
    interview: str | None = None,
    quote: tuple[int, int] = (0, 0),
) -> InlineKeyboardMarkup:
    """Under a closest passage: the answer's buttons, and the interview's questions as a way out."""
    keyboard = answer_keyboard(passage, 0, has_next, lang, interview, quote)
    rows = [list(row) for row in keyboard.inline_keyboard]
    way_out = button(messages.text(lang, "all_questions"), ListQuestions(passage.interview))
    if way_out is not None:
        rows.append([way_out])
    return KeptKeyboard(rows)


ALTERNATIVE_LABEL = 56  # of an alternative's answering sentence, on its button


@functools.lru_cache(maxsize=1024)
def verdict_keyboard(
    keyboard: InlineKeyboardMarkup,
    passage_id: str,
    lang: Language,
    scoped: bool,
    alternatives: tuple[tuple[str, str], ...] = (),
) -> InlineKeyboardMarkup:
    """An answer's keyboard with, above it, the alternatives (each opens its passage in place:
    (passage id, label)), and below it the reader's verdict: 👍 and «این نبود»."""
    rows: list[list[InlineKeyboardButton]] = []
    for number, (other, label) in enumerate(alternatives, start=2):
        shown = button(f"{number}. {button_label(label, ALTERNATIVE_LABEL)}", OpenAlternative(other, scoped))
        if shown is not None:
            rows.append([shown])
    rows += [list(row) for row in keyboard.inline_keyboard]
    verdict = [
        button(messages.text(lang, "this_one"), Settle(passage_id, scoped)),
        button(messages.text(lang, "not_this"), Refuse(passage_id, scoped)),
    ]
    rows.append([b for b in verdict if b is not None])
    return KeptKeyboard([row for row in rows if row])


def questions_keyboard(
    interviews: tuple[InterviewInfo, ...], per_interview: int, most: int, only: str | None = None
) -> InlineKeyboardMarkup | None:
    """The interviews' (or one interview's) questions as buttons, each opening its answer; None
    when there are none (an empty keyboard is serialized as ``{}``, which Telegram refuses)."""
    listed = tuple(
        (interview.id, interview.questions[:per_interview])
        for interview in interviews
        if only is None or interview.id == only
    )
    return _questions_markup(listed, most)


@functools.lru_cache(maxsize=64)  # the same few lists, under every question nothing answers
def _questions_markup(
    interviews: tuple[tuple[str, tuple[str, ...]], ...], most: int
) -> InlineKeyboardMarkup | None:
    buttons = [
        button(button_label(question), OpenQuestion(interview, number))
        for interview, questions in interviews
        for number, question in enumerate(questions, start=1)
    ]
    rows = [[b] for b in buttons if b is not None][:most]
    return KeptKeyboard(rows) if rows else None


def examples_keyboard(
    interviews: tuple[InterviewInfo, ...], count: int = EXAMPLES
) -> InlineKeyboardMarkup | None:
    return questions_keyboard(interviews, count, count)


def interviews_keyboard(interviews: tuple[InterviewInfo, ...]) -> InlineKeyboardMarkup:
    buttons = [
        button(button_label(f"{i.title} — {i.interviewee}"), ChooseInterview(i.id))
        for i in interviews[:KEYBOARD_BUTTONS]
    ]
    return InlineKeyboardMarkup([[b] for b in buttons if b is not None])
