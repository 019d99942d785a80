"""The per-user flood throttle: at most so many questions a minute."""

from __future__ import annotations

from collections import defaultdict, deque


class Throttle:
    """At most ``rate`` questions per user per minute; over it, one polite reply, then silence."""

    def __init__(self, rate: int) -> None:
        self.rate = rate
        self.seen: defaultdict[int, deque[float]] = defaultdict(deque)
        self.warned: set[int] = set()

    def allow(self, user_id: int, now: float) -> bool:
        times = self.seen[user_id]
        while times and now - times[0] > 60:
            times.popleft()
        if len(times) >= self.rate:
            return False
        times.append(now)
        self.warned.discard(user_id)
        return True
