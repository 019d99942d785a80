"""Import: text as a PDF extractor gives it, repaired into the interview file format.

Each repair is a small function over a line or a word, tested on its own. Then the lines are
read as a magazine page: a decorative bullet opens a question (or, with «name /», the byline
and lead); a question stays open until its «؟», even across a column break; short lines standing
alone are the title block. What cannot be decided is reported as a warning with its line number.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from pathlib import Path

from bot.analysis import dictionary
from bot.analysis.cache import load_lexicon
from bot.analysis.chars import ZWNJ, fold
from bot.library.blocks import ANSWER_MARK, QUESTION_MARK, Block, Kind
from bot.library.header import (
    BYLINE,
    SUBTITLE,
    Header,
    Metadata,
    is_chrome,
    read_header,
    speaker_in,
    subtitle_parts,
)
from bot.settings import ImportLimits

BULLETS = ("ëë", "■", "●", "◆", "▪", "•")
KASHIDA = "\u0640"
NON_JOINING = set("اآأإدذرزژوؤء")  # letters that do not join to the next one: no ZWNJ needed after them
TERMINAL = (".", "؟", "?", "!", ":", "»", "…")
# A Persian letter (with its marks): not «،», «؛», «؟», the Arabic block's digits or «٪».
LETTER = r"[\u0621-\u065f\u0670-\u06d3\u06d5-\u06ef\u06fa-\u06ff]"


@dataclass
class Draft(Metadata):
    lead: list[str] = field(default_factory=list)
    questions: list[tuple[str, list[str]]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# --- character and word repairs ----------------------------------------------------------------


def strip_kashida(text: str) -> str:
    return text.replace(KASHIDA, "")


def strip_bullet(line: str) -> tuple[bool, str]:
    stripped = line.strip()
    for bullet in BULLETS:
        if stripped.startswith(bullet):
            return True, stripped[len(bullet) :].strip()
    return False, stripped


def unmirror(text: str) -> str:
    """«» and () the right way round when the extractor gave them in visual order (»…« and )…()."""
    opening, closing = text.find("«"), text.find("»")
    if closing != -1 and (opening == -1 or closing < opening):
        text = text.replace("«", "\0").replace("»", "«").replace("\0", "»")
    opening, closing = text.find("("), text.find(")")
    if closing != -1 and (opening == -1 or closing < opening):
        text = text.replace("(", "\0").replace(")", "(").replace("\0", ")")
    return text


def fix_punctuation_spacing(text: str) -> str:
    """«میرلوحی ،عضو» → «میرلوحی، عضو»; «کنند.موضوعی» → «کنند. موضوعی»."""
    text = re.sub(r"\s+([،؛,:.!؟])(?=\S)", r"\1 ", text)
    text = re.sub(r"\s+([،؛!؟])", r"\1", text)
    text = re.sub(r"(?<=[\u0600-\u06ff])([.،؛؟!])(?=[\u0600-\u06ff])", r"\1 ", text)
    return text


def persian_digits(text: str) -> str:
    """Latin digits inside Persian text become Persian digits; a Latin-only text, and a code
    written with Latin letters («N95», «COVID-19», «H2O»), keep theirs."""

    def convert(match: re.Match[str]) -> str:
        return match.group().translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))

    if not re.search(r"[\u0600-\u06ff]", text):
        return text
    return re.sub(r"(?<![A-Za-z\d])(?<![A-Za-z]-)\d+(?![A-Za-z\d])", convert, text)  # N95, COVID-19 stay


@cache
def zwnj_words() -> dict[str, str]:
    """hazm's words written with ZWNJ, keyed by their spelling without it."""
    words: dict[str, str] = {}
    for word, count in dictionary.word_counts().items():
        if ZWNJ in word and not word.startswith(ZWNJ) and not word.endswith(ZWNJ) and ZWNJ * 2 not in word:
            joined = word.replace(ZWNJ, "")
            if joined not in words or count > dictionary.word_counts()[words[joined]]:
                words[joined] = word
    return words


def known(word: str) -> bool:
    """A word of the language: listed by hazm, or a listed word with an inflection."""
    lexicon = load_lexicon()
    key = fold(word)
    return key in lexicon.verb_lemma or lexicon.frequency.get(lexicon.stem(key), 0) > 0


