"""The question inside a chatty message."""

from __future__ import annotations

import pytest

from bot.search.chatter import question_inside


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
