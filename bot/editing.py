"""Editors' uploads: a file an editor sends becomes a draft interview, kept on disk until the
editor publishes or discards it.

``import_upload`` is the one call into the importer, and this module the one user of its ids
(so the importer can move without the editor's flow or the command line's ``index`` noticing);
``Drafts`` keeps each draft as a JSON file under the data folder, so a draft outlives a restart
and the buttons under its preview still work.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from bot.ingest.ids import ascii_id, fresh_id, ids_in
from bot.library.interview import InterviewFileError, parse_interview
from bot.settings import ImportLimits, Settings

FIRST_WORDS = 6  # of each question, in the preview
KEPT_DAYS = 7  # a draft nobody published or discarded is dropped after this
KEY_LENGTH = 12  # hex characters: a draft's name on disk and in its buttons


def corpus_ids(folder: Path) -> set[str]:
    """The interview ids a corpus folder holds (and its files' names), which a new one must avoid."""
    return ids_in(folder)


class UploadRefused(ValueError):
    """A file that gives no interview: the one line to tell the editor."""


@dataclass(frozen=True)
class Draft:
    """One imported interview, as the editor sees it before publishing."""

    id: str
    title: str
    interviewee: str
    questions: tuple[str, ...]  # each question's first words
    warnings: tuple[str, ...]
    markdown: str  # the interview file
    source: str  # the file's name as sent
    form: str = ""  # what the importer read it as («transcript», «Word file»…)


def first_words(text: str, count: int = FIRST_WORDS) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def import_upload(path: Path, name: str, limits: ImportLimits, taken: set[str]) -> Draft:
    """Import the file at ``path`` (sent as ``name``) into a draft with an id none of ``taken``
    has; ``UploadRefused`` with one line when it holds no interview, or more than one."""
    from bot.ingest.importer import import_interviews

    stem = Path(name).stem

    def name_id(draft: object, index: int, count: int) -> str:
        interviewee = str(getattr(draft, "interviewee", ""))
        return fresh_id(ascii_id(stem) or ascii_id(interviewee) or "interview", taken)

    try:
        found = import_interviews(path, name_id, limits)
    except InterviewFileError as exc:
        raise UploadRefused(f"{name}: {exc.message}") from None
    if len(found) > 1:
        raise UploadRefused(
            f"{name}: the file holds {len(found)} interviews: send each one as a file of its own"
        )
    imported = found[0]
    if imported.id in taken:  # a file already in the interview format keeps its own id
        raise UploadRefused(f"{name}: the library already has an interview with id {imported.id!r}")
    interview = parse_interview(imported.markdown, name)
    return Draft(
        id=interview.id,
        title=interview.title,
        interviewee=interview.interviewee,
        questions=tuple(first_words(s.question or "") for s in interview.questions),
        warnings=tuple(w.replace(str(path), name) for w in imported.warnings),
        markdown=imported.markdown,
        source=name,
        form=imported.form,
    )


@dataclass(frozen=True)
class Kept:
    draft: Draft
    owner: int  # the editor who sent it
    created: float


def drafts_folder(settings: Settings) -> Path:
    """Drafts live beside the index, in the data folder (``var/drafts``)."""
    return settings.index_path.parent / "drafts"


class Drafts:
    """Drafts on disk, one JSON file each, named by a random key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path | None:
        valid = len(key) == KEY_LENGTH and all(c in "0123456789abcdef" for c in key)
        return self.folder / f"{key}.json" if valid else None

    def keep(self, draft: Draft, owner: int, now: float | None = None) -> str:
        now = time.time() if now is None else now
        self.folder.mkdir(parents=True, exist_ok=True)
        self.expire(now)
        key = secrets.token_hex(KEY_LENGTH // 2)
        path = self.folder / f"{key}.json"
        temporary = self.folder / f".{key}.tmp"
        record = {"draft": asdict(draft), "owner": owner, "created": now}
        temporary.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)
        return key

    def get(self, key: str) -> Kept | None:
        path = self._path(key)
        if path is None:
            return None
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            fields = record["draft"]
            draft = Draft(
                **{
                    **fields,
                    "questions": tuple(fields["questions"]),
                    "warnings": tuple(fields["warnings"]),
                }
            )
            return Kept(draft, int(record["owner"]), float(record["created"]))
        except (OSError, ValueError, KeyError, TypeError):  # gone, or not a draft this release wrote
            return None

    def drop(self, key: str) -> bool:
        """Remove a draft; whether it was there (a second press finds it gone)."""
        path = self._path(key)
        if path is None:
            return False
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        return True

    def expire(self, now: float) -> None:
        for path in self.folder.glob("*.json"):
            try:
                if now - path.stat().st_mtime > KEPT_DAYS * 86400:
                    path.unlink()
            except OSError:
                continue
