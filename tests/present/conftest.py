"""Card tests that draw with Pillow's Raqm layout skip, with one line saying why, where the system
lacks FriBiDi (``.ci/run`` installs it; on Debian/Ubuntu: ``apt install libfribidi0``)."""

from __future__ import annotations

import pytest

from bot.present.card import raqm_available

NO_RAQM = "no Raqm layout here: install libfribidi0 (Debian/Ubuntu) to test the Raqm cards"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if raqm_available():
        return
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if item.get_closest_marker("raqm") or params.get("engine") == "raqm":
            item.add_marker(pytest.mark.skip(reason=NO_RAQM))