# Plural endings set apart when hazm knows the stem. Comparatives («بیشتر», «فیلتر» is no
# comparative) are written joined as often as apart: only hazm's own spelling sets them apart.
PLURALS = ("هایی", "های", "ها")
# Demonstratives with «ها» are as often written joined as apart: the writer's choice stands.
JOINED_BY_CUSTOM = frozenset({"آنها", "اینها", "آنهایی", "اینهایی"})
AFTER_HEH = ("اند", "ای", "ام", "ایم", "اید")


def _join(stem: str, suffix: str) -> str:
    """Attach a suffix, with a ZWNJ where the stem's last letter would otherwise join it."""
    if stem and stem[-1] not in NON_JOINING:
        return stem + ZWNJ + suffix
    return stem + suffix


def _prefer_zwnj(word: str) -> str | None:
    """hazm's ZWNJ spelling of a word, when hazm's counts prefer it to the joined one."""
    spelled = zwnj_words().get(word)
    if spelled is None:
        return None
    joined, apart = dictionary.word_counts().get(word, -1), dictionary.word_counts()[spelled]
    return spelled if apart > joined or apart == joined == 0 else None


def repair_word(word: str, damaged: bool = True) -> str:
    """Put back a missing ZWNJ (or a missing space after «و»/«در») in one word.

    Only what PDF extraction loses: a word the language writes joined (آنکه، سخنرانی) stays, and
    a word that has a ZWNJ is as its writer spelled it. A verb's «می» is always set apart; the
    rest (hazm's spellings, plural and comparative endings, «و»/«در» glued on) only when
    ``damaged``: in a text that has its ZWNJ, a joined word is the writer's choice («کوهنورد»).
    """
    if ZWNJ in word or not re.fullmatch(f"{LETTER}+", word) or len(word) < 3:
        return word
    lexicon = load_lexicon()
    for prefix in ("نمی", "می"):  # «میشود»: a verb's prefix is always set apart
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) >= 2 and fold(rest) in lexicon.verb_lemma:
            return prefix + ZWNJ + rest
    if not damaged:
        return word
    preferred = _prefer_zwnj(word)
    if preferred is not None:
        return preferred
    for suffix in ("یی", "ی"):  # «گفتوگویی»
        stem = _prefer_zwnj(word[: -len(suffix)]) if word.endswith(suffix) else None
        if stem:
            return stem + suffix
    if dictionary.word_counts().get(word, 0) > 0 or word in JOINED_BY_CUSTOM:  # written joined: leave it
        return word
    counts = dictionary.word_counts()
    for suffix in PLURALS:  # «رسانهها», «کلانشهرها»; «انتهای» is «انتها» + «ی», not «انت» + «های»
        stem = word[: -len(suffix)]
        if counts.get(word[:-1], 0) > counts.get(stem, 0):
            break
        if word.endswith(suffix) and len(stem) >= 2 and (known(stem) or stem in zwnj_words()):
            return _join(_prefer_zwnj(stem) or stem, suffix)
    for suffix in AFTER_HEH:  # «شدهاند»
        stem = word[: -len(suffix)]
        if counts.get(word[:-1], 0) > counts.get(stem, 0):
            break
        if word.endswith(suffix) and stem.endswith("ه") and len(stem) >= 2 and known(stem):
            return stem + ZWNJ + suffix
    for particle in ("و", "در"):  # «واقتصاد», «ودر», «درشهرها»
        rest = word[len(particle) :]
        if word.startswith(particle) and len(rest) >= 2 and known(rest) and not known(word):
            return f"{particle} {repair_word(rest, damaged)}"
    return word


def repair_words(text: str, damaged: bool = True) -> str:
    """Each word repaired; a word is its letters with the ZWNJ inside it («حمل‌ونقل» is one)."""
    return re.sub(f"(?:{LETTER}|\u200c)+", lambda m: repair_word(m.group(), damaged), text)


def zwnj_damaged(text: str) -> bool:
    """Whether a text lost its ZWNJ: more of its words would be repaired than carry a ZWNJ. A
    clean text, most of whose words that take a ZWNJ have it, is left as its writer spelled it."""
    words = re.findall(f"(?:{LETTER}|\u200c)+", text)
    carried = sum(1 for w in words if ZWNJ in w.strip(ZWNJ))
    changed = {w for w in set(words) if ZWNJ not in w and repair_word(w, True) != w}
    return sum(1 for w in words if w in changed) > carried


