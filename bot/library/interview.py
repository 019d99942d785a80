"""Interview files: the human-editable format, read into plain data.

An interview file is Markdown with YAML front matter (docs/interview-format.md)::

    ---
    id: mirlohi
    title: …
    interviewee: …
    ---
    ## Lead
    …
    ## Q: the question?
    the answer …

A malformed file raises ``InterviewFileError`` naming the file, the line and what is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_FILE_BYTES = 5_000_000
INTERVIEW_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,19}$")
LEAD_HEADINGS = ("lead", "پیش‌درآمد", "لید")
QUESTION_PREFIXES = ("q:", "پرسش:", "س:")

REQUIRED_FIELDS = ("id", "title", "interviewee")
TEXT_FIELDS = (
    "id", "title", "subtitle", "rubric", "interviewer", "interviewee", "role", "source",
    "date", "language", "note",
)  # fmt: skip
ALL_FIELDS = (*TEXT_FIELDS, "truncated")


class InterviewFileError(ValueError):
    """A problem in an interview file, at a line: ``path:line: message``."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(f"{path}:{line}: {message}")


@dataclass(frozen=True)
class Segment:
    """The lead (``number`` 0, no question) or one question with its answer."""

    number: int
    question: str | None
    speaker: str
    paragraphs: tuple[str, ...]
    truncated: bool = False

    @property
    def key(self) -> str:
        return "l" if self.number == 0 else f"q{self.number}"


@dataclass(frozen=True)
class Interview:
    id: str
    title: str
    interviewee: str
    segments: tuple[Segment, ...]
    meta: dict[str, str] = field(default_factory=dict)
    path: str = ""

    @property
    def role(self) -> str:
        return self.meta.get("role", "")

    @property
    def questions(self) -> tuple[Segment, ...]:
        return tuple(s for s in self.segments if s.question is not None)


