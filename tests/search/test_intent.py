"""What a question asks for, read from its question words."""

from __future__ import annotations

import pytest

from bot.search.intent import Intent, intent_of


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("چرا به وین رفتید؟", Intent.REASON),
        ("دلیل سفر شما به وین چه بود؟", Intent.REASON),
        ("علت تعطیلی اجراها چی بود", Intent.REASON),
        ("برای چه به وین رفتید", Intent.REASON),
        ("چطور شروع کردید؟", Intent.MANNER),
        ("این کار چگونه انجام شد", Intent.MANNER),
        ("چجوری یاد گرفتی", Intent.MANNER),
        ("چه طور شد که آمدید", Intent.MANNER),
        ("با چه کسانی ملاقات کردید؟", Intent.PERSON),
        ("کدام افراد در جلسه بودند", Intent.PERSON),
        ("میرلوحی کیست؟", Intent.PERSON),
        ("چند شهردار آمده بودند", Intent.AMOUNT),
        ("چقدر طول کشید", Intent.AMOUNT),
        ("چه میزان بودجه داشتید", Intent.AMOUNT),
        ("کجا اجرا می‌کنید", Intent.PLACE),
        ("در چه زمانی برگزار شد", Intent.TIME),
        ("چه سالی به دنیا آمد", Intent.TIME),
    ],
)
def test_question_words_say_what_is_asked(question: str, intent: Intent) -> None:
    assert intent_of(question) is intent


@pytest.mark.parametrize(
    "question",
    [
        "کی آمدید؟",  # "who" and "when" in speech: says nothing alone
        "آیا کسی از شهرداران آمد؟",  # «کسی» alone is "anyone"
        "زمانی که رفتیم باران بود",  # «زمانی که» is "when" as a conjunction, not a question
        "دیپلماسی شهری",
        "",
        None,
    ],
)
def test_words_that_do_not_ask_say_nothing(question: str | None) -> None:
    assert intent_of(question) is None
