"""The per-user flood throttle."""

from __future__ import annotations

from bot.shared.local import Throttle


def test_throttle_window_slides() -> None:
    throttle = Throttle(2)
    assert throttle.allow(1, 0) and throttle.allow(1, 1) and not throttle.allow(1, 2)
    assert throttle.allow(2, 2) and throttle.allow(1, 61.5)
