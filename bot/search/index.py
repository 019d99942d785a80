"""Reading an index: the open, read-only file and what every query needs from it in memory."""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import aiosqlite

from bot.library.interview import InterviewInfo
from bot.library.passages import Passage
from bot.recent import Recent
from bot.search.schema import PASSAGE_COLUMNS, SCHEMA_VERSION, Codec, IndexUnavailable


@dataclass(frozen=True, slots=True)
class Candidate:
    """A passage FTS5 picked, with what scoring reads: keys (space-joined), words as written, its
    place in its answer and the end of the passage before it in the same answer.

    Nothing here depends on the question, so the index keeps candidates per passage and the
    forms the features read (padded for a phrase search, as a set, counted) are made once per
    passage, when it is first picked, not once per question. Made eagerly: every candidate is
    measured, and a slot costs less to fill than a cached property to compute on first use (at
    100,000 passages most candidates are new)."""

    rowid: int
    interview: str
    question_keys: str
    body_keys: str
    words: str
    position: int
    question: str | None  # the interviewer's question, as written
    context: str  # the end of the passage before in its answer (schema.CONTEXT_CHARS of keys), or ""
    padded_body: str = field(init=False)  # the body's keys between spaces: a phrase is `` k1 k2 ``
    padded_question: str = field(init=False)
    padded_context: str = field(init=False)  # "" when the passage opens its answer
    padded_all: str = field(init=False)  # every field's keys: what the passage matches anywhere
    padded_words: str = field(init=False)
    length: int = field(init=False)  # how many keys the body holds
    word_count: int = field(init=False)
    body_set: frozenset[str] = field(init=False)
    answer: str = field(init=False)  # which answer of which interview the passage belongs to

    def __post_init__(self) -> None:
        put = object.__setattr__  # frozen: the derived forms are set once, here
        body, question, context, words = self.body_keys, self.question_keys, self.context, self.words
        put(self, "padded_body", f" {body} ")
        put(self, "padded_question", f" {question} ")
        put(self, "padded_context", f" {context} " if context else "")
        put(self, "padded_all", f" {question} {body} {context} ")
        put(self, "padded_words", f" {words} ")
        put(self, "length", body.count(" ") + 1 if body else 0)
        put(self, "word_count", words.count(" ") + 1)
        put(self, "body_set", frozenset(body.split()))
        put(self, "answer", f"{self.interview}\n{self.question}")


# Up to this many passages a read runs on the event loop's own connection. aiosqlite's hop to
# its thread and back costs about 0.17 ms a read on this machine, five times the candidate query
# itself at the bundled interview's size (0.03 ms); past it the query grows with the library
# (about 1 ms median at 100,000 passages) and the thread lets the loop serve other updates
# meanwhile. BENCHMARKS.md, "Reads on the loop's thread", has the figures.
INLINE_PASSAGES = 25_000
# Candidates kept per small index (most recently asked): the passages readers' questions keep
# bringing up cost no unpacking and no features' string work. About 5 KB each with their forms.
CANDIDATES = 2048


