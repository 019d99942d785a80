"""The library in the shared database: interview files published by editors, every version kept,
and each replica's local copy of the current ones, from which it builds its own search index.

``publish`` stores the files that changed and tells every replica (NOTIFY ``CHANNEL``);
``sync_folder`` writes the current files into a replica's folder (atomically, one by one) and
says whether anything changed, so the replica rebuilds and swaps its index only then.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from bot.shared.database import Connection, Database

CHANNEL = "interview_bot_library"


@dataclass(frozen=True)
class Published:
    stored: list[tuple[str, int]]  # (id, its new version)
    unchanged: list[str]
    library_version: int


async def publish(db: Database, interviews: list[tuple[str, str]]) -> Published:
    """Store each (id, content) whose content changed as its next version, in one transaction,
    and tell the replicas."""
    stored: list[tuple[str, int]] = []
    unchanged: list[str] = []

    async def write(c: Connection) -> int:
        async with c.transaction():
            now = int(time.time())
            for interview_id, content in interviews:
                row = await c.fetchrow(
                    "SELECT content, version FROM interviews WHERE id = $1 FOR UPDATE", interview_id
                )
                if row is not None and row["content"] == content:
                    unchanged.append(interview_id)
                    continue
                version = 1 if row is None else int(row["version"]) + 1
                await c.execute(
                    "INSERT INTO interviews VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO UPDATE"
                    " SET content = $2, version = $3, published_at = $4",
                    interview_id, content, version, now,
                )  # fmt: skip
                await c.execute(
                    "INSERT INTO interview_versions VALUES ($1, $3, $2, $4)",
                    interview_id,
                    content,
                    version,
                    now,
                )
                stored.append((interview_id, version))
            library_version = int(
                await c.fetchval(
                    "UPDATE meta SET value = (value::integer + $1)::text WHERE key = 'library_version'"
                    " RETURNING value",
                    len(stored),
                )
            )
            if stored:
                await c.execute("SELECT pg_notify($1, $2)", CHANNEL, str(library_version))
            return library_version

    version = await db.run(write, timeout=10)
    return Published(stored, unchanged, version)


async def current(db: Database) -> list[tuple[str, str]]:
    """Every interview's current (id, content)."""
    rows = await db.run(lambda c: c.fetch("SELECT id, content FROM interviews ORDER BY id"), timeout=10)
    return [(str(r["id"]), str(r["content"])) for r in rows]


def sync_folder(folder: Path, interviews: list[tuple[str, str]]) -> bool:
    """Make ``folder`` hold exactly these interviews as ``<id>.md``; whether anything changed.
    Each file is written beside and renamed into place, so a build never reads half a file."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = False
    wanted = {f"{interview_id}.md": content for interview_id, content in interviews}
    for name, content in wanted.items():
        path = folder / name
        if path.exists() and _digest(path.read_bytes()) == _digest(content.encode()):
            continue
        temporary = folder / f".{name}.{os.getpid()}.tmp"
        temporary.write_text(content, encoding="utf-8")
        os.replace(temporary, path)
        changed = True
    for path in folder.glob("*.md"):
        if path.name not in wanted:
            path.unlink()
            changed = True
    return changed


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
