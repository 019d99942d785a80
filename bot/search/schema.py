"""The index file's layout: its tables, and how a passage row reads back.

The FTS5 table holds only keys the analyzer made (``unicode61`` merely splits them at spaces),
in two columns, question and body, so each gets its own bm25 weight. The passages table keeps
the original text for display.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from bot.library.passages import Passage

SCHEMA_VERSION = "3"
# How much of the passage before (in the same answer) a passage carries: its last characters of
# keys, about its last sentence.
CONTEXT_CHARS = 160

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE interviews (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, interviewee TEXT NOT NULL, meta TEXT NOT NULL,
    questions TEXT NOT NULL
);
CREATE TABLE passages (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    interview TEXT NOT NULL,
    interview_title TEXT NOT NULL,
    segment INTEGER NOT NULL,
    position INTEGER NOT NULL,
    question TEXT,
    speaker TEXT NOT NULL,
    text TEXT NOT NULL,
    truncated INTEGER NOT NULL,
    question_keys TEXT NOT NULL,
    body_keys TEXT NOT NULL,
    words TEXT NOT NULL,          -- question and body words as written (Analyzer.words)
    context_keys TEXT NOT NULL    -- the end of the passage before in the same answer, or ''
);
CREATE INDEX passages_by_interview ON passages (interview, segment, position);
CREATE VIRTUAL TABLE passages_fts USING fts5 (
    question, body, content='', tokenize='unicode61 remove_diacritics 0'
);
CREATE VIRTUAL TABLE passages_vocab USING fts5vocab (passages_fts, row);
CREATE TABLE words_vocab (word TEXT PRIMARY KEY, doc INTEGER NOT NULL) WITHOUT ROWID;
"""

PASSAGE_COLUMNS = "id, interview, interview_title, segment, position, question, speaker, text, truncated"


class IndexUnavailable(RuntimeError):
    """The index file is missing, unreadable or from another version: rebuild it."""


def passage_from_row(row: Sequence[object]) -> Passage:
    return Passage(
        id=str(row[0]),
        interview=str(row[1]),
        interview_title=str(row[2]),
        segment=int(row[3]),  # type: ignore[call-overload]
        position=int(row[4]),  # type: ignore[call-overload]
        question=None if row[5] is None else str(row[5]),
        speaker=str(row[6]),
        text=str(row[7]),
        truncated=bool(row[8]),
    )


def read_meta(path: Path) -> dict[str, str]:
    """The index's meta table, or {} when the file is not a usable index."""
    if not path.is_file():
        return {}
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            return dict(db.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.Error:
        return {}
