"""Import: a source file to interview files. The form is recognised from the content (``sniff``),
read by its module under ``forms/`` into drafts, written (``write``) and checked to load."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.ingest.draft import Draft
from bot.ingest.forms.docx import import_docx
from bot.ingest.forms.email import email_text
from bot.ingest.forms.news import has_reported_questions, news_text
from bot.ingest.forms.pdf import import_pdf
from bot.ingest.forms.pdftext import import_text
from bot.ingest.forms.post import post_text
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
    from bot.library.interview import InterviewFileError, parse_interview, read_text

    limits = limits or ImportLimits()
    if source_form(path) == "text":  # read once: it may be an interview file already
        raw = read_text(path, limits.max_bytes, LIMIT_SETTING)
        if (
            raw.startswith("---") and text_form(raw) != "blog Markdown"
        ):  # in the format already: checked (file:line when it is not good)
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
