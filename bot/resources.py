"""Where the bot's files are: the defaults it ships (config, corpus, fonts) and the data folder
for what it writes (the index, the stats).

In a source checkout the defaults are the repository's ``config/``, ``corpus/`` and
``assets/fonts/``; a wheel carries the same files inside the package, as ``bot/_data/``, found
with ``importlib.resources``. Writable files never go inside the package: in a checkout they go
under the checkout (``var/``, as before), when installed under the user's data folder
(``$XDG_DATA_HOME/interview-bot``, by default ``~/.local/share/interview-bot``), and
``INTERVIEW_BOT_DATA`` names another.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Literal

Bundled = Literal["config", "corpus", "fonts"]
PACKAGED = "_data"  # the wheel's copy: bot/_data/config, bot/_data/corpus, bot/_data/fonts
IN_CHECKOUT: dict[Bundled, str] = {"config": "config", "corpus": "corpus", "fonts": "assets/fonts"}
CHECKOUT = Path(__file__).resolve().parent.parent


def _packaged(name: Bundled) -> Path | None:
    found = resources.files("bot") / PACKAGED / name
    return found if isinstance(found, Path) and found.is_dir() else None


def installed() -> bool:
    """Running from an installed wheel rather than from a source checkout."""
    return _packaged("config") is not None


def bundled(name: Bundled) -> Path:
    """The folder of defaults the bot ships under this name."""
    return _packaged(name) or CHECKOUT / IN_CHECKOUT[name]


def data_dir(env: os._Environ[str] | dict[str, str] = os.environ) -> Path:
    """Where relative paths of written files (index, stats) start from."""
    if env.get("INTERVIEW_BOT_DATA"):
        return Path(env["INTERVIEW_BOT_DATA"]).expanduser()
    if not installed():
        return CHECKOUT
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "interview-bot"


def version() -> str:
    """The installed package's version (a checkout run by uv is installed too)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("interview-bot")
    except PackageNotFoundError:
        return "unknown"
