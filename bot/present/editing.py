"""The preview of an editor's draft: what the importer read, for the editor to check before
publishing (pure: a draft in, Telegram HTML out)."""

from __future__ import annotations

from html import escape

from bot.editing import Draft
from bot.present import messages
from bot.present.messages import Language

MESSAGE_LIMIT = 4096
SHOWN_WARNINGS = 8
WARNING_CHARS = 300


def preview_html(draft: Draft, lang: Language) -> str:
    """Title, interviewee, id, each question's first words and the warnings, within one message."""
    head = messages.html(
        lang,
        "draft_head",
        source=draft.source,
        form=draft.form or "?",
        title=draft.title,
        interviewee=draft.interviewee,
        id=draft.id,
    )
    questions = [messages.html(lang, "draft_questions", count=str(len(draft.questions)))]
    questions += [f"{n}. {escape(q, quote=False)}" for n, q in enumerate(draft.questions, start=1)]
    if draft.warnings:
        warnings = [messages.html(lang, "draft_warnings", count=str(len(draft.warnings)))]
        for warning in draft.warnings[:SHOWN_WARNINGS]:
            short = warning if len(warning) <= WARNING_CHARS else warning[: WARNING_CHARS - 1] + "…"
            warnings.append(f"⚠️ {escape(short, quote=False)}")
        if len(draft.warnings) > SHOWN_WARNINGS:
            warnings.append(
                messages.html(lang, "draft_more", count=str(len(draft.warnings) - SHOWN_WARNINGS))
            )
    else:
        warnings = [messages.html(lang, "draft_no_warnings")]
    ask = messages.html(lang, "draft_ask")
    fixed = len(head) + len(ask) + sum(len(w) + 1 for w in warnings) + 8
    shown: list[str] = []
    used = 0
    for number, line in enumerate(questions):  # a long interview: as many questions as fit
        if fixed + used + len(line) + 1 > MESSAGE_LIMIT - 40:
            shown.append(messages.html(lang, "draft_more", count=str(len(questions) - number)))
            break
        shown.append(line)
        used += len(line) + 1
    return "\n\n".join([head, "\n".join(shown), "\n".join(warnings), ask])
