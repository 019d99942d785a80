"""Import: a source file to interview files. The form is recognised from the content (``sniff``),
read by its module under ``forms/`` into drafts, written (``write``) and checked to load."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.ingest.draft import Draft
from bot.ingest.forms.docx import import_docx
from bot.ingest.forms.pdf import import_pdf
from bot.ingest.forms.pdftext import import_text
from bot.ingest.forms.text import import_clean
from bot.ingest.forms.transcript import import_transcript
from bot.ingest.forms.webpage import import_html
from bot.ingest.size import LIMIT_SETTING
from bot.ingest.sniff import source_form
from bot.ingest.write import to_markdown
from bot.settings import ImportLimits


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

    limits = limits or ImportLimits()
    if source_form(path) == "text":  # read once: it may be an interview file already
        raw = read_text(path, limits.max_bytes, LIMIT_SETTING)
        if raw.startswith("---"):  # in the format already: checked (file:line when it is not good)
            interview = parse_interview(raw, path)
            return [Imported(interview.id, raw, [], len(interview.questions))]
        drafts, how = text_drafts(raw, path.name), TEXT_MARKS
    else:
        drafts, how = import_drafts(path, limits)
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
