"""Rendering: search hits as text for people and as JSON for programs. Pure functions."""

from __future__ import annotations

import html
from typing import Any

from bot.analysis.analyzer import Analyzer
from bot.library.passages import Passage
from bot.present import messages
from bot.present.messages import Language
from bot.search.searcher import Hit


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
        "answer": hit.answer,
        "score": hit.score,
        "coverage": hit.coverage,
        "confident": hit.confident,
        "probability": hit.probability,
        "speaker": p.speaker,
        "interview_title": p.interview_title,
        "position": p.position,
        "truncated": p.truncated,
    }


def answer_json(query: str, hits: list[Hit], english: bool = False) -> dict[str, Any]:
    """``english``: the question was asked in English (its Latin names were still searched)."""
    return {"query": safe_text(query), "english": english, "results": [hit_json(h) for h in hits]}


def attribution(hit: Hit) -> str:
    return messages.attribution(hit.passage.speaker, hit.passage.interview_title)


def hit_plain(hit: Hit) -> str:
    p = hit.passage
    question = p.question if p.question is not None else messages.text("fa", "lead")
    text = f"{p.text} {messages.text('fa', 'truncated')}" if p.truncated else p.text
    return f"{messages.text('fa', 'question')}: {question}\n\n{text}\n\n{attribution(hit)}  [{p.id}]"


def answer_plain(hits: list[Hit]) -> str:
    if not hits:
        return messages.text("fa", "no_answer_plain")
    text = "\n\n────────\n\n".join(hit_plain(h) for h in hits)
    return text if hits[0].confident else f"{messages.text('fa', 'tentative')}\n\n{text}"


# --- Telegram (HTML parse mode) ---------------------------------------------------------------

MESSAGE_LIMIT = 4096
SNIPPET = 160


def highlight_spans(analyzer: Analyzer, text: str, matched: frozenset[str]) -> list[tuple[int, int]]:
    """Character spans of the words in ``text`` whose keys matched the question."""
    return [(start, end) for start, end, key in analyzer.spans(text) if key in matched]


def highlight_html(text: str, spans: list[tuple[int, int]]) -> str:
    """The text HTML-escaped, with the given character spans in <b>."""
    out: list[str] = []
    last = 0
    for start, end in sorted(spans):
        if start < last:
            continue
        out.append(html.escape(text[last:start]))
        out.append(f"<b>{html.escape(text[start:end])}</b>")
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out)


QUESTION_SHOWN = 160  # of the interviewer's question above a quick answer; the rest is "…"
ANSWER_SHOWN = 800  # of the answering sentences (a collection's passage may be one long sentence)


def passage_html(
    passage: Passage,
    spans: list[tuple[int, int]],
    lang: Language,
    link: str | None = None,
    body_limit: int = 3000,
    answer: tuple[str, list[tuple[int, int]]] | None = None,
) -> str:
    """An answer message: the question, the passage (matches in bold), the attribution, the link.

    With ``answer`` (the sentences that answer, and their matches), the reply opens with them,
    after the interviewer's question, and the whole passage follows folded in an expandable
    quote: the few words that answer are read first, not in the middle of 600 characters.
    """
    question = passage.question if passage.question is not None else messages.text(lang, "lead")
    body = passage.text
    if len(body) > body_limit:  # never for our passages; a JSONL collection may hold long ones
        body = body[:body_limit].rsplit(" ", 1)[0] + " …"
        spans = [(s, e) for s, e in spans if e <= len(body)]
    quick = answer is not None and answer[0].strip() and answer[0].strip() != body.strip()
    if quick and answer is not None:
        said, said_spans = answer
        if len(said) > ANSWER_SHOWN:
            said = said[:ANSWER_SHOWN].rsplit(" ", 1)[0] + " …"
            said_spans = [(s, e) for s, e in said_spans if e <= len(said)]
        parts = [
            f"❓ <i>{html.escape(snippet(question, QUESTION_SHOWN))}</i>",
            f"💬 {highlight_html(said, said_spans)}",
            f"<blockquote expandable>{highlight_html(body, spans)}</blockquote>",
        ]
    else:
        parts = [f"❓ <i>{html.escape(question)}</i>", highlight_html(body, spans)]
    if passage.truncated:
        parts[-1] += " " + html.escape(messages.text(lang, "truncated"))
    parts.append(messages.attribution_html(passage.speaker, passage.interview_title) + link_html(link, lang))
    return trim_html("\n\n".join(parts))


def quote_html(passage: Passage, quote: str, lang: Language, link: str | None = None) -> str:
    """A short quote to share: the answering sentences, who said them, where, and the link."""
    return f"{html.escape(messages.quoted(quote), quote=False)}\n\n{caption_html(passage, lang, link)}"


def caption_html(passage: Passage, lang: Language, link: str | None = None) -> str:
    """A quote card's caption: who said it, where, and the link (well within 1,024 characters)."""
    title = snippet(passage.interview_title, 200)
    return messages.attribution_html(passage.speaker, title) + link_html(link, lang)


def link_html(link: str | None, lang: Language) -> str:
    """The passage's deep link, on its own line under the attribution; "" without one."""
    if not link:
        return ""
    return f'\n<a href="{html.escape(link, quote=True)}">{html.escape(messages.text(lang, "link"))}</a>'


def trim_html(message: str, limit: int = MESSAGE_LIMIT) -> str:
    """A message within Telegram's limit; only ever cut between tags, never inside one."""
    if len(message) <= limit:
        return message
    cut = message[: limit - 2]
    cut = cut[: cut.rfind("\n")] if "\n" in cut else cut[: cut.rfind("<")]
    return cut + "\n…"


def split_html_paragraphs(paragraphs: list[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Join already-escaped paragraphs into as few messages as fit, each within the limit."""
    chunks: list[str] = []
    for paragraph in paragraphs:
        paragraph = trim_html(paragraph, limit)
        if chunks and len(chunks[-1]) + 2 + len(paragraph) <= limit:
            chunks[-1] += "\n\n" + paragraph
        else:
            chunks.append(paragraph)
    return chunks


def segment_html(passages: list[Passage], lang: Language) -> list[str]:
    """The whole answer to one question, as one or more messages."""
    if not passages:
        return []
    first = passages[0]
    question = first.question if first.question is not None else messages.text(lang, "lead")
    paragraphs = [f"❓ <b>{html.escape(question)}</b>"]
    paragraphs += [html.escape(p.text) for p in passages]
    if passages[-1].truncated:
        paragraphs[-1] += " " + html.escape(messages.text(lang, "truncated"))
    paragraphs.append(messages.attribution_html(first.speaker, first.interview_title))
    return split_html_paragraphs(paragraphs)


def snippet(text: str, length: int = SNIPPET) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length].rsplit(" ", 1)[0] + " …"


def button_label(text: str, length: int = 60) -> str:
    return snippet(text, length)
