"""Plain text and Markdown whose questions are marked: «س:», a bullet, bold, a heading, or a bare
line ending in «؟» in a clean text."""

from __future__ import annotations

import re
from datetime import date

from bot.ingest.blocks import ANSWER_MARK, QUESTION_MARK, Block, Kind
from bot.ingest.draft import Draft, read_all
from bot.ingest.header import Metadata, subtitle_parts
from bot.ingest.repair import TERMINAL, strip_bullet

# «[خنده]», «[پایان فایل]»: a transcriber's marks, not what was said.
TRANSCRIBER_MARK = re.compile(
    r"\s*\[[^\]\[]{1,30}\]"
    r"|\s*\((?:خنده|می\u200c?خندد|موسیقی|آگهی|پخش[^()]{0,20}|سکوت|مکث|تشویق|قطع[^()]{0,15}|صدای[^()]{0,20})\)"
)


# Questions as editors mark them without a label: a line of its own that ends in a question mark,
# after a bullet («- …؟», «* …؟», «• …؟»), in bold («**…؟**», «**…**؟») or as a heading («### …؟»).
ASKED_LINE = re.compile(
    r"^\s*(?:[-*•]\s+(?P<bullet>.+[؟?](?:\s+[^؟?]{1,160}[.!])?)"
    r"|(?:[0-9۰-۹]{1,2}[.)-]\s*)?\*\*(?P<bold>.+?[؟?]?)\*\*\s*(?P<mark>[؟?])?"
    r"|[0-9۰-۹]{1,2}[.)]\s+(?P<numbered>[^*].*[؟?])"
    r"|#{2,6}\s+(?P<heading>.+[؟?]))\s*$"
)
# A news site's end mark, not part of the last answer.


def asked_in(line: str) -> str | None:
    """The question a line marks, by a label («س:») or as editors mark one without a label."""
    marked = QUESTION_MARK.match(line)
    if marked:
        return marked.group(1).strip()
    asked = ASKED_LINE.match(line)
    if asked is None:
        return None
    if asked.group("bold") is not None:
        text = asked.group("bold").strip() + (asked.group("mark") or "")
        return text if "؟" in text or "?" in text else None  # «**…؟ …است.**» asks too
    return (asked.group("bullet") or asked.group("heading") or asked.group("numbered")).strip()


HTML_COMMENT = re.compile(r"<!--.*?-->")
MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
HASHTAGS = re.compile(r"^(?:[^#]{0,20}:\s*)?(?:#\S+\s*)+$")  # «برچسب‌ها: #شیراز #کوار»
ITALIC_LINE = re.compile(r"^(?:\*[^*].*[^*]\*|_[^_].*[^_]_)$")


def inline_text(text: str) -> str:
    """A line's words as a reader sees them: a Markdown link's text without its address, no
    emphasis marks, no transcriber's marks («[خنده]»)."""
    text = MARKDOWN_LINK.sub(lambda m: m.group(1), text)
    text = EMPHASIS.sub(lambda m: m.group(2), text)
    text = TRANSCRIBER_MARK.sub("", text)
    return " ".join(text.split())


def text_blocks(raw: str) -> list[Block] | None:
    """Plain text or Markdown as blocks: a «# » heading is the title, a line that ``asked_in``
    reads is a question, a blank line a break, «---» a rule, an image or an italic line a note.
    None when no line is marked as a question."""
    lines = [line.strip() for line in raw.replace("\r\n", "\n").split("\n")]
    bare: set[int] = set()
    if not any(asked_in(line) for line in lines):
        bare = bare_questions(lines)
        if not bare:
            return None
    blocks: list[Block] = []
    fenced = False
    for number, line in enumerate(lines, start=1):
        if line.startswith(("```", "~~~")):  # a code block: its lines are text, its fences are not
            fenced = not fenced
            blocks.append(Block(Kind.BREAK, "", number))
            continue
        if fenced:
            if line:
                blocks.append(Block(Kind.TEXT, line, number))
            continue
        if HTML_COMMENT.fullmatch(line):  # «<!--more-->»
            continue
        if not line:
            blocks.append(Block(Kind.BREAK, "", number))
        elif number - 1 in bare:
            blocks.append(Block(Kind.QUESTION, inline_text(line), number))
        elif (asked := asked_in(line)) is not None:
            blocks.append(Block(Kind.QUESTION, inline_text(asked), number))
        elif re.fullmatch(r"#\s+.+", line):
            blocks.append(Block(Kind.TITLE, inline_text(line[1:]), number))
        elif re.fullmatch(r"(?:-{3,}|\*{3,}|_{3,})", line):
            blocks.append(Block(Kind.RULE, "", number))
        elif line.startswith("![") or ITALIC_LINE.match(line) or HASHTAGS.match(line):
            blocks.append(Block(Kind.NOTE, line, number))
        else:
            blocks.append(Block(Kind.TEXT, inline_text(ANSWER_MARK.sub("", line).lstrip("# ")), number))
    return blocks


