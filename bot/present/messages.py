"""Every user-facing string of the bot, in Persian (the interface language) and English.

Users whose Telegram language is not Persian get English labels; passages stay Persian.
"""

from __future__ import annotations

from html import escape
from typing import Literal

Language = Literal["fa", "en"]

TEXTS: dict[Language, dict[str, str]] = {
    "fa": {
        "welcome": (
            "سلام! من پاسخ پرسش‌های شما را از متن گفت‌وگوها پیدا می‌کنم.\n\n"
            "گفت‌وگوی «{title}» با {interviewee} را می‌شناسم. پرسشتان را بنویسید یا یکی از این‌ها را بزنید:"
        ),
        "help": (
            "هر پرسشی دربارهٔ گفت‌وگو بنویسید؛ بخشی از متن را که پاسخ آن است با پرسش مصاحبه‌گر و نام گوینده"
            " می‌فرستم.\n\n"
            "/questions پرسش‌های گفت‌وگو\n/interviews فهرست گفت‌وگوها\n/random یک نقل‌قول\n"
            "/card تصویر نقل‌قول (در پاسخ به یک پاسخ)\n/about دربارهٔ گفت‌وگو\n\n"
            "در گروه‌ها: /ask و پرسش، یا نام من را بیاورید. در هر گفت‌وگویی: @{bot} و چند واژه."
        ),
        "no_answer": "پاسخی برای این پرسش در گفت‌وگو پیدا نشد. شاید یکی از این‌ها:",
        "empty_question": "پرسشتان را بعد از /ask بنویسید، مثلاً: /ask به کدام کشورها سفر کردید؟",
        "lead": "پیش‌درآمد گفت‌وگو",
        "question": "پرسش",
        "truncated": "(متن منبع در همین‌جا قطع شده است)",
        "next": "پاسخ بعدی ◀",
        "previous": "▶ پاسخ قبلی",
        "full": "پاسخ کامل",
        "share": "اشتراک",
        "card": "تصویر نقل‌قول",
        "interviews": "گفت‌وگوها:",
        "interview_chosen": (
            "«{title}» با {interviewee}\nپرسشتان را در پاسخ به همین پیام بنویسید تا فقط در این گفت‌وگو بگردم."
        ),
        "reloaded": "نمایه دوباره ساخته شد: {passages} بخش از {interviews} گفت‌وگو.",
        "reload_failed": "نمایهٔ تازه ساخته نشد و نمایهٔ قبلی همچنان کار می‌کند:\n{error}",
        "stats": (
            "پرسش‌های {days} روز گذشته: {total} از {askers} نفر؛ بی‌پاسخ:"
            " {unanswered} ({rate})\n\n{per_day}\n\nپرتکرارترین پرسش‌های بی‌پاسخ:\n{top}"
        ),
        "card_how": (
            "برای تصویر یک بخش، دکمهٔ «تصویر نقل‌قول» زیر پاسخ را بزنید یا /card را در پاسخ به آن بفرستید."
        ),
        "link": "پیوند این بخش",
        "questions": "پرسش‌های گفت‌وگو:",
        "about": "«{title}»\nگفت‌وگو با {interviewee}{role}\n{details}",
        "not_text": "من فقط متن را می‌فهمم: پرسشتان را بنویسید.",
        "gone": "این بخش دیگر در دسترس نیست.",
        "expired": "پرسش اصلی پیدا نشد؛ لطفاً دوباره بپرسید.",
        "no_more": "پاسخ دیگری نیست.",
        "slow_down": "کمی آهسته‌تر لطفاً؛ چند ثانیهٔ دیگر دوباره بپرسید.",
        "tentative": "پاسخ دقیقی پیدا نکردم؛ نزدیک‌ترین بخش:",
        "many_at_once": (
            "این‌جا پرسش‌های زیادی با هم رسیده است و پاسخ‌ها دیر می‌رسند؛ در گفت‌وگوی خصوصی از من بپرسید: @{bot}"
        ),
        "error": "متأسفم، مشکلی پیش آمد. لطفاً دوباره امتحان کنید.",
        "inline_featured": "نقل‌قول برگزیده",
        "interviewer": "مصاحبه‌گر",
        "source": "منبع",
        "note": "یادداشت",
        "cmd_start": "شروع",
        "cmd_help": "راهنما",
        "cmd_questions": "پرسش‌های گفت‌وگو",
        "cmd_random": "یک نقل‌قول تصادفی",
        "cmd_about": "دربارهٔ گفت‌وگو",
        "cmd_ask": "پرسیدن در گروه",
        "cmd_card": "تصویر نقل‌قول یک پاسخ",
        "cmd_interviews": "فهرست گفت‌وگوها",
    },
    "en": {
        "welcome": (
            "Hello! I find the answers to your questions in the interviews' own words.\n\n"
            "I know «{title}», an interview with {interviewee}. Write a question (in Persian), or tap one:"
        ),
        "help": (
            "Write any question about the interview; I send the passage that answers it, with the"
            " interviewer's question and the speaker.\n\n"
            "/questions the interview's questions\n/interviews the interviews\n/random a quote\n"
            "/card a quote card (in reply to an answer)\n/about the interview\n\n"
            "In groups: /ask and your question, or mention me. In any chat: @{bot} and a few words."
        ),
        "no_answer": "The interview does not answer that. Perhaps one of these:",
        "empty_question": "Write your question after /ask, e.g. /ask به کدام کشورها سفر کردید؟",
        "lead": "The interview's lead",
        "question": "Question",
        "truncated": "(the source breaks off here)",
        "next": "Next answer ▶",
        "previous": "◀ Previous",
        "full": "Full answer",
        "share": "Share",
        "card": "Quote card",
        "interviews": "Interviews:",
        "interview_chosen": (
            "«{title}» with {interviewee}\nReply to this"
            " message with your question to search this interview only."
        ),
        "reloaded": "Index rebuilt: {passages} passages from {interviews} interviews.",
        "reload_failed": "The new index was not built; the old one keeps serving:\n{error}",
        "stats": (
            "Questions in the last {days} days: {total} from {askers} people;"
            " unanswered: {unanswered} ({rate})\n\n{per_day}\n\nMost frequent unanswered:\n{top}"
        ),
        "card_how": (
            "For a passage as an image, tap «Quote card» under an answer or send /card in reply to it."
        ),
        "link": "Link to this passage",
        "questions": "The interview's questions:",
        "about": "«{title}»\nAn interview with {interviewee}{role}\n{details}",
        "not_text": "I only understand text: please write your question.",
        "gone": "This passage is no longer available.",
        "expired": "I cannot find the original question; please ask again.",
        "no_more": "No other answer.",
        "slow_down": "A little slower, please: ask again in a few seconds.",
        "tentative": "I found no exact answer; the closest part:",
        "many_at_once": (
            "Many questions at once here, and the answers would come late: ask me in private: @{bot}"
        ),
        "error": "Sorry, something went wrong. Please try again.",
        "inline_featured": "Featured quote",
        "interviewer": "Interviewer",
        "source": "Source",
        "note": "Note",
        "cmd_start": "Start",
        "cmd_help": "Help",
        "cmd_questions": "The interview's questions",
        "cmd_random": "A random quote",
        "cmd_about": "About the interview",
        "cmd_ask": "Ask in a group",
        "cmd_card": "A passage as a quote card",
        "cmd_interviews": "The interviews",
    },
}


def language(code: str | None, setting: str = "auto") -> Language:
    """The interface language: the operator's choice, or by the user's Telegram language.

    With ``auto``, Persian for Persian speakers and for users who share no language, English
    for everyone else.
    """
    if setting in ("fa", "en"):
        return "fa" if setting == "fa" else "en"
    if not code or code.lower().startswith("fa"):
        return "fa"
    return "en"


def text(lang: Language, key: str, **values: str) -> str:
    return TEXTS[lang][key].format(**values) if values else TEXTS[lang][key]


def html(lang: Language, key: str, **values: str) -> str:
    """``text``, escaped for a message sent as HTML (values may hold a title or a user's words)."""
    return escape(text(lang, key, **values), quote=False)
