"""The index's layout measured: what each FTS5 option and storage choice costs and changes.

    uv run python -m benchmarks.layout                    # 100,000 passages, print the table
    uv run python -m benchmarks.layout --write            # and replace it in BENCHMARKS.md
    uv run python -m benchmarks.layout --passages 20000   # quicker

The passages of `benchmarks.speed --scale` (three sentences drawn from the public QA
paragraphs), analyzed once; then one SQLite file per layout, written from the same rows, and
the candidate query the search makes (FTS5 MATCH, bm25 with the question column weighted, the
best 30 joined to their rows) run for the FTS5 expressions of 300 public questions as the
searcher plans them. "Same candidates" counts the questions whose 30 candidates, in order, are
those of the schema before this round (v3: plain columns, ``detail=full``); a layout that
changes them changes answers.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.questions import machine, publish
from benchmarks.retrieval import DATA, load
from benchmarks.speed import synthetic_passages
from bot.analysis.analyzer import build_analyzer
from bot.search.build import context_keys
from bot.search.schema import Codec
from bot.search.workers import analyze_batch
from bot.settings import load_settings

BEGIN, END = "<!-- layout:begin -->", "<!-- layout:end -->"
CANDIDATES = 30
FTS = "question, body, content='', tokenize='unicode61 remove_diacritics 0'"


@dataclass(frozen=True)
class Layout:
    name: str
    packed: bool = True  # text and keys zstd-packed (the v4 schema) or plain columns (v3)
    fts: str = ""  # extra FTS5 options
    page: int = 4096
    vacuum: bool = True
    bm25: bool = True  # candidates ranked by bm25 in SQL; False: every match read, ranked in Python


LAYOUTS = (
    Layout("v3: plain text, keys and words, detail=full (before)", packed=False, vacuum=False),
    Layout("v3 + VACUUM", packed=False),
    Layout("packed (zstd, trained dictionaries), detail=full, VACUUM: chosen"),
    Layout("packed, no VACUUM", vacuum=False),
    Layout("packed, detail=column", fts=", detail=column"),
    Layout("packed, detail=none", fts=", detail=none"),
    Layout("packed, columnsize=0", fts=", columnsize=0"),
    Layout("packed, prefix='2 3'", fts=", prefix='2 3'"),
    Layout("packed, page size 8192", page=8192),
    Layout("packed, page size 16384", page=16384),
    Layout("packed, no bm25 in SQL: every match read, the best 30 picked outside", bm25=False),
)

Row = tuple[int, str, str, str, str, str, str]  # rowid, id, text, question keys, body keys, words, context


def analyzed_rows(count: int) -> list[Row]:
    settings = load_settings()
    analyzer = build_analyzer(settings.stopwords_path)
    passages = synthetic_passages(count)
    analyzed = analyze_batch(analyzer, [(p.question, p.text) for p in passages])
    rows: list[Row] = []
    before = None
    for rowid, (passage, (question_keys, body_keys, words)) in enumerate(
        zip(passages, analyzed.rows, strict=True), start=1
    ):
        context = context_keys(before, passage)
        rows.append((rowid, passage.id, passage.text, question_keys, body_keys, words, context))
        before = (passage, body_keys)
    return rows


async def expressions(rows: Sequence[Row], path: Path) -> tuple[list[str], float]:
    """The FTS5 expressions the searcher makes of 300 public questions, over this library."""
    from bot.search.build import build_index
    from bot.search.searcher import Searcher

    settings = load_settings()
    analyzer = build_analyzer(settings.stopwords_path)
    passages = synthetic_passages(len(rows))
    await build_index(path, passages, analyzer)
    searcher = await Searcher.open(path, settings, analyzer)
    try:
        _, qs = load(DATA)
        asked = [q.text for q in random.Random(1).sample(qs, 300)]
        plans = [await searcher.plan(text, searcher.index, searcher.memo) for text in asked]
    finally:
        await searcher.close()
    return [p.expression for p in plans if p.expression], settings.search.question_weight


def write(path: Path, layout: Layout, rows: Sequence[Row]) -> float:
    path.unlink(missing_ok=True)
    started = time.process_time()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA page_size = {layout.page}")
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    columns = (
        "text BLOB, keys BLOB" if layout.packed else "text, question_keys, body_keys, words, context_keys"
    )
    db.execute(
        "CREATE TABLE passages (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, interview TEXT,"
        f" segment INTEGER, position INTEGER, question TEXT, {columns})"
    )
    db.execute("CREATE INDEX passages_by_interview ON passages (interview, segment, position)")
    db.execute(f"CREATE VIRTUAL TABLE passages_fts USING fts5 ({FTS}{layout.fts})")
    if layout.packed:
        codec = Codec.trained([r[2] for r in rows[:2000]], [Codec.joined_keys(*r[3:]) for r in rows[:2000]])
        values = (
            (
                r[0],
                r[1],
                "s",
                0,
                r[0],
                None,
                codec.pack_text(r[2]),
                codec.pack_keys(Codec.joined_keys(*r[3:])),
            )
            for r in rows
        )
        db.executemany("INSERT INTO passages VALUES (?, ?, ?, ?, ?, ?, ?, ?)", values)
    else:
        db.executemany(
            "INSERT INTO passages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((r[0], r[1], "s", 0, r[0], None, *r[2:]) for r in rows),
        )
    db.executemany(
        "INSERT INTO passages_fts (rowid, question, body) VALUES (?, ?, ?)",
        ((r[0], r[3], r[4]) for r in rows),
    )
    db.execute("INSERT INTO passages_fts (passages_fts) VALUES ('optimize')")
    db.commit()
    if layout.vacuum:
        db.execute("VACUUM")
    db.close()
    return time.process_time() - started


def query(
    path: Path, layout: Layout, exprs: Sequence[str], weight: float
) -> tuple[list[tuple[int, ...]], list[float], int]:
    """Each expression's candidates, the CPU time of each query, and how many errors."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    keys = "p.keys" if layout.packed else "p.question_keys, p.body_keys, p.words, p.context_keys"
    ranked = (
        f"SELECT c.rowid, {keys} FROM (SELECT rowid, bm25(passages_fts, ?, 1.0) AS score FROM passages_fts"
        " WHERE passages_fts MATCH ? ORDER BY score LIMIT ?) AS c JOIN passages p ON p.rowid = c.rowid"
        " ORDER BY c.score"
    )
    found, times, errors = [], [], 0
    for expression in exprs:
        started = time.process_time()
        try:
            if layout.bm25:
                rows = db.execute(ranked, (weight, expression, CANDIDATES)).fetchall()
            else:  # what scoring every match in Python would first have to read
                rows = db.execute(
                    f"SELECT p.rowid, {keys} FROM passages_fts f JOIN passages p ON p.rowid = f.rowid"
                    " WHERE passages_fts MATCH ?",
                    (expression,),
                ).fetchall()[:CANDIDATES]
        except sqlite3.Error:
            rows, errors = [], errors + 1
        times.append(time.process_time() - started)
        found.append(tuple(r[0] for r in rows))
    db.close()
    return found, times, errors


