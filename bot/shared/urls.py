"""A database URL as it may be shown: its secrets are secrets like the bot token.

A URL carries a password as ``user:password@host`` and as query parameters (libpq's
``?password=…``, ``sslpassword=…``), either percent-encoded or not. ``redact`` hides each
and leaves the rest of the URL as written; ``redact_text`` does so for every URL in a text
(a log line, an error) and hides the secrets standing alone too, never parts of other words.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote, unquote_plus, urlsplit, urlunsplit

# Query parameters that hold a secret (libpq's, and the usual names elsewhere), compared lower-case.
SECRET_PARAMETERS = frozenset(
    {
        "password",
        "passwd",
        "pwd",
        "pass",
        "sslpassword",
        "secret",
        "token",
        "access_token",
        "api_key",
        "apikey",
    }
)
HIDDEN = "***"
URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s'\"<>]+")
SHORTEST_BARE = 4  # a shorter secret is hidden inside URLs only: alone it cannot be told from text


def _secret_parameter(pair: str) -> bool:
    return unquote_plus(pair.partition("=")[0]).strip().lower() in SECRET_PARAMETERS


def redact(url: str) -> str:
    """The URL with its secrets replaced: postgresql://bot:***@db:5432/interviews?password=***."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "postgresql://…"
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, host = netloc.rpartition("@")
        if ":" in userinfo:
            netloc = f"{userinfo.partition(':')[0]}:{HIDDEN}@{host}"
    query = re.sub(
        r"[^&;]+",
        lambda m: f"{m.group().partition('=')[0]}={HIDDEN}" if _secret_parameter(m.group()) else m.group(),
        parts.query,
    )
    if netloc == parts.netloc and query == parts.query:
        return url  # nothing secret: as written
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def secrets_of(url: str) -> list[str]:
    """Every secret the URL holds, as written and percent-decoded, longest first."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return []
    found: set[str] = set()
    userinfo = parts.netloc.rpartition("@")[0]
    if ":" in userinfo:
        found.add(userinfo.partition(":")[2])
    for pair in re.split(r"[&;]", parts.query):
        if "=" in pair and _secret_parameter(pair):
            found.add(pair.partition("=")[2])
    found |= {unquote(s) for s in found} | {unquote_plus(s) for s in found}
    found |= {quote(s, safe="") for s in found}  # as another program may write it
    return sorted((s for s in found if s), key=len, reverse=True)


def password_of(url: str) -> str | None:
    """The URL's main secret (its password, in either place), or None."""
    found = secrets_of(url)
    return found[0] if found else None


def redact_text(text: str, secrets: list[str] | tuple[str, ...] = ()) -> str:
    """``text`` with every URL's secrets hidden, and each of ``secrets`` (at least four
    characters) where it stands alone; nothing else changes (a one-letter password no longer
    blanks that letter in every log line)."""
    if "://" in text:  # most log lines hold no URL: the per-update line is one of them
        text = URL.sub(lambda m: redact(m.group()), text)
    for secret in secrets:
        if len(secret) >= SHORTEST_BARE and secret in text:
            text = re.sub(rf"(?<![\w%]){re.escape(secret)}(?![\w%])", HIDDEN, text)
    return text
