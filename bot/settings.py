"""Settings: ``config/settings.toml`` with its defaults, checked once at start-up.

A bad value is reported as ``SettingsError`` with the file and the setting, never a traceback.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.resources import bundled, data_dir

CONFIG_DIR = (
    Path(os.environ["INTERVIEW_BOT_CONFIG"]) if os.environ.get("INTERVIEW_BOT_CONFIG") else bundled("config")
)


class SettingsError(ValueError):
    pass


@dataclass(frozen=True)
class SearchSettings:
    limit: int = 3
    question_weight: float = 1.0
    context_weight: float = 0.3  # the end of the passage before, in the same answer
    interview_power: float = 1.0  # in a library, scores × (their interview's coverage) ** this
    intent_weight: float = 0.2  # a score's bonus share when the interviewer asked for what the reader asks
    min_coverage: float = 0.45
    answer_coverage: float = 0.5  # below it (and above min_coverage) a hit is only the closest passage
    max_edits: int = 2
    typo_weight: float = 0.7
    proximity_weight: float = 0.3
    exact_weight: float = 0.8
    lead_weight: float = 3.0
    number_weight: float = 3.0
    bm25_k1: float = 1.2
    bm25_b: float = 0.75
    coverage_power: float = 1.0
    candidate_rows: int = 600


@dataclass(frozen=True)
class ReplySettings:
    """When the reply offers alternatives under its first passage (``bot.reply.decide``)."""

    sure_above: float = 0.5  # sureness at or above it: the answer alone (benchmarks/reply.py tunes it)
    alternatives: int = 2  # shown when unsure, each from another answer


@dataclass(frozen=True)
class ImportLimits:
    """What ``interview-bot import`` reads before it refuses a file as too big."""

    max_bytes: int = 20_000_000  # a file, and what a .docx unpacks to
    max_pages: int = 60  # a PDF: an interview is a few pages; a whole magazine issue is not
    max_seconds: int = 60  # a file's reader: CPU and wall time (bot.ingest.limits)
    max_memory_mb: int = 1024  # a file's reader: address space beyond what its worker starts with


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path
    index_path: Path
    stopwords_path: Path
    synonyms_path: Path
    smalltalk_path: Path
    search: SearchSettings
    language: str = "auto"  # the bot's interface: auto (by the user's Telegram language), fa, en
    card_style: str = "square"  # quote cards: square (1080×1080) or wide (1200×675)
    stats_path: Path = Path("var") / "stats.sqlite"
    stats_retention_days: int = 90
    imports: ImportLimits = ImportLimits()
    reply: ReplySettings = ReplySettings()
    # postgresql://… : the shared store of several replicas (bot/shared). A secret: never shown.
    database_url: str = field(default="", repr=False)


def _number(table: dict[str, Any], key: str, default: float, low: float, high: float, where: str) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise SettingsError(f"{where}: {key} must be a number from {low} to {high}, not {value!r}")
    return float(value)


def _integer(table: dict[str, Any], key: str, default: int, low: int, high: int, where: str) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise SettingsError(f"{where}: {key} must be a whole number from {low} to {high}, not {value!r}")
    return value


def _path(table: dict[str, Any], key: str, default: str, where: str, base: Path) -> Path:
    """A path setting; a relative one starts from ``base``."""
    value = table.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise SettingsError(f"{where}: {key} must be a path, not {value!r}")
    path = Path(value).expanduser()
    return path if path.is_absolute() else base / path


def _config_file(config_dir: Path, name: str) -> Path:
    """A word list from the operator's config folder, or the bundled one where it has none."""
    path = config_dir / name
    return path if path.exists() else bundled("config") / name