def bare_questions(lines: list[str]) -> set[int]:
    """The lines that are questions in a clean text that marks none: a line of its own, of at
    most 40 words, ending in «؟», after a blank line or a finished sentence and followed by a
    line that is not one (its answer), and not the text's first line (a headline may ask).
    Never in text as a PDF extractor gives it (decorative bullets, lines wrapped mid-sentence):
    there a wrapped question's last line ends in «؟» too."""
    filled = [line for line in lines if line]
    if not filled or any(strip_bullet(line)[0] for line in filled):
        return set()
    finished = sum(1 for line in filled if line.endswith(TERMINAL))
    if finished < 0.6 * len(filled):  # hard-wrapped: a line is not a paragraph here
        return set()
    first = next(i for i, line in enumerate(lines) if line)
    found: set[int] = set()
    for i, line in enumerate(lines):
        if i == first or not line.endswith(("؟", "?")) or len(line.split()) > 40:
            continue
        before = next((x for x in reversed(lines[:i]) if x), "")
        after = next((x for x in lines[i + 1 :] if x), "")
        if (not lines[i - 1] or before.endswith(TERMINAL)) and after and not after.endswith(("؟", "?")):
            found.add(i)
    return found if len(found) >= 2 else set()


def import_clean(raw: str, source: str = "<text>") -> list[Draft] | None:
    """A text layer that is not damaged, read by ``text_blocks`` and ``read_blocks``; None when
    no line is marked as a question."""
    blocks = text_blocks(raw)
    return None if blocks is None else read_all(blocks, source)


FORMAT_HEADING = re.compile(r"^##\s+(?:Q:|Lead\s*$)", re.M)
FRONT_MATTER = re.compile(r"\A---\s*\n(?P<yaml>.*?)\n---\s*\n", re.S)


def foreign_front_matter(raw: str) -> tuple[Metadata, str] | None:
    """A blog post's front matter (Hugo, Jekyll: «title:», «description:», «author:», «tags:»):
    what it says of the interview, and the text after it. None when the text has none, or when
    it is an interview file's."""
    import yaml

    found = FRONT_MATTER.match(raw)
    if found is None:
        return None
    try:
        fields = yaml.safe_load(found.group("yaml"))
    except yaml.YAMLError:
        return None
    # An interview file has an «id» or the format's headings: it is checked as one (a typo in it
    # gets its file:line), never read as a blog's post.
    if not isinstance(fields, dict) or "id" in fields or FORMAT_HEADING.search(raw[found.end() :]):
        return None

    def text(*keys: str) -> str:
        for key in keys:
            value = fields.get(key)
            if isinstance(value, str | int | float) and not isinstance(value, bool) and str(value).strip():
                return str(value).strip()
            if isinstance(value, date):
                return value.isoformat()
        return ""

    meta = Metadata(title=text("title"), interviewer=text("author", "authors"), date=text("date"))
    about = text("description", "subtitle", "summary", "excerpt")
    if subtitle_parts(about):
        meta.subtitle = about
        meta.interviewee, meta.role = subtitle_parts(about) or ("", "")
    categories = fields.get("categories")
    if isinstance(categories, list) and categories and isinstance(categories[0], str):
        meta.rubric = categories[0]
    return meta, raw[found.end() :]
