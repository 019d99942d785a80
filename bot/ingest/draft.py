"""A draft interview as a form reads it (metadata, lead, questions with their answers, warnings),
and the reader every structured form shares: blocks sorted into a header, questions and answers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.ingest.blocks import Block, Kind
from bot.ingest.header import BYLINE, CREDIT, SUBTITLE, Header, Metadata, is_chrome, read_header
from bot.ingest.repair import TERMINAL


@dataclass
class Draft(Metadata):
    lead: list[str] = field(default_factory=list)
    questions: list[tuple[str, list[str]]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    form: str = ""  # the form it was read as: «transcript», «subtitles», «Word file»…


# Where a page's footer starts below the last answer: readers' comments, tags, related links.
FOOTER = re.compile(
    r"^(?:نظرات(?:\s+کاربران)?|دیدگاه\S*|ارسال\s+نظر|برچسب\S*\s*:|مطالب\s+مرتبط|اخبار\s+مرتبط|لینک\s+کوتاه)"
)
END_MARKS = frozenset({"انتهای پیام", "انتهای پیام/", "/انتهای پیام", "■"})


def read_blocks(blocks: list[Block], source: str) -> Draft:
    """A draft from a structured source's blocks. What comes before the first question is read
    by ``read_header``; after it, text is the answer of the question above it. Site chrome and
    end marks are left out, and so is everything after a rule that follows the last answer (a
    footer: a note, tags)."""
    draft = Draft()
    first = next((i for i, b in enumerate(blocks) if b.kind is Kind.QUESTION), len(blocks))
    header = Header()
    pieces: list[tuple[int, str]] = []
    above = 0  # pieces above the marked title
    for b in blocks[:first]:
        if b.kind is Kind.TITLE and not header.title:
            header.title = b.text
            above = len(pieces)
        elif b.kind in (Kind.TEXT, Kind.TITLE):
            pieces.append((b.line, b.text))
        elif b.kind is Kind.NOTE and (SUBTITLE.match(b.text) or BYLINE.match(b.text)):
            pieces.append((b.line, b.text))  # a byline set in italics is still the byline
        elif b.kind is Kind.NOTE:
            draft.warnings.append(f"{source}:{b.line}: «{b.text[:40]}» is a note or an image: left out")
    draft.fill(read_header(pieces, header, above))
    lead = list(header.lead)
    if len(lead) >= 2 and len(lead[-1].split()) <= 6 and not lead[-1].endswith(TERMINAL):
        draft.warnings.append(f"{source}: «{lead[-1]}» heads the first section, not the lead: left out")
        lead.pop()  # «دوران کودکی» above the first question
    draft.lead = [line for text in lead for line in (text, "")]
    last_question = max((i for i, b in enumerate(blocks) if b.kind is Kind.QUESTION), default=first)
    for i, b in enumerate(blocks[first:], start=first):
        if b.kind is Kind.QUESTION:
            draft.questions.append((b.text, []))
        elif b.kind is Kind.RULE and i > last_question:
            rest = [x for x in blocks[i + 1 :] if x.kind is not Kind.BREAK]
            if rest:
                draft.warnings.append(
                    f"{source}:{b.line}: {len(rest)} paragraph(s) after the rule below the last answer"
                    " read as a footer: left out"
                )
            break
        elif b.kind is Kind.BREAK and draft.questions[-1][1]:
            draft.questions[-1][1].append("")
        elif b.kind is Kind.NOTE:
            draft.warnings.append(f"{source}:{b.line}: «{b.text[:40]}» is a note or an image: left out")
        elif b.kind is Kind.TEXT and b.text:
            if (b.text.strip() in END_MARKS or FOOTER.match(b.text)) and i > last_question:
                rest = [x for x in blocks[i + 1 :] if x.kind is not Kind.BREAK]
                draft.warnings.append(
                    f"{source}:{b.line}: «{b.text[:40]}» ends the article: it and {len(rest)} paragraph(s)"
                    " after it (tags, links, comments) left out"
                )
                break
            if b.text.strip() in END_MARKS or is_chrome(b.text) or CREDIT.match(b.text):
                draft.warnings.append(
                    f"{source}:{b.line}: «{b.text[:40]}» is the site's, not the answer's: left out"
                )
                continue
            if (byline := BYLINE.match(b.text)) and len(b.text.split()) <= 8:  # «گفت‌وگو: X» at the end
                draft.interviewer = draft.interviewer or byline.group("name").strip()
                continue
            if any(draft.questions[-1][1]) and _sub_heading(blocks, i):  # never an answer's first words
                draft.warnings.append(f"{source}:{b.line}: «{b.text[:40]}» is a sub-heading: left out")
                continue
            draft.questions[-1][1].append(b.text)
    drop_closing_remark(draft, source)
    return draft


def _sub_heading(blocks: list[Block], i: int) -> bool:
    """A paragraph of one short line with no closing punctuation, standing between an answer's
    end and the next question: a section's heading («دوران کودکی»), not what was said."""
    text = blocks[i].text.strip()
    if len(text.split()) > 10 or text.endswith(TERMINAL) or i == 0:
        return False
    before = blocks[i - 1]
    after = [b for b in blocks[i + 1 : i + 3] if b.kind is not Kind.BREAK]
    return (
        before.kind in (Kind.BREAK, Kind.QUESTION, Kind.NOTE)
        and bool(after)
        and after[0].kind is Kind.QUESTION
        and before.kind is not Kind.QUESTION
    )


def split_blocks(blocks: list[Block]) -> list[list[Block]]:
    """One list of blocks per interview: in a file that holds several (a magazine issue), a new
    one starts at a title that comes after a question."""
    parts: list[list[Block]] = [[]]
    asked = False
    for block in blocks:
        if block.kind is Kind.TITLE and asked:
            parts.append([])
            asked = False
        asked = asked or block.kind is Kind.QUESTION
        parts[-1].append(block)
    return parts


def read_all(blocks: list[Block], source: str) -> list[Draft]:
    return [read_blocks(part, source) for part in split_blocks(blocks)]


def drop_closing_remark(draft: Draft, source: str) -> None:
    """The interviewer's last turn, when it asks nothing («ممنون که وقت گذاشتید.») and gets a
    short reply, is the goodbye, not a question: left out, with a warning."""
    while len(draft.questions) >= 2:
        question, answer = draft.questions[-1]
        said = " ".join(line for line in answer if line)
        if question.rstrip().endswith(("؟", "?")) or len(question.split()) > 40 or len(said.split()) > 15:
            return
        draft.questions.pop()
        draft.warnings.append(
            f"{source}: the last turn «{question[:40]}» asks nothing: left out as a goodbye"
        )


def is_rule(line: str) -> bool:
    """A separator line: «-----», «=====», «■»."""
    return set(line) <= set("-–—_=*■ ")
