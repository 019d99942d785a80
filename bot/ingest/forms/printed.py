"""A printed magazine's pages exported as plain text: running heads with page numbers in the
middle of the text, lines hard-wrapped at the column's width, words broken at a line's end
without a hyphen, paragraphs separated by a single line break, questions after a bullet («■»),
and boxed sidebars that belong to no answer.

Running heads (a line that comes back with only its numbers changed, or that names a page) and
bare page numbers go. A line as wide as the column runs on into the next; a shorter one ends its
paragraph. A word broken at a line's end is joined again («نمی» + «آمدم» → «نمی‌آمدم»,
«رمان» + «های» → «رمان‌های»). A question runs from its bullet to the line that ends a sentence,
and takes a follow-up line that asks too. A block between blank lines whose lines are narrower
than the column (a sidebar) is left out. The result is marked text, read by ``forms.text``.
"""

from __future__ import annotations

import re
from collections import Counter
from statistics import median

from bot.ingest.blocks import QUESTION_MARK
from bot.ingest.repair import BULLETS, TERMINAL

PAGE_NUMBER = re.compile(r"^[-–—\s]*[0-9۰-۹]{1,4}[-–—\s]*$")
NAMES_PAGE = re.compile(r"(?:صفحه\S*|ص\.)\s*[0-9۰-۹]{1,4}")
# What a broken word's second half can be: an ending that never stands alone.
ENDINGS = re.compile(
    r"^(?:ها|های|هایی|هایش|هایم|هایت|هایشان|هایمان|ترین|ترینش|ترینشان|تر|تری|اند|ای|ام|ایم|اید)\b"
)
VERB_PREFIX = ("می", "نمی")
BOX_SIDE = frozenset("│║┃|")
BOX_RULE = frozenset("─━═┌┐└┘╔╗╚╝┏┓┗┛-=_+ ")


def _shape(line: str) -> str:
    return re.sub(r"[0-9۰-۹]+", "#", line)


def running_heads(lines: list[str]) -> set[int]:
    """The lines that are running heads or page numbers."""
    shapes = Counter(_shape(line) for line in lines if line)
    heads = set()
    for i, line in enumerate(lines):
        if not line:
            continue
        repeated = shapes[_shape(line)] >= 2 and re.search(r"[0-9۰-۹]", line) and len(line) < 100
        numbered_head = " | " in line and re.search(r"[0-9۰-۹]", line) and len(line.split()) <= 12
        page = NAMES_PAGE.search(line) and " | " in line
        if PAGE_NUMBER.match(line) or repeated or page or numbered_head:
            heads.add(i)
    return heads


def looks_printed(raw: str) -> bool:
    """Running heads that come back, and most lines wrapped mid-sentence."""
    lines = [line.strip() for line in raw.replace("\r\n", "\n").split("\n")]
    filled = [line for line in lines if line]
    if len(filled) < 8:
        return False
    # A running head names the publication or the page: words, not only a time («[۰۰:۰۲:۱۰]»).
    heads = [i for i in running_heads(lines) if re.search(r"[^\W\d_]{3,}", lines[i])]
    open_lines = sum(1 for line in filled if not line.endswith(TERMINAL))
    return len(heads) >= 2 and open_lines > 0.5 * len(filled)


def _bullet(line: str) -> str | None:
    """The question a line opens, after a bullet («■ …») or a label («س: …»)."""
    for bullet in BULLETS:
        if line.startswith(bullet):
            return line[len(bullet) :].strip()
    labelled = QUESTION_MARK.match(line)
    return labelled.group(1).strip() if labelled else None


def _join(left: str, right: str) -> str:
    """Two wrapped lines as one: a word broken at the end joined with a ZWNJ, else a space."""
    last = left.split()[-1] if left.split() else ""
    if left.endswith("-") and len(last) > 1 and right[:1].isalpha():  # «هم-\nزمان»: a hyphen at the break
        joiner = "" if last[-2:-1].isascii() else "\u200c"
        return f"{left[:-1]}{joiner}{right}"
    if last in VERB_PREFIX or ENDINGS.match(right):
        return f"{left}\u200c{right}"
    return f"{left} {right}"


def printed_text(raw: str) -> tuple[str, list[str]]:
    """The pages as marked text (paragraphs between blank lines, «س: …» before each question),
    and warnings for what was left out."""
    lines = [line.strip() for line in raw.replace("\r\n", "\n").split("\n")]
    warnings: list[str] = []
    boxed = [i for i, line in enumerate(lines) if line[:1] in BOX_SIDE or (line and set(line) <= BOX_RULE)]
    if boxed:  # a box drawn with lines («┌──┐», «│ … │») is a sidebar: it and its frame go
        warnings.append(f"print: a box drawn with lines ({len(boxed)} lines) is no answer's: left out")
        lines = ["" if i in set(boxed) else line for i, line in enumerate(lines)]
    heads = running_heads(lines)
    first_question = next((i for i, line in enumerate(lines) if _bullet(line) is not None), len(lines))
    header = [line for i, line in enumerate(lines[:first_question]) if i in heads]  # the masthead
    lines = [("" if i in heads and i >= first_question else line) for i, line in enumerate(lines)]
    for i in sorted(heads):
        if i < first_question:
            lines[i] = ""
    widths = [len(line) for line in lines if len(line) > 20]
    column = median(widths) if widths else 60
    full = 0.85 * column

    # Blocks between blank lines; a block of narrow lines between answers is a sidebar.
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    out: list[str] = [*header, ""]
    asking = False
    paragraph = ""
    seen_question = False
    for block in blocks:
        if not block:
            continue
        narrow = len(block) >= 3 and median(len(line) for line in block[:-1]) < 0.8 * column
        if seen_question and narrow and _bullet(block[0]) is None and not block[0][0].isspace():
            warnings.append(
                f"print: the box «{block[0][:40]}» ({len(block)} lines) belongs to no answer: left out"
            )
            continue
        for line in block:
            asked = _bullet(line)
            if asked is not None:
                if paragraph:
                    out.append(paragraph)
                out.extend(["", f"س: {asked}"])
                paragraph, asking, seen_question = "", not asked.endswith(TERMINAL), True
                continue
            if asking:  # the question runs on to the end of its sentence
                out[-1] = _join(out[-1], line)
                asking = not line.endswith(TERMINAL)
                continue
            if out[-1].startswith("س: ") and not paragraph and line.endswith(("؟", "?")) and len(line) < full:
                out[-1] = _join(out[-1], line)  # a follow-up question on its own line
                continue
            if out[-1].startswith("س: ") and not paragraph:
                out.append("")
            paragraph = _join(paragraph, line) if paragraph else line
            if len(line) < full and (line.endswith(TERMINAL) or not seen_question):
                out.extend([paragraph, ""])  # a short line ends its paragraph
                paragraph = ""
        if paragraph and block[-1].endswith(TERMINAL) and not seen_question:
            out.extend([paragraph, ""])
            paragraph = ""
    if paragraph:
        out.append(paragraph)
    if heads:
        warnings.append(f"print: {len(heads)} running head(s) and page number(s) left out")
    return "\n".join(out), warnings