# --- reversed lines ----------------------------------------------------------------------------


def bigrams(lines: list[str]) -> Counter[tuple[str, str]]:
    counts: Counter[tuple[str, str]] = Counter()
    for line in lines:
        words = line.split()
        counts.update(pairwise(words))
    return counts


def looks_reversed(line: str, context: Counter[tuple[str, str]]) -> bool:
    """Double spaces between words are the extractor's tell; the rest of the text decides."""
    words = line.split()
    if "  " not in line.strip() or len(words) < 3:
        return False
    forward = sum(context[pair] for pair in pairwise(words))
    backward = sum(context[pair] for pair in pairwise(words[::-1]))
    return backward >= forward


# --- reading the page ----------------------------------------------------------------------------


def clean_line(line: str) -> str:
    return " ".join(strip_kashida(line).split())


def import_text(raw: str, source: str = "<text>") -> Draft:
    """Read raw extracted text into a draft interview, with warnings for the editor."""
    lines = [strip_kashida(line.rstrip("\n")) for line in raw.replace("\r\n", "\n").split("\n")]
    context = bigrams([clean_line(line) for line in lines if "  " not in line.strip()])
    draft = Draft()
    mode = "none"  # none | question | answer | lead
    question: list[str] = []
    question_line = 0
    question_blocks: list[tuple[int, int, str]] = []  # (block, line, text) of a question's run-on lines
    title_block: list[tuple[int, str]] = []
    answer_lines: list[tuple[int, int, str]] = []  # (block, line, text) of the open answer
    resumed = ""  # the mode a title block interrupted, to go back to after the lead

    def lift(run: list[tuple[int, int, str]], texts: list[str], number: int, inside: str) -> None:
        """The title block sat inside a column: the last block of ``run`` (lines before the
        subtitle, after a blank line) is its first lines, not part of ``texts``."""
        last = run[-1][0] if run else -1
        while run and run[-1][0] == last and last != block:
            title_block.insert(0, run.pop()[1:])
            texts.pop()
        if title_block and title_block[0][0] < number:
            draft.warnings.append(
                f"{source}:{title_block[0][0]}: lines {title_block[0][0]}-{number} sit inside the {inside}"
                " (a column break): read as the title block, the text goes on after it: check it"
            )

    def close_question() -> None:
        nonlocal question
        draft.questions.append((" ".join(question), []))
        question = []
        answer_lines.clear()

    block = 0  # blank lines separate blocks: the title block is the one before «گفت‌وگو با»
    for number, original in enumerate(lines, start=1):
        if not original.strip():
            block += 1
            continue
        bullet, text = strip_bullet(original)
        if bullet and looks_reversed(text, context):
            text = " ".join(text.split()[::-1])
            draft.warnings.append(
                f"{source}:{number}: read as reversed word order and turned round: check it"
            )
        text = clean_line(text)
        if not text:
            continue
        if bullet and " / " in text[:60]:  # «هدی هاشمی / ...»: the byline, then the lead
            name, _, rest = text.partition(" / ")
            draft.interviewer = name.strip()
            draft.lead.append(rest)
            mode = "lead"
        elif bullet:  # a question starts; it may run on after a column break
            if question:
                draft.warnings.append(
                    f"{source}:{question_line}: a question without «؟» before line {number}"
                )
                close_question()
            question, question_line, mode = [text], number, "question"
            question_blocks = []
        elif mode == "title":
            title_block.append((number, text))
            continue
        elif mode == "lead":
            widths = sorted(len(line) for line in draft.lead)
            if (
                resumed
                and draft.lead[-1].endswith(TERMINAL)
                and len(draft.lead) >= 2
                and len(text) < 0.7 * widths[len(widths) // 2]
            ):  # the lead spans both columns; a column's narrow line after its last sentence is
                # the answer (or question) that the title block interrupted, going on
                mode = resumed
                if mode == "answer":
                    draft.questions[-1][1].append(text)
                else:
                    question.append(text)
                continue
            draft.lead.append(text)
            if text.endswith(":"):  # «… گفت‌وگویی انجام دادیم که می‌خوانید:»
                mode = "question" if question else "none"
            continue
        elif mode == "question":
            if _is_subtitle(text):  # the title block sat between the columns: it was the block before
                lift(question_blocks, question, number, f"question of line {question_line}")
                title_block.append((number, text))
                mode, resumed = "title", "question"
                continue
            question_blocks.append((block, number, text))
            question.append(text)
        elif mode == "answer" and draft.questions:
            if _is_subtitle(text):  # the title block sat inside an answer's column
                lift(
                    answer_lines, draft.questions[-1][1], number, f"answer to question {len(draft.questions)}"
                )
                title_block.append((number, text))
                mode, resumed = "title", "answer"
                continue
            draft.questions[-1][1].append(text)
            answer_lines.append((block, number, text))
            continue
        else:
            title_block.append((number, text))
            continue
        if mode == "question" and question and question[-1].endswith(("؟", "?")):
            close_question()
            mode = "answer"
    if question:
        draft.warnings.append(f"{source}:{question_line}: a question without «؟»: check where it ends")
        close_question()
    _read_title_block(draft, title_block, source)
    return draft


def _is_subtitle(text: str) -> bool:
    """«گفت‌وگو با <name>، <role>», also written «گفت‌وگو با: <name>» or «مصاحبه با …»."""
    return SUBTITLE.match(text) is not None


def read_subtitle(draft: Draft, text: str) -> None:
    """The interviewee and role from «گفت‌وگو با <name>، <role>», honorifics aside."""
    draft.interviewee, draft.role = subtitle_parts(text) or ("", "")


def _read_title_block(draft: Draft, block: list[tuple[int, str]], source: str) -> None:
    title: list[str] = []
    for number, text in block:
        if _is_subtitle(text):
            draft.subtitle = text
            read_subtitle(draft, text)
        elif text.replace(" ", "") in ("گفتوگو", "گفت‌وگو", "مصاحبه"):
            draft.rubric = text
        elif not draft.subtitle:
            title.append(text)
        else:
            draft.warnings.append(f"{source}:{number}: «{text}» is outside every column: left out")
    draft.title = " ".join(title)
    if not draft.interviewee:
        draft.interviewee = speaker_in(draft.lead)


# --- from the draft to the interview file --------------------------------------------------------


ARABIC_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})  # typed on an Arabic keyboard


