"""Replies that are not passages: small talk, and answers about an interview itself. Pure."""

from __future__ import annotations

import html

from bot.conversation import Field, Kind
from bot.library.interview import InterviewInfo
from bot.library.passages import split_sentences
from bot.present import messages
from bot.present.messages import Language


def talk_html(kind: Kind, lang: Language) -> str:
    """The reply to small talk: short, friendly, and how to ask (the keyboard gives examples)."""
    return messages.html(lang, f"talk_{kind.value}")


def lead_sentence(lead: str) -> str:
    sentences = split_sentences(lead)
    return sentences[0] if sentences else ""


def about_html(info: InterviewInfo, field: Field, lang: Language, lead: str = "") -> str:
    """One interview's answer to a question about it, from its front matter (and its lead)."""
    title = html.escape(messages.quoted(info.title), quote=False)
    subtitle = info.get("subtitle")
    lines: list[str]
    role = f"، {info.role}" if info.role and lang == "fa" else f", {info.role}" if info.role else ""
    with_whom = messages.html(lang, "meta_interviewee", interviewee=info.interviewee, role=role)
    if field is Field.INTERVIEWEE:
        lines = [with_whom, title]
    elif field is Field.INTERVIEWER:
        who = info.get("interviewer")
        line = (
            messages.html(lang, "meta_interviewer", interviewer=who)
            if who
            else messages.html(lang, "meta_no_interviewer")
        )
        lines = [line, title]
    elif field in (Field.TITLE, Field.ABOUT):
        # What it is about says with whom too: «این گفت‌وگو با کیه و درباره چیه؟» is one question.
        lines = [with_whom, title] if field is Field.ABOUT else [title]
        if subtitle:
            lines.append(html.escape(subtitle))
        if field is Field.ABOUT and lead:
            lines.append("")
            lines.append(html.escape(lead_sentence(lead)))
    elif field is Field.PUBLISHED:
        source, date = info.get("source"), info.get("date")
        lines = [title]
        if source:
            lines.append(messages.html(lang, "meta_published", source=source))
        if date:
            lines.append(messages.html(lang, "meta_date", date=date))
        if not source and not date:
            lines.append(messages.html(lang, "meta_not_published"))
    elif field is Field.COUNT:
        lines = [f"{title} {messages.html(lang, 'meta_count', count=str(len(info.questions)))}"]
    else:  # Field.COMPLETE
        if info.get("truncated"):
            lines = [title, messages.html(lang, "meta_incomplete", note=info.get("note"))]
        else:
            lines = [title, messages.html(lang, "meta_complete", count=str(len(info.questions)))]
    return "\n".join(lines).strip()


def about_many_html(infos: tuple[InterviewInfo, ...], field: Field, lang: Language, most: int = 10) -> str:
    """In a library, when the question does not say which interview: each one's answer, briefly."""
    parts = [messages.html(lang, "meta_which")]
    for info in infos[:most]:
        parts.append(about_html(info, field, lang))
    return "\n\n".join(parts)


LISTED = 10  # interviews named one by one in /start and /help; the rest are counted


def number(value: int, lang: Language) -> str:
    """A count as the interface writes it: Persian digits in Persian."""
    return messages.persian_digits(str(value)) if lang == "fa" else str(value)


def library_text(infos: tuple[InterviewInfo, ...], lang: Language) -> str:
    """What the library holds, for /start and /help (plain text, escaped with the message): its
    one interview, or how many and each one's title and interviewee (ten, then how many more)."""
    if not infos:
        return ""
    if len(infos) == 1:
        only = infos[0]
        return messages.html(
            lang, "library_one", title=messages.quoted(only.title), interviewee=only.interviewee
        )
    lines = [messages.text(lang, "library_many", count=number(len(infos), lang))]
    lines += [
        messages.text(lang, "library_item", title=messages.quoted(i.title), interviewee=i.interviewee)
        for i in infos[:LISTED]
    ]
    if len(infos) > LISTED:
        lines.append(messages.text(lang, "library_more", count=number(len(infos) - LISTED, lang)))
    return "\n".join(lines)
