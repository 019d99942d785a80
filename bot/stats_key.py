"""The key that hashes askers in the stats, kept apart from the stats.

The stats file holds hashes of user ids. Were the key beside them, anyone with the file could
hash every plausible id (two million took 4.8 s) and find who asked what. So the key is
``STATS_SALT`` (a secret setting), else a file of its own beside the stats, ``<stats>.key``,
readable by its owner only (0600); the stats file never holds it. The hash is HMAC-SHA256 with
that key.

A stats file from before kept a random salt in its ``meta`` table and hashed ``sha256(salt ‖ id)``:
at the first open the salt moves to the key file and is erased from the stats file (SQLite's
``secure_delete``, and its write-ahead log checkpointed), and the file keeps its hash form, so
a returning reader is still counted once. ``interview-bot rotate-salt`` makes a new key (and the
HMAC form): hashes from before it can no longer be linked to anyone, by anyone; restart the bot
after it.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import sqlite3
import time
from pathlib import Path

HMAC = "hmac-sha256"
LEGACY = "salted-sha256"  # sha256(salt ‖ id): stats files (and shared databases) from before


def hashed_asker(key: bytes, user_id: int, form: str = HMAC) -> str:
    """Who asked, as the stats and the shared quota keep it: never the Telegram id itself."""
    if form == LEGACY:
        return hashlib.sha256(key + str(user_id).encode()).hexdigest()[:20]
    return hmac.new(key, str(user_id).encode(), hashlib.sha256).hexdigest()[:20]


def key_path(stats_path: Path) -> Path:
    return stats_path.with_name(stats_path.name + ".key")


def _write_new(path: Path, key: bytes, replace: bool) -> None:
    """Write ``key`` (hex) to ``path``, 0600 from the start; atomically, so a replica starting at
    the same moment reads either no file or the whole key. Without ``replace``, a key already
    there wins."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "w") as file:
            file.write(key.hex() + "\n")
            file.flush()
            os.fsync(file.fileno())
        if replace:
            os.replace(temporary, path)
        else:
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def read_key(path: Path) -> bytes | None:
    for _ in range(50):  # a key being written by another replica is whole once it is there
        try:
            text = path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return None
        if text:
            return bytes.fromhex(text)
        time.sleep(0.01)
    raise ValueError(f"{path} is empty: delete it, or restore the key")


def stats_key(stats_path: Path, legacy_salt: bytes | None = None) -> bytes:
    """STATS_SALT, else the key file beside the stats (made on first use, from the stats file's
    old salt when it had one), with its permissions kept at 0600."""
    secret = os.environ.get("STATS_SALT", "").encode()
    if secret:
        return secret
    path = key_path(stats_path)
    key = read_key(path)
    if key is None:
        _write_new(path, legacy_salt or secrets.token_bytes(32), replace=False)
        key = read_key(path)
        assert key is not None
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)  # copied about with looser permissions: only its owner reads it
    return key


def rotate(stats_path: Path) -> Path:
    """A new random key for the stats at ``stats_path``, and the HMAC form from now on."""
    if os.environ.get("STATS_SALT"):
        raise ValueError("STATS_SALT is set: rotate it by setting a new value, then restart the bot")
    stats_path.parent.mkdir(parents=True, exist_ok=True)
    _write_new(key_path(stats_path), secrets.token_bytes(32), replace=True)
    if stats_path.exists():
        with contextlib.closing(sqlite3.connect(stats_path, timeout=30)) as db:
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('asker_hash', ?)", (HMAC,))
            db.commit()
    return key_path(stats_path)
