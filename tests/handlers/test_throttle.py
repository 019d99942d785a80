"""The per-user flood throttle."""

from __future__ import annotations

from bot.shared.local import Throttle


def test_throttle_window_slides() -> None:
    throttle = Throttle(2)
    assert throttle.allow(1, 0) and throttle.allow(1, 1) and not throttle.allow(1, 2)
    assert throttle.allow(2, 2) and throttle.allow(1, 61.5)


def test_askers_gone_for_a_minute_are_forgotten() -> None:
    throttle = Throttle(5)
    for user in range(10_000):
        throttle.allow(user, 0.0)
    assert throttle.allow(10_001, 61.0)  # the first call past the minute sweeps the others out
    assert len(throttle.seen) == 1  # 200,000 askers held 161 MiB, never let go
