"""Readers' verdicts as training data: ``interview-bot judgments export`` writes them as a TSV in
the development questions' shape (``id  class  question  expected  question-phrase``), for the
ranker's trainer.

Class ``judged``: the passage the reader settled on (👍, or an alternative opened); ``expected``
is a phrase of it, as the development sets give one. Class ``refused``: a question whose shown
passage the reader refused («این نبود») and settled on nothing after; ``expected`` is then a phrase
of the refused passage: a passage that is *not* the answer.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable, Sequence

import aiosqlite

from bot.library.passages import Passage, split_sentences
from bot.settings import Settings
from bot.stats import Judgment, SqliteRows

HEADER = "id\tclass\tquestion\texpected\tquestion-phrase"
PHRASE_WORDS = 8  # of the passage's first sentence: enough to find it, short enough to survive edits
QUESTION_WORDS = 6


def phrase(text: str, words: int) -> str:
    """The first ``words`` words of the text's first sentence, as one line without the TSV's
    separators (a tab, a newline, the ``|`` between expected phrases)."""
    sentences = split_sentences(text) or [text]
    cut = " ".join(sentences[0].replace("|", " ").split()[:words])
    return cut.rstrip(".،؛:؟!?")


def verdicts(rows: Sequence[Judgment]) -> list[tuple[str, str, str]]:
    """(class, question, passage id), each once, oldest first: what each reader settled on, and
    what they refused without settling on anything for that question."""
    settled = {(asker, question) for _, asker, question, _, s in rows if s}
    seen: set[tuple[str, str, str]] = set()
    found = []
    for _, asker, question, passage, is_settled in rows:
        if not is_settled and (asker, question) in settled:
            continue  # refused on the way to the one they settled on
        row = ("judged" if is_settled else "refused", question, passage)
        if row not in seen:
            seen.add(row)
            found.append(row)
    return found


async def export_tsv(
    rows: Sequence[Judgment], passage: Callable[[str], Awaitable[Passage | None]]
) -> tuple[list[str], int]:
    """The TSV's lines (header first), and how many verdicts were left out because their passage
    is no longer in the library."""
    lines, gone = [HEADER], 0
    for number, (kind, question, passage_id) in enumerate(verdicts(rows), start=1):
        found = await passage(passage_id)
        if found is None:
            gone += 1
            continue
        asked = " ".join(question.replace("\t", " ").split())
        heading = phrase(found.question, QUESTION_WORDS) if found.question else ""
        lines.append(f"judged-{number:04d}\t{kind}\t{asked}\t{phrase(found.text, PHRASE_WORDS)}\t{heading}")
    return lines, gone


class Unreadable(RuntimeError):
    """The stats store cannot be read (one line, no secret)."""


async def read_judgments(settings: Settings) -> list[Judgment]:
    """Every verdict kept: from the shared PostgreSQL with a database URL, else the stats file."""
    if settings.database_url:
        from bot.shared.database import Database, Unavailable
        from bot.shared.store import PostgresRows

        try:
            db = await Database.connect(settings.database_url)
        except Unavailable as exc:
            raise Unreadable(str(exc)) from None
        try:
            return await PostgresRows(db).judgments()
        except Unavailable as exc:
            raise Unreadable(f"the database went away while reading the judgments: {exc}") from None
        finally:
            await db.close()
    path = settings.stats_path
    if not path.exists():
        raise Unreadable(f"no stats at {path}: the bot has kept no judgments here")
    # Read only: the running bot keeps writing the file, and an export must not hold it up.
    try:
        file = await aiosqlite.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    except sqlite3.Error as exc:
        raise Unreadable(f"cannot read {path}: {exc}") from None
    try:
        return await SqliteRows(file).judgments()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return []  # stats from before judgments were kept
        raise Unreadable(f"cannot read {path}: {exc}") from None
    finally:
        await file.close()
