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
        # who talked with them is the interviewer; whom they talked with, the interviewee
        ("کی باهاش گفت‌وگو کرده؟", Field.INTERVIEWER),
        ("اونی که باهاش مصاحبه کردن کیه", Field.INTERVIEWEE),
        ("صاحب مغازه کیه که باهاش حرف زدن؟", Field.INTERVIEWEE),
        # broadcasts, videos and channel posts
        ("مجری برنامه کی بود", Field.INTERVIEWER),
        ("مهمان برنامه کی بود؟", Field.INTERVIEWEE),
        ("از کدوم رادیو پخش شد؟", Field.PUBLISHED),
        ("این ویدیو کی منتشر شده؟", Field.PUBLISHED),
        ("این مطلب کجا منتشر شده؟", Field.PUBLISHED),
        ("این مصاحبه تو کدوم کانال منتشر شده؟", Field.PUBLISHED),
        # the interview as the subject of «درباره», whatever it names; and two fields asked at once
        ("این گفت‌وگو درباره کدوم کتابه؟", Field.ABOUT),
        ("این برنامه در مورد چی بود", Field.ABOUT),
        ("این گفت‌وگو با کیه و درباره چیه؟", Field.ABOUT),
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
        "مجری طرح کی بود",  # the project's contractor, not a host
        "درباره برنامه‌هات بگو",  # a broadcast's word, but about the answers
        "فیلمش کی پخش شد",
        "در این گفت‌وگو درباره کدوم کتاب حرف زد؟",  # what it says, not what it is about
        "کی باهاش ازدواج کرد",  # «باهاش», but nothing names the interview
        "مهمان بعدی جشنواره کیه",
    ],
)
def test_asked_about_the_answers(analyzer: Analyzer, question: str) -> None:
    assert asked(analyzer, question) is None
