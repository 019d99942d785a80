"""The question quota and the quote-card cache of one process: what a single machine uses, and
what a replica falls back to while the shared database is away."""

from __future__ import annotations

from collections import defaultdict, deque


class Throttle:
    """At most ``rate`` questions per asker per minute, in this process; over it, one polite
    reply, then silence (``warned``)."""

    def __init__(self, rate: int) -> None:
        self.rate = rate
        self.seen: defaultdict[int, deque[float]] = defaultdict(deque)
        self.warned: set[int] = set()
        self._swept = 0.0

    def _sweep(self, now: float) -> None:
        """Forget askers whose last question is over a minute old (once a minute: the map holds
        the last minute's askers, not everyone ever seen; 200,000 of them held 161 MiB)."""
        self._swept = now
        for user_id in [u for u, times in self.seen.items() if not times or now - times[-1] > 60]:
            del self.seen[user_id]
            self.warned.discard(user_id)

    def allow(self, user_id: int, now: float) -> bool:
        if now - self._swept > 60:
            self._sweep(now)
        times = self.seen[user_id]
        while times and now - times[0] > 60:
            times.popleft()
        if len(times) >= self.rate:
            return False
        times.append(now)
        self.warned.discard(user_id)
        return True

    async def allowed(self, user_id: int, now: float) -> bool:
        return self.allow(user_id, now)


class CardFiles:
    """Quote cards Telegram already has, by key: sent again by file_id. In this process only."""

    def __init__(self) -> None:
        self.kept: dict[str, str] = {}

    async def get(self, key: str) -> str | None:
        return self.kept.get(key)

    async def keep(self, key: str, file_id: str) -> None:
        self.kept[key] = file_id

    def clear(self) -> None:
        self.kept.clear()
