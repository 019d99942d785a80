"""Rendering: search hits as text for people and as JSON for programs. Pure functions."""

from __future__ import annotations

from typing import Any

from bot.search import Hit

LEAD_LABEL = "پیش‌درآمد گفت‌وگو"
NO_ANSWER = "پاسخی برای این پرسش در گفت‌وگو پیدا نشد."
TRUNCATED = "(متن منبع در همین‌جا قطع شده است)"


def safe_text(text: str) -> str:
    """Text that can always be printed and sent: lone surrogates become U+FFFD."""
    return text.encode("utf-8", "replace").decode("utf-8", "replace")


def hit_json(hit: Hit) -> dict[str, Any]:
    p = hit.passage
    return {
        "id": p.id,
        "interview": p.interview,
        "question": p.question,
        "text": p.text,
        "score": hit.score,
        "coverage": hit.coverage,
        "speaker": p.speaker,
        "interview_title": p.interview_title,
        "position": p.position,
        "truncated": p.truncated,
    }


def answer_json(query: str, hits: list[Hit]) -> dict[str, Any]:
    return {"query": safe_text(query), "results": [hit_json(h) for h in hits]}


def attribution(hit: Hit) -> str:
    p = hit.passage
    who = p.speaker or "—"
    return f"— {who}، «{p.interview_title}»" if p.interview_title else f"— {who}"


def hit_plain(hit: Hit) -> str:
    p = hit.passage
    question = p.question if p.question is not None else LEAD_LABEL
    text = f"{p.text} {TRUNCATED}" if p.truncated else p.text
    return f"پرسش: {question}\n\n{text}\n\n{attribution(hit)}  [{p.id}]"


def answer_plain(hits: list[Hit]) -> str:
    if not hits:
        return NO_ANSWER
    return "\n\n────────\n\n".join(hit_plain(h) for h in hits)
