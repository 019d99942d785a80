"""A database URL as it may be shown: its password is a secret like the bot token."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def redact(url: str) -> str:
    """The URL with its password replaced: postgresql://bot:***@db:5432/interviews."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    except ValueError:
        return "postgresql://…"


def password_of(url: str) -> str | None:
    try:
        return urlsplit(url).password
    except ValueError:
        return None