class Index:
    """A read-only, open index: the connection plus what every query needs in memory."""

    def __init__(
        self,
        db: aiosqlite.Connection,
        path: Path,
        doc_freq: dict[str, int],
        size: int,
        average_length: float,
        average_words: float = 1.0,
        codec: Codec | None = None,
        meta: dict[str, str] | None = None,
        inline: sqlite3.Connection | None = None,
    ) -> None:
        self.db = db
        self.inline = inline  # a second connection, on the loop's thread, for a small index's reads
        self.codec = codec or Codec({})
        self.meta = meta or {}  # what the build wrote: schema, fingerprint, built, passages
        self.average_length = max(average_length, 1.0)
        self.average_words = max(average_words, 1.0)
        self.path = path
        self.doc_freq = doc_freq  # key → number of passages that contain it
        self.vocabulary = list(doc_freq)
        self.size = size
        # The index never changes once open, so the passages answers show are kept, most
        # recently used last: a popular answer costs no read.
        self._passages: Recent[int, Passage] = Recent(4096)
        # … and so are, in a small index, the candidates questions bring up, with their forms. A
        # big one's seldom come up twice, and keeping them cost more than it saved there
        # (BENCHMARKS.md, "Candidates kept").
        self._candidates: Recent[int, Candidate] | None = (
            Recent(CANDIDATES) if size <= INLINE_PASSAGES else None
        )
        self._interviews: tuple[InterviewInfo, ...] | None = None

    @classmethod
    async def open(cls, path: Path) -> Index:
        if not path.is_file():
            raise IndexUnavailable(f"no index at {path}: build it with `interview-bot index --db {path}`")
        db = await aiosqlite.connect(f"file:{path}?mode=ro", uri=True)
        try:
            meta_rows = await db.execute_fetchall("SELECT key, value FROM meta")
            meta = {str(key): str(value) for key, value in meta_rows}
            if meta.get("schema") != SCHEMA_VERSION:
                raise IndexUnavailable(
                    f"{path} was built by another version: rebuild it with `interview-bot index`"
                )
            vocab = await db.execute_fetchall("SELECT key, doc FROM keys_vocab")
            dictionaries = await db.execute_fetchall("SELECT name, data FROM dictionaries")
        except sqlite3.DatabaseError as exc:
            await db.close()
            raise IndexUnavailable(
                f"{path} is not a usable index ({exc}): rebuild it with `interview-bot index`"
            ) from None
        except BaseException:
            await db.close()
            raise
        size = int(meta.get("passages", "0"))
        average = float(meta.get("average_length", "1"))
        words = float(meta.get("average_words", "1"))
        codec = Codec({str(name): bytes(data) for name, data in dictionaries})
        inline = None
        if size <= INLINE_PASSAGES:
            try:
                inline = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            except sqlite3.Error:  # reads take aiosqlite's thread, as a big index's do
                inline = None
        doc_freq = {str(term): int(doc) for term, doc in vocab}
        return cls(db, path, doc_freq, size, average, words, codec, meta, inline)

    async def close(self) -> None:
        if self.inline is not None:
            self.inline.close()
        await self.db.close()

    async def rows(self, sql: str, parameters: Sequence[object] = ()) -> list[sqlite3.Row]:
        """A read's rows: on the loop's own connection for a small index, else on aiosqlite's thread."""
        if self.inline is not None:
            return self.inline.execute(sql, parameters).fetchall()
        return list(await self.db.execute_fetchall(sql, parameters))

    async def candidates(
        self, expression: str, question_weight: float, limit: int, interview: str | None = None
    ) -> list[Candidate]:
        """FTS5's best passages by bm25, with the end of the passage before each, in one round trip."""
        # Rank inside FTS5 first, then read keys for the few best rows only: joining before the
        # LIMIT would read the keys of every matching passage.
        only = "" if interview is None else " AND rowid IN (SELECT rowid FROM passages WHERE interview = ?)"
        params: tuple[object, ...] = (question_weight, expression) + (
            () if interview is None else (interview,)
        )
        rows = await self.rows(
            "SELECT c.rowid, p.interview, p.keys, p.position, p.question FROM ("
            "  SELECT rowid, bm25(passages_fts, ?, 1.0) AS score FROM passages_fts"
            f"  WHERE passages_fts MATCH ?{only} ORDER BY score LIMIT ?"
            ") AS c JOIN passages p ON p.rowid = c.rowid ORDER BY c.score",
            (*params, limit),
        )
        unpack, kept = self.codec.unpack_keys, self._candidates
        candidates = []
        for rowid, interview, keys, position, question in rows:
            c = None if kept is None else kept.recall(rowid)
            if c is None:
                question_keys, body_keys, words, context = unpack(keys)
                c = Candidate(rowid, interview, question_keys, body_keys, words, position, question, context)
                if kept is not None:
                    kept.keep(rowid, c)
            candidates.append(c)
        return candidates

    async def word_freq(self, words: Sequence[str]) -> dict[str, int]:
        """How many passages hold each word as written (words no passage holds are left out)."""
        if not words:
            return {}
        marks = ", ".join("?" * len(words))
        rows = await self.rows(f"SELECT word, doc FROM words_vocab WHERE word IN ({marks})", tuple(words))
        return {str(w): int(d) for w, d in rows}

    async def written_words(self) -> list[tuple[str, int]]:
        """Every word the passages hold as written, with how many passages hold it."""
        rows = await self.rows("SELECT word, doc FROM words_vocab")
        return [(str(w), int(d)) for w, d in rows]

    async def passages(self, rowids: Sequence[int]) -> dict[int, Passage]:
        found = {rowid: self._passages[rowid] for rowid in rowids if rowid in self._passages}
        missing = [rowid for rowid in rowids if rowid not in found]
        if missing:
            marks = ", ".join("?" * len(missing))
            rows = await self.rows(
                f"SELECT rowid, {PASSAGE_COLUMNS} FROM passages WHERE rowid IN ({marks})", tuple(missing)
            )
            found.update((int(r[0]), self.codec.passage(r[1:])) for r in rows)
        for rowid in rowids:
            if rowid in found:
                self._passages.keep(rowid, found[rowid])
        return found

    async def passage(self, passage_id: str) -> Passage | None:
        rows = list(await self.rows(f"SELECT {PASSAGE_COLUMNS} FROM passages WHERE id = ?", (passage_id,)))
        return self.codec.passage(rows[0]) if rows else None

    async def segment(self, interview: str, segment: int) -> list[Passage]:
        rows = await self.rows(
            f"SELECT {PASSAGE_COLUMNS} FROM passages WHERE interview = ? AND segment = ? ORDER BY position",
            (interview, segment),
        )
        return [self.codec.passage(r) for r in rows]

    async def random_passage(self) -> Passage | None:
        """A passage of an answer (not the lead), for /random: the first at or after a random row,
        from the first row again past the last. (``ORDER BY random()`` read every row: 0.15 s at
        300,000 passages, with every search waiting behind it.)"""
        if self.size < 1:
            return None
        start = random.randint(1, self.size)  # a build numbers its rows 1 to size
        for query, params in (
            ("segment > 0 AND rowid >= ? ORDER BY rowid", (start,)),
            ("segment > 0 ORDER BY rowid", ()),
        ):
            rows = list(
                await self.rows(f"SELECT {PASSAGE_COLUMNS} FROM passages WHERE {query} LIMIT 1", params)
            )
            if rows:
                return self.codec.passage(rows[0])
        return None

    async def featured(self, offset: int, limit: int) -> list[Passage]:
        """The first passage of every answer, then the rest: what inline mode shows unasked."""
        rows = await self.rows(
            f"SELECT {PASSAGE_COLUMNS} FROM passages"
            " ORDER BY position > 1, segment = 0, rowid LIMIT ? OFFSET ?",
            (limit, offset),
        )
        return [self.codec.passage(r) for r in rows]

    async def interviews(self) -> tuple[InterviewInfo, ...]:
        """The library's interviews, read once per open index (it never changes): the bot lists
        them for every unanswered question and every interview choice."""
        if self._interviews is None:
            rows = await self.rows(
                "SELECT id, title, interviewee, meta, questions FROM interviews ORDER BY id"
            )
            self._interviews = tuple(
                InterviewInfo(
                    str(r[0]),
                    str(r[1]),
                    str(r[2]),
                    tuple(str(q) for q in json.loads(r[4])),
                    tuple((str(k), str(v)) for k, v in json.loads(r[3]).items()),
                )
                for r in rows
            )
        return self._interviews

    async def interview(self, interview_id: str) -> InterviewInfo | None:
        return next((i for i in await self.interviews() if i.id == interview_id), None)

    async def role(self, interview_id: str) -> str:
        """What the interviewee of an interview does («معاون شهردار»), for quote cards; '' if unknown."""
        found = await self.interview(interview_id)
        return found.role if found else ""