def repair(text: str, damaged: bool = True) -> str:
    """Every in-line repair, in order; ``damaged`` as ``zwnj_damaged`` says of the whole text."""
    text = unmirror(text.translate(ARABIC_LETTERS))
    text = fix_punctuation_spacing(text)
    text = repair_words(text, damaged)
    text = persian_digits(text)
    return " ".join(text.split())


# Questions as editors mark them without a label: a line of its own that ends in a question mark,
# after a bullet («- …؟», «* …؟», «• …؟»), in bold («**…؟**», «**…**؟») or as a heading («### …؟»).
ASKED_LINE = re.compile(
    r"^\s*(?:[-*•]\s+(?P<bullet>.+[؟?])"
    r"|\*\*(?P<bold>.+?[؟?]?)\*\*\s*(?P<mark>[؟?])?"
    r"|#{2,6}\s+(?P<heading>.+[؟?]))\s*$"
)
# A news site's end mark, not part of the last answer.
END_MARKS = frozenset({"انتهای پیام", "انتهای پیام/", "/انتهای پیام", "■"})


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
        return text if text.endswith(("؟", "?")) else None
    return (asked.group("bullet") or asked.group("heading")).strip()


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
    for number, line in enumerate(lines, start=1):
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
    draft.lead = [line for text in header.lead for line in (text, "")]
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
            if b.text.strip() in END_MARKS or is_chrome(b.text):
                draft.warnings.append(
                    f"{source}:{b.line}: «{b.text[:40]}» is the site's, not the answer's: left out"
                )
                continue
            draft.questions[-1][1].append(b.text)
    drop_closing_remark(draft, source)
    return draft


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


def import_clean(raw: str, source: str = "<text>") -> list[Draft] | None:
    """A text layer that is not damaged, read by ``text_blocks`` and ``read_blocks``; None when
    no line is marked as a question."""
    blocks = text_blocks(raw)
    return None if blocks is None else read_all(blocks, source)


