"""The index file's layout: its tables, and how a passage row reads back.

The FTS5 table holds only keys the analyzer made (``unicode61`` merely splits them at spaces),
in two columns, question and body, so each gets its own bm25 weight; it is contentless, so
nothing is stored twice. The passages table keeps the original text for display and, for
scoring, the keys and words: both compressed with zstd and a dictionary trained on the
library's first passages (a passage is a few hundred bytes: alone it would hardly compress).
That is a third of the uncompressed file; a candidate's keys decompress in about 3 µs.
How each option was chosen is in BENCHMARKS.md ("The index's layout").
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

import zstandard

from bot.library.passages import Passage

SCHEMA_VERSION = "5"
# How much of the passage before (in the same answer) a passage carries: its last characters of
# keys, about its last sentence.
CONTEXT_CHARS = 160

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE dictionaries (name TEXT PRIMARY KEY, data BLOB NOT NULL);  -- zstd: 'text', 'keys'

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
    truncated INTEGER NOT NULL,
    text BLOB NOT NULL,  -- Codec.pack_text
    keys BLOB NOT NULL   -- Codec.pack_keys: question keys, body keys, words as written
                         -- (Analyzer.words), the end of the passage before in the same answer
);
CREATE INDEX passages_by_interview ON passages (interview, segment, position);
CREATE VIRTUAL TABLE passages_fts USING fts5 (
    question, body, content='', tokenize='unicode61 remove_diacritics 0'
);
CREATE VIRTUAL TABLE passages_vocab USING fts5vocab (passages_fts, row);
CREATE TABLE words_vocab (word TEXT PRIMARY KEY, doc INTEGER NOT NULL) WITHOUT ROWID;
-- passages_vocab's rows, written once at the end of a build: reading fts5vocab walks every
-- doclist of the FTS5 index (0.15 s at 100,000 passages, ten times that at a million), this
-- table is read in a tenth of that, and every start reads it.
CREATE TABLE keys_vocab (key TEXT PRIMARY KEY, doc INTEGER NOT NULL) WITHOUT ROWID;
"""

# What inline mode shows unasked (``Index.featured``) in its order, without sorting the table:
# 0.2 s at 300,000 passages with every search waiting behind it, 0.2 ms with this; 10 bytes a
# passage. Made at the end of a build.
FEATURED_INDEX = "CREATE INDEX passages_featured ON passages (position > 1, segment = 0)"

PASSAGE_COLUMNS = "id, interview, interview_title, segment, position, question, speaker, text, truncated"

LEVEL = 3  # zstd level: 19 saves a further 10% and compresses six times slower
DICTIONARY_BYTES = 65536  # per dictionary; 16 KB: +15% per passage, 112 KB: −5%
TRAIN_FROM = 200_000  # bytes of samples at least, or no dictionary (a small library: plain zstd)
SEPARATOR = "\x1f"  # between the fields of a keys blob: no key or word holds a control character


class IndexUnavailable(RuntimeError):
    """The index file is missing, unreadable or from another version: rebuild it."""


class Codec:
    """How a passage's text and its keys are packed: zstd, each with its own dictionary (or
    none for a small library). Not for two threads at once: a build packs in its writer
    thread, a reader unpacks in its event loop."""

    def __init__(self, dictionaries: dict[str, bytes]) -> None:
        self.dictionaries = dictionaries
        made = {name: zstandard.ZstdCompressionDict(data) for name, data in dictionaries.items()}
        self._pack = {
            name: zstandard.ZstdCompressor(
                level=LEVEL, dict_data=made.get(name), write_checksum=False, write_dict_id=False
            )
            for name in ("text", "keys")
        }
        self._unpack = {
            name: zstandard.ZstdDecompressor(dict_data=made.get(name)) for name in ("text", "keys")
        }

    @classmethod
    def trained(cls, texts: Sequence[str], keys: Sequence[str]) -> Codec:
        """A codec whose dictionaries are trained on these samples (the first passages of a
        library: its words recur through the rest), or with none where they are too few."""
        dictionaries = {}
        for name, samples in (("text", texts), ("keys", keys)):
            data: list[bytes | bytearray | memoryview] = [sample.encode() for sample in samples]
            if sum(map(len, data)) >= TRAIN_FROM:
                try:
                    size = min(DICTIONARY_BYTES, sum(map(len, data)) // 10)
                    dictionaries[name] = zstandard.train_dictionary(size, data).as_bytes()
                except zstandard.ZstdError:  # samples too alike or too few: plain zstd does
                    pass
        return cls(dictionaries)

    def pack_text(self, text: str) -> bytes:
        return self._pack["text"].compress(text.encode())

    def unpack_text(self, data: bytes) -> str:
        return self._unpack["text"].decompress(data).decode()

    @staticmethod
    def joined_keys(question_keys: str, body_keys: str, words: str, context_keys: str) -> str:
        return SEPARATOR.join((question_keys, body_keys, words, context_keys))

    def pack_keys(self, joined: str) -> bytes:
        """``joined_keys``' string, packed."""
        return self._pack["keys"].compress(joined.encode())

    def unpack_keys(self, data: bytes) -> tuple[str, str, str, str]:
        """(question keys, body keys, words as written, context keys)."""
        question_keys, body_keys, words, context_keys = (
            self._unpack["keys"].decompress(data).decode().split(SEPARATOR)
        )
        return question_keys, body_keys, words, context_keys

    def passage(self, row: Sequence[object]) -> Passage:
        """A passage from a row of ``PASSAGE_COLUMNS``."""
        return Passage(
            id=str(row[0]),
            interview=str(row[1]),
            interview_title=str(row[2]),
            segment=int(row[3]),  # type: ignore[call-overload]
            position=int(row[4]),  # type: ignore[call-overload]
            question=None if row[5] is None else str(row[5]),
            speaker=str(row[6]),
            text=self.unpack_text(row[7]),  # type: ignore[arg-type]
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