def load_settings(config_dir: Path = CONFIG_DIR) -> Settings:
    path = config_dir / "settings.toml"
    raw: dict[str, Any] = {}
    if path.exists():
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"{path}: {exc}") from None
    for section in ("corpus", "search", "bot", "cards", "stats", "import", "database", "reply"):
        if not isinstance(raw.get(section, {}), dict):
            raise SettingsError(f"{path}: [{section}] must be a table")
    corpus = raw.get("corpus", {})
    search = raw.get("search", {})
    where = f"{path} [search]"
    defaults = SearchSettings()
    language = raw.get("bot", {}).get("language", "auto")
    if language not in ("auto", "fa", "en"):
        raise SettingsError(f"{path} [bot]: language must be auto, fa or en, not {language!r}")
    card_style = raw.get("cards", {}).get("style", "square")
    if card_style not in ("square", "wide"):
        raise SettingsError(f"{path} [cards]: style must be square or wide, not {card_style!r}")
    return Settings(
        corpus_dir=Path(os.environ["INTERVIEW_BOT_CORPUS"])
        if os.environ.get("INTERVIEW_BOT_CORPUS")
        else _path(corpus, "folder", "corpus", f"{path} [corpus]", data_dir()),
        index_path=Path(os.environ["INTERVIEW_BOT_INDEX"])
        if os.environ.get("INTERVIEW_BOT_INDEX")
        else _path(corpus, "index", "var/index.sqlite", f"{path} [corpus]", data_dir()),
        stopwords_path=_config_file(config_dir, "stopwords.txt"),
        synonyms_path=_config_file(config_dir, "synonyms.txt"),
        smalltalk_path=_config_file(config_dir, "smalltalk.txt"),
        search=SearchSettings(
            limit=_integer(search, "limit", defaults.limit, 1, 50, where),
            question_weight=_number(search, "question_weight", defaults.question_weight, 0.0, 100.0, where),
            context_weight=_number(search, "context_weight", defaults.context_weight, 0.0, 100.0, where),
            interview_power=_number(search, "interview_power", defaults.interview_power, 0.0, 10.0, where),
            intent_weight=_number(search, "intent_weight", defaults.intent_weight, 0.0, 10.0, where),
            min_coverage=_number(search, "min_coverage", defaults.min_coverage, 0.0, 1.0, where),
            answer_coverage=_number(search, "answer_coverage", defaults.answer_coverage, 0.0, 1.0, where),
            max_edits=_integer(search, "max_edits", defaults.max_edits, 0, 3, where),
            typo_weight=_number(search, "typo_weight", defaults.typo_weight, 0.0, 1.0, where),
            proximity_weight=_number(search, "proximity_weight", defaults.proximity_weight, 0.0, 10.0, where),
            exact_weight=_number(search, "exact_weight", defaults.exact_weight, 0.0, 10.0, where),
            lead_weight=_number(search, "lead_weight", defaults.lead_weight, 0.0, 10.0, where),
            number_weight=_number(search, "number_weight", defaults.number_weight, 0.0, 10.0, where),
            bm25_k1=_number(search, "bm25_k1", defaults.bm25_k1, 0.0, 10.0, where),
            bm25_b=_number(search, "bm25_b", defaults.bm25_b, 0.0, 1.0, where),
            coverage_power=_number(search, "coverage_power", defaults.coverage_power, 0.0, 10.0, where),
            candidate_rows=_integer(search, "candidate_rows", defaults.candidate_rows, 0, 10_000_000, where),
        ),
        language=language,
        card_style=card_style,
        stats_path=Path(os.environ["INTERVIEW_BOT_STATS"])
        if os.environ.get("INTERVIEW_BOT_STATS")
        else _path(raw.get("stats", {}), "path", "var/stats.sqlite", f"{path} [stats]", data_dir()),
        stats_retention_days=_integer(raw.get("stats", {}), "retention_days", 90, 1, 3650, f"{path} [stats]"),
        database_url=database_url(raw.get("database", {}), f"{path} [database]"),
        reply=ReplySettings(
            sure_above=_number(
                raw.get("reply", {}), "sure_above", ReplySettings.sure_above, 0.0, 1.0, f"{path} [reply]"
            ),
            alternatives=_integer(
                raw.get("reply", {}), "alternatives", ReplySettings.alternatives, 0, 5, f"{path} [reply]"
            ),
        ),
        imports=ImportLimits(
            max_bytes=_integer(
                raw.get("import", {}), "max_bytes", 20_000_000, 1000, 2_000_000_000, f"{path} [import]"
            ),
            max_pages=_integer(raw.get("import", {}), "max_pages", 60, 1, 10_000, f"{path} [import]"),
            max_seconds=_integer(raw.get("import", {}), "max_seconds", 60, 1, 3600, f"{path} [import]"),
            max_memory_mb=_integer(
                raw.get("import", {}), "max_memory_mb", 1024, 64, 65_536, f"{path} [import]"
            ),
        ),
    )


