"""Settings: ``config/settings.toml`` with its defaults, checked once at start-up.

A bad value is reported as ``SettingsError`` with the file and the setting, never a traceback.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent.parent
CONFIG_DIR = Path(os.environ.get("INTERVIEW_BOT_CONFIG", PROJECT_DIR / "config"))


class SettingsError(ValueError):
    pass


@dataclass(frozen=True)
class SearchSettings:
    limit: int = 3
    question_weight: float = 1.0
    min_coverage: float = 0.45
    max_edits: int = 2
    typo_weight: float = 0.7
    proximity_weight: float = 0.3


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path
    index_path: Path
    stopwords_path: Path
    synonyms_path: Path
    search: SearchSettings


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


def _path(table: dict[str, Any], key: str, default: str, where: str) -> Path:
    value = table.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise SettingsError(f"{where}: {key} must be a path, not {value!r}")
    path = Path(value).expanduser()
    return path if path.is_absolute() else PROJECT_DIR / path


def load_settings(config_dir: Path = CONFIG_DIR) -> Settings:
    path = config_dir / "settings.toml"
    raw: dict[str, Any] = {}
    if path.exists():
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"{path}: {exc}") from None
    for section in ("corpus", "search"):
        if not isinstance(raw.get(section, {}), dict):
            raise SettingsError(f"{path}: [{section}] must be a table")
    corpus = raw.get("corpus", {})
    search = raw.get("search", {})
    where = f"{path} [search]"
    defaults = SearchSettings()
    return Settings(
        corpus_dir=Path(os.environ["INTERVIEW_BOT_CORPUS"])
        if os.environ.get("INTERVIEW_BOT_CORPUS")
        else _path(corpus, "folder", "corpus", f"{path} [corpus]"),
        index_path=Path(os.environ["INTERVIEW_BOT_INDEX"])
        if os.environ.get("INTERVIEW_BOT_INDEX")
        else _path(corpus, "index", "var/index.sqlite", f"{path} [corpus]"),
        stopwords_path=config_dir / "stopwords.txt",
        synonyms_path=config_dir / "synonyms.txt",
        search=SearchSettings(
            limit=_integer(search, "limit", defaults.limit, 1, 50, where),
            question_weight=_number(search, "question_weight", defaults.question_weight, 0.0, 100.0, where),
            min_coverage=_number(search, "min_coverage", defaults.min_coverage, 0.0, 1.0, where),
            max_edits=_integer(search, "max_edits", defaults.max_edits, 0, 3, where),
            typo_weight=_number(search, "typo_weight", defaults.typo_weight, 0.0, 1.0, where),
            proximity_weight=_number(search, "proximity_weight", defaults.proximity_weight, 0.0, 10.0, where),
        ),
    )
