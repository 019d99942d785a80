"""The question inside a chatty message."""

from __future__ import annotations

import pytest

from bot.search.chatter import question_inside
from bot.search.searcher import Searcher


@pytest.mark.parametrize(
    ("message", "question"),
    [
        ("سلام خسته نباشید 🌹 من از شیراز پیام میدم. میخواستم بدونم قیمت بلیت چنده؟ مرسی",
         "قیمت بلیت چنده"),
        ("درود. سوالم اینه که کتاب کی چاپ میشه؟ سپاس", "کتاب کی چاپ میشه"),
        ("سلام 🙏 فقط یه سوال: جلسه بعدی کجاست؟ ممنون", "جلسه بعدی کجاست"),
        ("سلام. من دیروز برنامه رو دیدم و خیلی خوشم اومد. چرا اجرا لغو شد. ممنون", "چرا اجرا لغو شد"),
    ],
)  # fmt: skip
def test_a_chatty_message_is_searched_by_the_sentence_that_asks(message: str, question: str) -> None:
    assert question_inside(message) == question


@pytest.mark.parametrize("message", ["به کدام کشورها سفر کردید؟", "ترامپ", "سفر به وین و برلین"])
def test_a_message_of_one_sentence_is_searched_whole(message: str) -> None:
    assert question_inside(message) == message


def test_a_message_where_nothing_asks_is_searched_whole() -> None:
    message = "سلام. نمایش خیلی خوب بود. ممنون"
    assert question_inside(message) == message


def test_a_decimal_point_and_an_initials_full_stop_do_not_cut_a_question() -> None:
    assert question_inside("6.2 % از کالاها از کدام کشور می‌آید ؟").startswith("6٫2 %")
    asked = "در چه سالی این دستگاه توسط ساموئل دابلیو . آلدرسون اختراع شد ؟"
    assert question_inside(asked) == "در چه سالی این دستگاه توسط ساموئل دابلیو آلدرسون اختراع شد"


@pytest.mark.parametrize(
    ("message", "question"),
    [
        ("سلام خوبی؟ راجع به آلمان چی گفتی", "راجع به آلمان چی گفتی"),
        ("سلام وقت بخیر، درباره آلمان چی گفت", "درباره آلمان چی گفت"),
        ("سلام آلمان رفتی؟", "آلمان رفتی؟"),
        ("درود بر شما، وین رو چطور دیدی؟", "وین رو چطور دیدی؟"),
        ("سلام چطوری؟ چند روز وین موندین؟ مرسی", "چند روز وین موندین"),
        ("به کدوم کشورا سفر کردین خیلی ممنون", "به کدوم کشورا سفر کردین"),
        ("salam khoobi? be koja safar kardid?", "be koja safar kardid"),
    ],
)  # fmt: skip
def test_a_greeting_that_opens_a_question_and_thanks_that_close_it_are_not_searched(
    message: str, question: str
) -> None:
    assert question_inside(message) == question


@pytest.mark.parametrize(
    "message", ["چطوری به وین رفتید؟", "از کی ممنون بود؟", "سلام", "ممنون", "خوبی و بدی شهر چیست؟"]
)
def test_words_of_greeting_inside_a_question_or_alone_stay(message: str) -> None:
    assert question_inside(message) == message


@pytest.mark.parametrize(
    ("message", "question"),
    [
        ("سلام خوبی؟ راجع به آلمان چی گفتی", "راجع به آلمان چی گفتی"),
        ("سلام وقت بخیر، چند روز تو وین موندین", "چند روز تو وین موندین"),
    ],
)  # fmt: skip
async def test_a_short_question_behind_a_greeting_is_answered_as_without_it(
    searcher: Searcher, message: str, question: str
) -> None:
    wrapped, plain = await searcher.search(message), await searcher.search(question)
    assert wrapped and plain
    assert wrapped[0].passage.id == plain[0].passage.id
    assert wrapped[0].confident == plain[0].confident