# Speaker turns: «خبرنگار: …» asks, «<name>: …» answers; the labels an interviewer goes by, and
# the header lines a transcript opens with.
TURN = re.compile(r"^(?P<label>[^\s:：][^:：]{0,30}?)\s*[:：]\s*(?P<text>.*)$")
INTERVIEWER_LABELS = frozenset({"خبرنگار", "مصاحبه‌کننده", "مصاحبه کننده", "مصاحبه‌گر", "مصاحبه گر", "مجری"})
BYLINE_LABELS = frozenset(
    {"مصاحبه‌کننده", "مصاحبه کننده", "مصاحبه‌گر", "مصاحبه گر"}
)  # the header's «…: <name>»
LEAD_LABELS = frozenset({"مقدمه", "پیش‌درآمد", "لید"})
TITLE_LABELS = frozenset({"عنوان", "تیتر"})
# «[خنده]», «[پایان فایل]»: a transcriber's marks, not what was said; «00:12:34» before a turn.
TRANSCRIBER_MARK = re.compile(r"\s*\[[^\]\[]{1,30}\]")
TIMESTAMP = re.compile(r"^\(?[0-9۰-۹]{1,2}[:：][0-9۰-۹]{2}(?:[:：][0-9۰-۹]{2})?\)?\s*[-–]?\s*")


def import_transcript(raw: str) -> Draft | None:
    """A speaker-turn transcript: a header of «label: value» lines («عنوان:», «گفت‌وگو با:»,
    «مصاحبه‌کننده:», «مقدمه:» before the lead), then turns. The interviewer's turns are the
    questions («خبرنگار:», or the interviewer's own name), every other speaker's the answers;
    an unlabelled paragraph continues the last speaker. None when fewer than two turns are the
    interviewer's."""
    lines = [
        TIMESTAMP.sub("", TRANSCRIBER_MARK.sub("", line).strip())
        for line in raw.replace("\r\n", "\n").split("\n")
    ]
    turns = [TURN.match(line) for line in lines]
    interviewer = next(
        (
            t.group("text").strip()
            for t in turns
            if t and t.group("label") in BYLINE_LABELS and t.group("text")
        ),
        "",
    )
    # The interviewer goes by a label, by name, or by a part of it («یزدانی:»), and «خبرنگار X:».
    labels = INTERVIEWER_LABELS | ({interviewer} if interviewer else set())
    labels |= {word for word in interviewer.split() if len(word) >= 3}

    def interviewer_label(label: str) -> bool:
        return label in labels or (label.split() or [""])[0] in INTERVIEWER_LABELS

    def asks(turn: re.Match[str] | None) -> bool:
        if turn is None or not interviewer_label(turn.group("label")) or not turn.group("text").strip():
            return False
        return not (turn.group("label") in BYLINE_LABELS and turn.group("text").strip() == interviewer)

    questions = [i for i, turn in enumerate(turns) if asks(turn)]
    if len(questions) < 2:
        return None
    # Who answers: a label that opens two turns or more («سپیده:»); «پدرم گفت: …» once is speech.
    said = Counter(t.group("label") for t in turns[questions[0] :] if t and not asks(t))
    speakers = {label for label, count in said.items() if count >= 2 and not interviewer_label(label)}
    draft = Draft(interviewer=interviewer)
    in_lead = False
    rest: list[tuple[int, str]] = []  # header lines the labels above do not read: date, outlet
    for number, (line, turn) in enumerate(zip(lines[: questions[0]], turns[: questions[0]], strict=True), 1):
        label = turn.group("label") if turn else ""
        if turn and label in TITLE_LABELS:
            draft.title = turn.group("text").strip()
        elif _is_subtitle(line):
            read_subtitle(draft, line)
        elif turn and label in LEAD_LABELS:
            in_lead = True
            if turn.group("text").strip():
                draft.lead.append(turn.group("text").strip())
        elif in_lead and line and not _is_rule(line):
            draft.lead.append(line)
        elif line and not in_lead:
            rest.append((number, line))
    header = read_header(rest, Header(title=draft.title or " ", interviewer=interviewer or " "))
    draft.date, draft.source = header.date, header.source
    speaker_asks = False
    for line, turn in zip(lines[questions[0] :], turns[questions[0] :], strict=True):
        if not line or _is_rule(line):
            if not speaker_asks and draft.questions and draft.questions[-1][1]:
                draft.questions[-1][1].append("")  # a paragraph ends
            continue
        if asks(turn):
            assert turn is not None
            draft.questions.append((turn.group("text").strip(), []))
            speaker_asks = True
        elif turn is not None and turn.group("label") in speakers:
            draft.questions[-1][1].append(turn.group("text").strip())
            speaker_asks = False
        elif speaker_asks:
            question, answer = draft.questions[-1]
            draft.questions[-1] = (f"{question} {line}", answer)
        else:
            draft.questions[-1][1].append(line)
    drop_closing_remark(draft, "transcript")
    return draft


