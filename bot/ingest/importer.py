"""Import: a source file to interview files. The form is recognised from the content (``sniff``),
read by its module under ``forms/`` into drafts, written (``write``) and checked to load."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bot.ingest.draft import Draft
from bot.ingest.forms.docx import import_docx
from bot.ingest.forms.email import email_text
from bot.ingest.forms.news import has_reported_questions, news_text
from bot.ingest.forms.pdf import import_pdf
from bot.ingest.forms.pdftext import import_text
from bot.ingest.forms.post import post_kind, post_text
from bot.ingest.forms.printed import printed_text
from bot.ingest.forms.subtitles import subtitles_text
from bot.ingest.forms.text import foreign_front_matter, import_clean
from bot.ingest.forms.transcript import import_transcript
from bot.ingest.forms.webpage import import_html
from bot.ingest.header import Metadata
from bot.ingest.size import LIMIT_SETTING
from bot.ingest.sniff import source_form, text_form
from bot.ingest.write import to_markdown
from bot.settings import ImportLimits

if TYPE_CHECKING:
    from bot.library.interview import Interview


@dataclass(frozen=True)
class Imported:
    """One interview read from a source file, as an interview file's text: its id, the text,
    the warnings for the editor, how many questions, the form it was read as («transcript»,
    «subtitles», «Word file», «interview file» for one in the format already…), what its front
    matter says (title, interviewee, role, interviewer, source, date…) and its questions."""

    id: str
    markdown: str
    warnings: list[str]
    questions: int
    form: str = "interview file"
    metadata: Metadata = field(default_factory=Metadata)
    asked: tuple[str, ...] = ()


def _imported(interview: Interview, markdown: str, warnings: list[str], form: str) -> Imported:
    meta = Metadata(**{k: str(interview.meta.get(k) or "") for k in Metadata.__dataclass_fields__})
    asked = tuple(s.question or "" for s in interview.questions)
    return Imported(interview.id, markdown, warnings, len(asked), form, meta, asked)


def import_drafts(path: Path, limits: ImportLimits) -> tuple[list[Draft], str]:
    """The drafts a source holds (one per interview), and how its questions are marked (for the
    message when none is found)."""
    from bot.library.interview import read_text

    form = source_form(path)
    if form == "text":
        return text_drafts(read_text(path, limits.max_bytes, LIMIT_SETTING), path.name), TEXT_MARKS
    read, name, how = BINARY_FORMS[form]
    drafts = read(path, limits)
    for draft in drafts:
        draft.form = name
    return drafts, how


# The forms known by their bytes: the reader, the name an editor is told, how questions are marked.
BINARY_FORMS: dict[str, tuple[Callable[[Path, ImportLimits], list[Draft]], str, str]] = {
    "docx": (
        import_docx,
        "Word file",
        "a question is a bold, coloured or numbered paragraph, a heading, or «پرسش ۱:»",
    ),
    "pdf": (import_pdf, "PDF", "a question is a bold paragraph ending in «؟»"),
    "html": (
        import_html,
        "web page",
        "a question is a bold paragraph (<strong>, <b>) or an <h2>/<h3> ending in «؟»",
    ),
}


TEXT_MARKS = (
    "mark each with «س:» or «Q:», or give it a line of its own ending in «؟» after «-», in **bold**"
    " or as a ### heading"
)


def text_drafts(raw: str, source: str) -> list[Draft]:
    """A text file's drafts, read by the form its content shows (``sniff.text_form``); a plain
    text is a speaker-turn transcript, a news report with reported questions, marked questions,
    else PDF-extractor text. Each draft says which form it was read as."""
    form = text_form(raw)
    warnings: list[str] = []
    meta = Metadata()
    if form == "blog Markdown":
        found = foreign_front_matter(raw)
        assert found is not None
        meta, raw = found
    elif form == "subtitles":
        raw, warnings = subtitles_text(raw)
    elif form == "email":
        raw, said, warnings = email_text(raw)
        meta = Metadata(**said)
    elif form == "post":
        form = post_kind(raw)
        raw, channel, warnings = post_text(raw)
        meta.source = channel
    elif form == "printed pages":
        raw, warnings = printed_text(raw)
    elif (transcript := import_transcript(raw)) is not None:
        return [transcript]
    elif has_reported_questions(raw):
        form = "news report"
        raw, warnings = news_text(raw)
    drafts = import_clean(raw, source)
    if drafts is None:
        drafts, form = [import_text(raw, source)], "PDF-extractor text"
    elif form == "text":
        form = "marked text"
    for draft in drafts:
        draft.form = form
        draft.warnings[:0] = [f"{source}: {w}" for w in warnings]
        for key, value in vars(meta).items():  # what the front matter, headers or channel say comes first
            if value:
                setattr(draft, key, value)
    return drafts


def import_interviews(
    path: Path, name_id: Callable[[Draft, int, int], str], limits: ImportLimits | None = None
) -> list[Imported]:
    """Every interview a source holds, each with the id ``name_id(draft, index, count)`` gives.

    An interview file already in the format is checked and returned as it is.
    """
    from bot.ingest.limits import run_bounded
    from bot.library.interview import InterviewFileError, parse_interview, read_text

    limits = limits or ImportLimits()
    if source_form(path) == "text":  # read once: it may be an interview file already
        raw = read_text(path, limits.max_bytes, LIMIT_SETTING)
        if (
            raw.startswith("---") and text_form(raw) != "blog Markdown"
        ):  # in the format already: checked (file:line when it is not good)
            return [_imported(parse_interview(raw, path), raw, [], "interview file")]
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
        interview = parse_interview(markdown, path)  # what we write must load
        out.append(_imported(interview, markdown, [*draft.warnings], draft.form))
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


def import_one(
    path: Path, interview_id: str = "", limits: ImportLimits | None = None, taken: Iterable[str] = ()
) -> Imported:
    """The one entry point for a file that holds one interview (the command line's ``import``, a
    handler that receives a file): the interview file's text with its id, metadata, form,
    questions and warnings. ``interview_id`` empty: one made from the file's name (else the
    interviewee's), ascii and not one of ``taken``. Raises ``InterviewFileError`` with one line
    for a file it cannot read (too big, not what it says, no questions, several interviews)."""
    from bot.ingest.ids import ascii_id, fresh_id
    from bot.library.interview import InterviewFileError

    def name_id(draft: Draft, index: int, count: int) -> str:
        return interview_id or fresh_id(
            ascii_id(path.stem) or ascii_id(draft.interviewee) or "interview", taken
        )

    found = import_interviews(path, name_id, limits)
    if len(found) > 1:
        raise InterviewFileError(
            path,
            1,
            f"the file holds {len(found)} interviews: import it with -o FOLDER to write one file each",
        )
    return found[0]
