"""Every test here runs the bot as a process over real HTTP (seconds each): all are ``slow``.
`uv run pytest` (the README's command, and CI's) runs them; `-m "not slow"` leaves them out for a
quick loop while editing."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.slow)
