"""The corpus: interview files in a folder (or named), and outside passage collections as JSONL.

This is where files become passages ready to index (``bot.search.build`` keeps the default index
fresh from them).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Collection, Sequence
from pathlib import Path

from bot.library.interview import Interview, InterviewFileError, load_interview, parse_interview, read_text
from bot.library.passages import Passage, all_passages

MAX_JSONL_PASSAGE = 20_000
log = logging.getLogger(__name__)


def prepare_corpus(folder: Path, starter: Path | None = None) -> bool:
    """Create the corpus folder if it is missing, with the interviews of ``starter`` (the ones the
    bot ships) in it, so a fresh install answers at once; whether it was created. A folder that
    exists is left as it is, even empty."""
    if folder.is_dir():
        return False
    folder.mkdir(parents=True, exist_ok=True)
    if starter is not None and starter.is_dir() and starter.resolve() != folder.resolve():
        for path in sorted(starter.glob("*.md")):
            shutil.copyfile(path, folder / path.name)
    log.info("created the corpus folder %s", folder)
    return True


class CorpusConflict(InterviewFileError):
    """An interview that would replace or duplicate one the corpus already holds."""


def add_interview(
    folder: Path, content: str, name: str | None = None, taken: Collection[str] = ()
) -> Path | None:
    """Write an interview file (checked first) into the corpus folder as ``<name or id>.md``,
    atomically; the path, or None when the same content is there already. An interview whose
    file name the folder holds with other content, or whose id is ``taken`` (the ids the folder
    holds), is refused: nothing is replaced."""
    interview = parse_interview(content, name or "<interview>")
    target = folder / f"{name or interview.id}.md"
    if target.exists():
        if target.read_text(encoding="utf-8", errors="replace") == content:
            return None
        raise CorpusConflict(target, 1, "a different interview file of this name is already in the corpus")
    if interview.id in taken:
        raise CorpusConflict(target, 2, f"the corpus already holds an interview with id {interview.id!r}")
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".{target.name}.{os.getpid()}.tmp"
    temporary.write_text(content, encoding="utf-8")
    try:
        os.link(temporary, target)  # whole, and never over a file that appeared meanwhile
    except FileExistsError:
        raise CorpusConflict(target, 1, "an interview file of this name was just added") from None
    finally:
        temporary.unlink()
    return target


def corpus_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise InterviewFileError(folder, 0, "corpus folder not found")
    files = sorted(folder.glob("*.md"))
    if not files:
        raise InterviewFileError(folder, 0, "no interview files (*.md) in the corpus folder")
    return files


def load_jsonl_passages(path: Path) -> list[Passage]:
    """Passages given as JSON lines of ``{"id", "title", "text"}``, kept exactly as given.

    Each line is an answer of its own (its segment is its line number): nothing says which
    lines belong together, so "full answer" shows the passage alone, never the whole file."""
    passages = []
    name = path.stem[:40]
    for number, line in enumerate(read_text(path).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InterviewFileError(path, number, f"not JSON: {exc.msg}") from None
        if not isinstance(item, dict):
            raise InterviewFileError(path, number, 'each line must be an object {"id", "title", "text"}')
        passage_id, title, text = item.get("id"), item.get("title", ""), item.get("text")
        if not isinstance(passage_id, (str, int)) or isinstance(passage_id, bool) or str(passage_id) == "":
            raise InterviewFileError(path, number, '"id" must be a non-empty string or number')
        if not isinstance(text, str) or not text.strip():
            raise InterviewFileError(path, number, '"text" must be a non-empty string')
        if not isinstance(title, str):
            raise InterviewFileError(path, number, '"title" must be a string')
        if len(text) > MAX_JSONL_PASSAGE:
            raise InterviewFileError(path, number, f'"text" is over {MAX_JSONL_PASSAGE:,} characters')
        passages.append(
            Passage(
                id=str(passage_id),
                interview=name,
                interview_title=title,
                segment=number,  # each line its own answer: "full answer" is that passage alone
                position=1,
                question=title or None,
                speaker="",
                text=text,
            )
        )
    if not passages:
        raise InterviewFileError(path, 1, "no passages in the file")
    return passages


def load_sources(files: Sequence[Path]) -> tuple[list[Interview], list[Passage]]:
    """Interviews and passages from interview files (.md) and passage files (.jsonl)."""
    interviews: list[Interview] = []
    passages: list[Passage] = []
    seen: dict[str, Path] = {}
    for path in files:
        if path.suffix == ".jsonl":
            passages.extend(load_jsonl_passages(path))
            continue
        interview = load_interview(path)
        if interview.id in seen:
            raise InterviewFileError(path, 2, f"id {interview.id!r} is already used by {seen[interview.id]}")
        seen[interview.id] = path
        interviews.append(interview)
    passages = all_passages(interviews) + passages
    ids: set[str] = set()
    for passage in passages:
        if passage.id in ids:
            raise InterviewFileError(files[-1], 0, f"passage id {passage.id!r} appears twice")
        ids.add(passage.id)
    return interviews, passages