def drop_closing_remark(draft: Draft, source: str) -> None:
    """The interviewer's last turn, when it asks nothing («ممنون که وقت گذاشتید.») and gets a
    short reply, is the goodbye, not a question: left out, with a warning."""
    if len(draft.questions) < 2:
        return
    question, answer = draft.questions[-1]
    said = " ".join(line for line in answer if line)
    if not question.rstrip().endswith(("؟", "?")) and len(question.split()) <= 15 and len(said.split()) <= 15:
        draft.questions.pop()
        draft.warnings.append(
            f"{source}: the last turn «{question[:40]}» asks nothing: left out as a goodbye"
        )


def _is_rule(line: str) -> bool:
    """A separator line: «-----», «=====», «■»."""
    return set(line) <= set("-–—_=*■ ")


def import_docx(path: Path, limits: ImportLimits) -> list[Draft]:
    """A Word file (python-docx), read by its structure: the Heading 1 (or Title) paragraph is
    the title, «گفت‌وگو با …» the interviewee and role, «گفت‌وگو: <name>» the interviewer, a bold
    paragraph a question (a last «؟» that is not bold too), the other paragraphs the lead before
    the first question and answers after it. Italic notes (a photo caption) are left out."""
    from zipfile import BadZipFile, ZipFile

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    from bot.library.interview import InterviewFileError
    from bot.library.limits import inflated_size

    _check_size(path, limits)
    try:
        with ZipFile(path) as archive:  # a zip bomb is refused before anything is unpacked
            unpacked = sum(entry.file_size for entry in archive.infolist())
        if unpacked > limits.max_bytes:
            raise InterviewFileError(
                path, 1, f"the Word file unpacks to {unpacked:,} bytes; the limit is {limits.max_bytes:,}"
                " ([import] max_bytes)",
            )  # fmt: skip
        inflated_size(path, limits.max_bytes, LIMIT_SETTING)  # what it really unpacks to: sizes can lie
        document = Document(str(path))
    except (BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        if isinstance(exc, InterviewFileError):
            raise
        raise InterviewFileError(path, 1, f"not a Word file (.docx): {exc}") from None
    blocks: list[Block] = []
    styled_title = any(
        p.style is not None and p.style.name in ("Title", "Heading 1") for p in document.paragraphs
    )
    for number, paragraph in enumerate(document.paragraphs, start=1):
        text = paragraph.text.strip()
        if not text:
            continue
        if not styled_title and not blocks and not text.endswith(("؟", "?")):
            blocks.append(Block(Kind.TITLE, text, number))  # no heading style: the first line heads it
            continue
        runs = [run for run in paragraph.runs if run.text.strip(" \u200c؟?.:،")]
        style = paragraph.style.name if paragraph.style is not None else ""
        if labelled := QUESTION_MARK.match(text):  # «س: …» in plain type
            blocks.append(Block(Kind.QUESTION, labelled.group(1).strip(), number))
        elif style in ("Title", "Heading 1"):
            blocks.append(Block(Kind.TITLE, text, number))
        elif runs and all(run.italic for run in runs):
            blocks.append(Block(Kind.NOTE, text, number))
        elif (runs and all(run.bold for run in runs)) or style.startswith("Heading"):
            blocks.append(Block(Kind.QUESTION, text, number))
        else:
            blocks.extend(
                [Block(Kind.TEXT, ANSWER_MARK.sub("", text), number), Block(Kind.BREAK, "", number)]
            )
    return read_all(blocks, f"{path.name}: paragraph")


def yaml_value(value: str) -> str:
    """A front-matter value that reads back as itself: as written when YAML reads it so, else
    quoted («<name>: …», a headline opening with «[» or «#», «yes»)."""
    import json

    import yaml

    try:
        if yaml.safe_load(f"k: {value}") == {"k": value}:
            return value
    except yaml.YAMLError:
        pass
    quoted = json.dumps(value, ensure_ascii=False)  # a JSON string is a double-quoted YAML scalar
    # YAML's other line breaks, which JSON leaves bare, escaped too (YAML reads \x85, \u2028 back)
    return quoted.replace("\x85", "\\x85").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def to_markdown(draft: Draft, interview_id: str, source: str) -> str:
    everything = " ".join([draft.title, *draft.lead, *(q + " " + " ".join(a) for q, a in draft.questions)])
    damaged = zwnj_damaged(everything)

    def fix(text: str) -> str:
        return repair(text, damaged)

    def paragraphs(lines: list[str]) -> str:
        """Blank lines in the source end a paragraph only after a full stop; elsewhere they are
        column breaks inside a sentence."""
        out: list[list[str]] = [[]]
        for line in lines:
            if not line:
                if out[-1] and out[-1][-1].endswith(TERMINAL):
                    out.append([])
                continue
            out[-1].append(line)
        return "\n\n".join(fix(" ".join(p)) for p in out if p)

    meta = [
        "---",
        # the file name on one line: a line break in it would start a field of its own
        f"# Imported by `interview-bot import` from {' '.join(source.split())}: check it, then edit freely.",
        f"id: {interview_id}",
        f"title: {yaml_value(fix(draft.title) or 'بی‌عنوان')}",
    ]
    for key in ("subtitle", "rubric", "interviewer", "interviewee", "role", "source", "date"):
        value = getattr(draft, key)
        if value:
            meta.append(f"{key}: {yaml_value(fix(value))}")
    if not draft.interviewee:
        meta.append("interviewee: ناشناخته")
        draft.warnings.append(f"{source}: no «گفت‌وگو با …» line: set interviewee by hand")
    last = draft.questions[-1][1] if draft.questions else []
    answer_text = " ".join(line for line in last if line)
    if answer_text and not answer_text.endswith(TERMINAL):
        number = len(draft.questions)
        meta.append(f"truncated: [{number}]")
        meta.append("note: پاسخ پرسش آخر در متن منبع ناتمام است.")
        draft.warnings.append(
            f"{source}: the answer to question {number} ends mid-sentence: marked truncated"
        )
    meta.append("---")
    body = []
    if draft.lead:
        body += ["", "## Lead", "", paragraphs(draft.lead)]
    for question, answer in draft.questions:
        body += ["", f"## Q: {fix(question)}", "", paragraphs(answer) if any(answer) else "…"]
    return "\n".join(meta + body) + "\n"


def source_form(path: Path) -> str:
    """What a file is, from its first bytes (a name can lie): pdf, docx, html or text."""
    from bot.library.interview import InterviewFileError

    try:
        with path.open("rb") as file:
            start = file.read(2048)
    except OSError as exc:
        raise InterviewFileError(path, 0, f"cannot read: {exc.strerror or exc}") from None
    if start.startswith(b"%PDF-"):
        return "pdf"
    if start.startswith(b"PK\x03\x04") or path.suffix.lower() == ".docx":
        return "docx"  # a zip: a Word file, or refused as not one
    head = start.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or path.suffix.lower() in (".html", ".htm"):
        return "html"
    return "text"


def import_pdf(path: Path, limits: ImportLimits) -> list[Draft]:
    """A PDF, by its words' positions and fonts (``bot.library.pdf``)."""
    from bot.library.interview import InterviewFileError
    from bot.library.pdf import PdfError, pdf_blocks

    _check_size(path, limits)
    try:
        blocks = pdf_blocks(path, limits.max_pages)
    except PdfError as exc:
        raise InterviewFileError(path, 1, str(exc)) from None
    return read_all(blocks, f"{path.name}: page×1000+y")


def import_html(path: Path, limits: ImportLimits) -> list[Draft]:
    """A saved web page: its article (``bot.library.webpage``), what its markup says of the date,
    the author and the site filling what the text does not."""
    from bot.library.interview import InterviewFileError
    from bot.library.webpage import NoArticle, page_blocks

    _check_size(path, limits)
    try:
        blocks, meta = page_blocks(path, path.read_bytes())
    except NoArticle as exc:
        raise InterviewFileError(path, 1, str(exc)) from None
    drafts = read_all(blocks, f"{path.name}: line")
    if len(drafts) == 1:  # the page's date and author are the interview's when it is the only one
        drafts[0].fill(meta)
    return drafts


LIMIT_SETTING = "[import] max_bytes"


def _check_size(path: Path, limits: ImportLimits) -> None:
    from bot.library.interview import InterviewFileError

    size = path.stat().st_size
    if size > limits.max_bytes:
        raise InterviewFileError(
            path, 1, f"the file is {size:,} bytes; the limit is {limits.max_bytes:,} ({LIMIT_SETTING})"
        )


@dataclass(frozen=True)
class Imported:
    """One interview read from a source file, as an interview file's text."""

    id: str
    markdown: str
    warnings: list[str]
    questions: int


def import_drafts(path: Path, limits: ImportLimits) -> tuple[list[Draft], str]:
    """The drafts a source holds (one per interview), and how its questions are marked (for the
    message when none is found)."""
    from bot.library.interview import read_text

    form = source_form(path)
    if form == "docx":
        return import_docx(path, limits), "a question is a bold paragraph or a heading"
    if form == "pdf":
        return import_pdf(path, limits), "a question is a bold paragraph ending in «؟»"
    if form == "html":
        return import_html(
            path, limits
        ), "a question is a bold paragraph (<strong>, <b>) or an <h2>/<h3> ending in «؟»"
    return text_drafts(read_text(path, limits.max_bytes, LIMIT_SETTING), path.name), TEXT_MARKS


TEXT_MARKS = (
    "mark each with «س:» or «Q:», or give it a line of its own ending in «؟» after «-», in **bold**"
    " or as a ### heading"
)


def text_drafts(raw: str, source: str) -> list[Draft]:
    """A text file's drafts: a speaker-turn transcript, marked questions, else PDF-extractor text."""
    transcript = import_transcript(raw)
    return [transcript] if transcript else import_clean(raw, source) or [import_text(raw, source)]


def import_interviews(
    path: Path, name_id: Callable[[Draft, int, int], str], limits: ImportLimits | None = None
) -> list[Imported]:
    """Every interview a source holds, each with the id ``name_id(draft, index, count)`` gives.

    An interview file already in the format is checked and returned as it is.
    """
    from bot.library.interview import InterviewFileError, parse_interview, read_text
    from bot.library.limits import run_bounded

    limits = limits or ImportLimits()
    if source_form(path) == "text":  # read once: it may be an interview file already
        raw = read_text(path, limits.max_bytes, LIMIT_SETTING)
        if raw.startswith("---"):  # in the format already: checked (file:line when it is not good)
            interview = parse_interview(raw, path)
            return [Imported(interview.id, raw, [], len(interview.questions))]
        drafts, how = run_bounded(path, limits, text_drafts, raw, path.name), TEXT_MARKS
    else:  # in a worker process with limits on its time and memory; a reader's error is one line
        drafts, how = run_bounded(path, limits, import_drafts, path, limits)
    drafts = [d for d in drafts if d.questions]
    if not drafts:
        raise InterviewFileError(path, 1, f"no questions found: {how}")
    out = []
    for index, draft in enumerate(drafts):
        interview_id = name_id(draft, index, len(drafts))
        markdown = to_markdown(draft, interview_id, path.name)
        parse_interview(markdown, path)  # what we write must load
        out.append(Imported(interview_id, markdown, draft.warnings, len(draft.questions)))
    return out


def import_file(path: Path, interview_id: str, limits: ImportLimits | None = None) -> tuple[str, list[str]]:
    """The interview file's text for a source holding one interview, and warnings for the editor.

    A source that holds several is refused, saying how to import it.
    """
    from bot.library.interview import InterviewFileError

    found = import_interviews(path, lambda draft, index, count: interview_id, limits)
    if len(found) > 1:
        raise InterviewFileError(
            path,
            1,
            f"the file holds {len(found)} interviews: import it with -o FOLDER to write one file each",
        )
    return found[0].markdown, found[0].warnings
