"""A bounded mapping that forgets what was used least recently: kept answers, plans, passages."""

from __future__ import annotations

from collections import OrderedDict


class Recent[K, V](OrderedDict[K, V]):
    """At most ``most`` entries; reading or writing one makes it the most recent."""

    def __init__(self, most: int) -> None:
        super().__init__()
        self.most = most

    def recall(self, key: K) -> V | None:
        value = self.get(key)
        if value is not None:
            self.move_to_end(key)
        return value

    def keep(self, key: K, value: V) -> V:
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.most:
            self.popitem(last=False)
        return value
