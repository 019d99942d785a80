"""Questions about the interview itself, told apart from questions about its answers."""

from __future__ import annotations

import pytest

from bot.analysis.analyzer import Analyzer
from bot.conversation.meta import Field, asks_about_interview, meta_keys


def asked(analyzer: Analyzer, question: str) -> Field | None:
    keys = meta_keys(analyzer.analyze)
    return asks_about_interview(analyzer.plain_words(question), lambda: analyzer.analyze(question), keys)


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("مصاحبه با کیه؟", Field.INTERVIEWEE),
        ("با چه کسی گفت‌وگو کرده‌اند", Field.INTERVIEWEE),
        ("این گفت و گو با کدام نویسنده است", Field.INTERVIEWEE),
        ("who was interviewed?", Field.INTERVIEWEE),
        ("مصاحبه‌گر کیست", Field.INTERVIEWER),
        ("کی این گفتگو را انجام داده", Field.INTERVIEWER),
        ("خبرنگارش کی بود", Field.INTERVIEWER),
        ("عنوان این مصاحبه چیست", Field.TITLE),
        ("موضوع گفت‌وگو چیه", Field.ABOUT),
        ("درباره چی صحبت کردن؟", Field.ABOUT),
        ("what is this interview about", Field.ABOUT),
        ("کجا چاپ شده؟", Field.PUBLISHED),
        ("این مصاحبه در کدام روزنامه منتشر شد", Field.PUBLISHED),
        ("مصاحبه چند پرسش دارد", Field.COUNT),
        ("متن این گفت‌وگو کامل است؟", Field.COMPLETE),
    ],
)
def test_asked_about_the_interview(analyzer: Analyzer, question: str, field: Field) -> None:
    assert asked(analyzer, question) is field


@pytest.mark.parametrize(
    "question",
    [
        "موضوع اجلاس چه بود",  # about what the interview says, not about the interview
        "درباره برنامه‌های شهرداری چه گفت",
        "کتابش کجا منتشر شد",
        "با چه کسانی ملاقات کردید",  # «با چه کسانی», but no interview named
        "چند کشور را دیدید",
        "میرلوحی کیست؟",
        "کی به وین رفتید",
    ],
)
def test_asked_about_the_answers(analyzer: Analyzer, question: str) -> None:
    assert asked(analyzer, question) is None