def admin_ids(raw: str) -> frozenset[int]:
    """ADMIN_IDS: user ids (ASCII digits, a user's id is positive) separated by commas or spaces.
    «-42» (a group's id), «4_2» and «۴۲», which int() would take, are refused by name."""
    import re

    ids = set()
    for part in re.split(r"[,\s]+", raw.strip()):
        if not part:
            continue
        if not (part.isascii() and part.isdigit()) or int(part) == 0:
            raise SettingsError(
                f"ADMIN_IDS: {part!r} is not a Telegram user id (a positive number in ASCII digits,"
                " e.g. 123456789); separate several with commas"
            )
        ids.add(int(part))
    return frozenset(ids)


def database_url(table: dict[str, Any], where: str) -> str:
    """DATABASE_URL, else ``[database] url``, else "" (SQLite only, as on one machine). A bad one
    is named without its value, which holds a password."""
    from urllib.parse import urlsplit

    url = os.environ.get("DATABASE_URL", "").strip() or str(table.get("url", "")).strip()
    if not url:
        return ""
    source = "DATABASE_URL" if os.environ.get("DATABASE_URL", "").strip() else f"{where} url"
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or 0 < parts.port < 65536
    except ValueError:
        port_ok = False
        parts = urlsplit("")
    if parts.scheme not in ("postgresql", "postgres") or not parts.hostname or not port_ok:
        raise SettingsError(f"{source} must look like postgresql://user:password@host:5432/database")
    return url


TOKEN_SHAPE = r"^\d{3,20}:[A-Za-z0-9_-]{20,100}$"


@dataclass(frozen=True)
class BotSettings:
    """What `interview-bot run` reads from the environment (the token never goes in a file)."""

    token: str
    api_url: str | None = None
    admin_ids: frozenset[int] = frozenset()
    log_level: str = "INFO"
    user_rate: int = 20  # questions a user may ask per minute before a polite "slow down"
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_secret: str | None = None
    # /healthz and /metrics in polling mode (webhook mode serves them on the webhook port); 0: off.
    metrics_listen: str = "127.0.0.1"
    metrics_port: int = 0

    @property
    def file_url(self) -> str | None:
        """Where files are downloaded from, beside ``api_url``: a Bot API server lays them out as
        ``…/file/bot<token>/<file_path>`` (``http://host:8081/bot`` → ``http://host:8081/file/bot``);
        None: Telegram's own."""
        if not self.api_url:
            return None
        base = self.api_url.rstrip("/")
        return f"{base.removesuffix('/bot')}/file/bot" if base.endswith("/bot") else f"{base}/file/bot"


def load_bot_settings(env: dict[str, str] | os._Environ[str] = os.environ) -> BotSettings:
    import re

    token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        raise SettingsError("TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather and export it")
    if not re.match(TOKEN_SHAPE, token):
        raise SettingsError("TELEGRAM_BOT_TOKEN does not look like a bot token (digits:letters)")
    api_url = env.get("TELEGRAM_API_URL", "").strip() or None
    if api_url and not re.match(r"^https?://[^\s/]+", api_url):
        raise SettingsError("TELEGRAM_API_URL must be an http(s) URL such as http://127.0.0.1:8081/bot")
    admins = admin_ids(env.get("ADMIN_IDS", ""))
    level = env.get("LOG_LEVEL", "INFO").strip().upper()
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise SettingsError("LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR")

    def integer(name: str, default: int, low: int, high: int) -> int:
        raw = env.get(name, "").strip()
        if not raw:
            return default
        if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
            raise SettingsError(f"{name} must be a whole number from {low} to {high}")
        return int(raw)

    webhook_url = env.get("WEBHOOK_URL", "").strip() or None
    secret = env.get("WEBHOOK_SECRET", "").strip() or None
    if webhook_url and not (secret and re.match(r"^[A-Za-z0-9_-]{1,256}$", secret)):
        raise SettingsError("webhook mode needs WEBHOOK_SECRET: 1-256 of A-Z a-z 0-9 _ -")
    return BotSettings(
        token=token,
        api_url=api_url,
        admin_ids=admins,
        log_level=level,
        user_rate=integer("USER_RATE_PER_MINUTE", 20, 1, 1000),
        webhook_url=webhook_url,
        webhook_listen=env.get("WEBHOOK_LISTEN", "127.0.0.1").strip() or "127.0.0.1",
        webhook_port=integer("WEBHOOK_PORT", 8443, 1, 65535),
        webhook_secret=secret,
        metrics_listen=env.get("METRICS_LISTEN", "127.0.0.1").strip() or "127.0.0.1",
        metrics_port=integer("METRICS_PORT", 9464, 0, 65535),
    )
