"""How sure the bot is of its first passage, and which others it offers beside it.

One number decides: ``sureness(hits)``, from 0 (show alternatives) to 1 (show the answer alone):
the ranking model's calibrated probability that the first passage answers (``Hit.probability``,
``bot.search.ranking``), a closest passage's too: one the model nearly took for an answer needs
no list under it, one it barely kept does. The threshold that says "sure" is ``[reply]
sure_above`` in the settings (``benchmarks/reply.py`` measures and tunes it).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.search.searcher import Hit


def others(hits: Sequence[Hit]) -> list[Hit]:
    """The best passage of each other answer, best first: one candidate per interview answer
    (segment), none from the first passage's answer, which «ادامه» and «کامل» already reach."""
    seen = {(hits[0].passage.interview, hits[0].passage.segment)} if hits else set()
    found = []
    for hit in hits[1:]:
        key = (hit.passage.interview, hit.passage.segment)
        if key not in seen:
            seen.add(key)
            found.append(hit)
    return found


def sureness(hits: Sequence[Hit]) -> float:
    """0..1: how sure the first passage is the one: the ranking model's calibrated probability
    that it answers (``Hit.probability``), whether shown as an answer or as the closest passage."""
    return hits[0].probability if hits else 0.0


def alternatives(hits: Sequence[Hit], sure_above: float, most: int) -> tuple[float, tuple[Hit, ...]]:
    """The sureness, and the alternatives to show under the first passage: none when sure."""
    sure = sureness(hits)
    return sure, (() if sure >= sure_above else tuple(others(hits)[:most]))
