"""Text as a PDF extractor gives it, read as a magazine page: a decorative bullet opens a question
(or, with «name /», the byline and lead); a question stays open until its «؟», even across a
column break; short lines standing alone are the title block. What cannot be decided is reported
as a warning with its line number."""

from __future__ import annotations

from bot.ingest.draft import Draft
from bot.ingest.header import SUBTITLE, speaker_in, subtitle_parts
from bot.ingest.repair import TERMINAL, bigrams, clean_line, looks_reversed, strip_bullet, strip_kashida


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
            if is_subtitle(text):  # the title block sat between the columns: it was the block before
                lift(question_blocks, question, number, f"question of line {question_line}")
                title_block.append((number, text))
                mode, resumed = "title", "question"
                continue
            question_blocks.append((block, number, text))
            question.append(text)
        elif mode == "answer" and draft.questions:
            if is_subtitle(text):  # the title block sat inside an answer's column
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


def is_subtitle(text: str) -> bool:
    """«گفت‌وگو با <name>، <role>», also written «گفت‌وگو با: <name>» or «مصاحبه با …»."""
    return SUBTITLE.match(text) is not None


def read_subtitle(draft: Draft, text: str) -> None:
    """The interviewee and role from «گفت‌وگو با <name>، <role>», honorifics aside."""
    draft.interviewee, draft.role = subtitle_parts(text) or ("", "")


def _read_title_block(draft: Draft, block: list[tuple[int, str]], source: str) -> None:
    title: list[str] = []
    for number, text in block:
        if is_subtitle(text):
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