def sizes(path: Path) -> tuple[float, float]:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    fts = db.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'passages_fts%'").fetchone()[0]
    db.close()
    return path.stat().st_size / 1e6, fts / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="replace the section in BENCHMARKS.md")
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--tmp", type=Path, default=None)
    args = parser.parse_args()
    rows = analyzed_rows(args.passages)
    lines = [
        BEGIN,
        "## The index's layout, measured",
        "",
        f"`uv run python -m benchmarks.layout --write --passages {args.passages}`"
        f" on {time.strftime('%Y-%m-%d')}, {machine()}.",
        "",
        f"{args.passages:,} passages of `benchmarks.speed --scale`, the same rows written in each layout;"
        " the candidate query for the FTS5 expressions of 300 public questions (CPU time per query:"
        " this machine is shared). Same candidates: questions whose 30 candidates, in order, are those"
        " of the layout before this round.",
        "",
        "| layout | file | FTS5 tables | write (CPU) | query median | query p99 | same candidates | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        exprs, weight = asyncio.run(expressions(rows, Path(tmp) / "plan.sqlite"))
        base: list[tuple[int, ...]] | None = None
        for layout in LAYOUTS:
            path = Path(tmp) / "layout.sqlite"
            seconds = write(path, layout, rows)
            found, times, errors = query(path, layout, exprs, weight)
            size, fts = sizes(path)
            base = base or found
            same = sum(a == b for a, b in zip(base, found, strict=True))
            times.sort()
            line = (
                f"| {layout.name} | {size:,.0f} MB | {fts:,.1f} MB | {seconds:.1f} s"
                f" | {statistics.median(times) * 1000:.2f} ms | {times[int(len(times) * 0.99)] * 1000:.2f} ms"
                f" | {same}/{len(exprs)} | {errors} |"
            )
            print(line, file=sys.stderr, flush=True)
            lines.append(line)
            os.unlink(path)
    lines.append(END)
    publish(lines, args.write)


if __name__ == "__main__":
    main()