@dataclass(frozen=True)
class InterviewInfo:
    """An interview as the bot lists it, without its text: the library's catalogue entry."""

    id: str
    title: str
    interviewee: str
    questions: tuple[str, ...] = ()
    details: tuple[tuple[str, str], ...] = ()  # the front matter's other text fields, in file order

    def get(self, field_name: str) -> str:
        """A front-matter field (role, interviewer, source, date, note, ...); '' when absent."""
        return dict(self.details).get(field_name, "")

    @property
    def role(self) -> str:
        return self.get("role")

    @classmethod
    def of(cls, interview: Interview) -> InterviewInfo:
        # The answers the source breaks off in («2»): whether the text is complete is asked.
        truncated = [str(s.number) for s in interview.segments if s.truncated]
        return cls(
            interview.id,
            interview.title,
            interview.interviewee,
            tuple(s.question for s in interview.questions if s.question is not None),
            tuple((k, str(v)) for k, v in interview.meta.items())
            + (("truncated", " ".join(truncated)),) * bool(truncated),
        )


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES, setting: str = "") -> str:
    """The file as text, or an InterviewFileError that says why it cannot be read; ``setting``
    names where a limit other than the default comes from."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            where = f" ({setting})" if setting else ""
            raise InterviewFileError(
                path, 1, f"the file is {size:,} bytes; the limit is {max_bytes:,}{where}"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InterviewFileError(path, 0, f"cannot read: {exc.strerror or exc}") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its byte-order mark: unambiguous
        data = data.decode("utf-16").encode("utf-8")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InterviewFileError(path, line, f"not UTF-8 text{_encoding_hint(data)}") from None
    if "\x00" in text:
        raise InterviewFileError(path, text[: text.index("\x00")].count("\n") + 1, "binary data (NUL byte)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _encoding_hint(data: bytes) -> str:
    """What the bytes look like instead: Windows-1256 (Arabic Windows) when they read as Persian
    letters in it, else nothing to go on."""
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        return " (save the file as UTF-8)"
    high = [c for c in text if ord(c) > 127]
    arabic = sum(1 for c in high if "\u0600" <= c <= "\u06ff")
    if high and arabic >= 0.8 * len(high):
        return (
            "; it looks like Windows-1256 (Arabic Windows) text: save it as UTF-8, e.g."
            " `iconv -f WINDOWS-1256 -t UTF-8 FILE > FILE.utf8.txt`"
        )
    return " (save the file as UTF-8)"


def load_interview(path: Path) -> Interview:
    return parse_interview(read_text(path), path)


def parse_interview(text: str, path: Path | str = "<text>") -> Interview:
    lines = text.split("\n")
    meta, body_start = _parse_front_matter(lines, path)
    interviewer = meta.get("interviewer", "")
    segments: list[Segment] = []
    heading: tuple[int, str | None] | None = None  # (line number, question or None for the lead)
    paragraphs: list[str] = []
    current: list[str] = []
    asked = [0]  # questions so far

    def close_paragraph() -> None:
        if current:
            paragraphs.append(" ".join(current))
            current.clear()

    def close_segment(end_line: int) -> None:
        close_paragraph()
        if heading is None:
            return
        line, question = heading
        if not paragraphs:
            what = "the lead" if question is None else "this question"
            raise InterviewFileError(path, line, f"{what} has no text before line {end_line}")
        number = 0 if question is None else asked[0] + 1  # counted as they come: linear
        asked[0] = number or asked[0]
        speaker = interviewer if question is None else meta["interviewee"]
        segments.append(Segment(number, question, speaker, tuple(paragraphs)))
        paragraphs.clear()

    for number, raw in enumerate(lines[body_start:], start=body_start + 1):
        line = " ".join(raw.split())
        if line.startswith("#"):
            close_segment(number)
            heading = _parse_heading(line, number, path)
            if heading[1] is None and any(s.number == 0 for s in segments):
                raise InterviewFileError(path, number, "a second lead: an interview has one")
            if heading[1] is None and segments:
                raise InterviewFileError(path, number, "the lead must come before the questions")
        elif not line:
            close_paragraph()
        elif heading is None:
            raise InterviewFileError(path, number, "text before the first heading ('## Lead' or '## Q: …')")
        else:
            current.append(line)
    close_segment(len(lines))

    questions = [s for s in segments if s.question is not None]
    if not questions:
        raise InterviewFileError(path, len(lines), "no questions: add at least one '## Q: …' heading")
    truncated = _truncated_numbers(meta, len(questions), path)
    segments = [
        Segment(s.number, s.question, s.speaker, s.paragraphs, s.number in truncated) for s in segments
    ]
    return Interview(
        id=meta["id"],
        title=meta["title"],
        interviewee=meta["interviewee"],
        segments=tuple(segments),
        meta={k: v for k, v in meta.items() if isinstance(v, str)},
        path=str(path),
    )


def _parse_heading(line: str, number: int, path: Path | str) -> tuple[int, str | None]:
    if not line.startswith("## "):
        raise InterviewFileError(path, number, "headings are '## Lead' or '## Q: question'")
    title = line[3:].strip()
    if title.lower() in LEAD_HEADINGS:
        return number, None
    for prefix in QUESTION_PREFIXES:
        if title.lower().startswith(prefix):
            question = title[len(prefix) :].strip()
            if not question:
                raise InterviewFileError(path, number, "a question heading with no question")
            return number, question
    raise InterviewFileError(path, number, f"unknown heading {title!r}: use '## Lead' or '## Q: question'")


def _parse_front_matter(lines: list[str], path: Path | str) -> tuple[dict[str, Any], int]:
    if not lines or lines[0].strip() != "---":
        raise InterviewFileError(path, 1, "the file must start with '---' and the metadata")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise InterviewFileError(path, 1, "the metadata has no closing '---'") from None
    import yaml  # only when a file is read: a bot starting on a built index never needs it

    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise InterviewFileError(path, line, f"metadata: {problem}") from None
    if not isinstance(meta, dict):
        raise InterviewFileError(path, 2, "metadata must be 'field: value' lines")

    def line_of(key: str) -> int:
        for i in range(1, end):
            if lines[i].startswith(f"{key}:"):
                return i + 1
        return 2

    for key in meta:
        if key not in ALL_FIELDS:
            raise InterviewFileError(
                path, line_of(str(key)), f"unknown field {key!r}; known: {', '.join(ALL_FIELDS)}"
            )
    for key in REQUIRED_FIELDS:
        if not meta.get(key):
            raise InterviewFileError(path, 2, f"missing field {key!r}")
    for key in TEXT_FIELDS:
        if key in meta:
            value = meta[key]
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                raise InterviewFileError(path, line_of(key), f"field {key!r} must be text")
            meta[key] = " ".join(str(value).split())
    if not INTERVIEW_ID.match(meta["id"]):
        raise InterviewFileError(
            path, line_of("id"), "id must be 1-20 of a-z, 0-9 and '-' (it goes into links)"
        )
    meta["_truncated_line"] = line_of("truncated")
    return meta, end + 1


def _truncated_numbers(meta: dict[str, Any], count: int, path: Path | str) -> frozenset[int]:
    value = meta.get("truncated", [])
    line = meta["_truncated_line"]
    if isinstance(value, int) and not isinstance(value, bool):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise InterviewFileError(path, line, "truncated: a list of question numbers, e.g. [2]")
    for number in value:
        if not 1 <= number <= count:
            raise InterviewFileError(path, line, f"truncated: there is no question {number} (1-{count})")
    return frozenset(value)
