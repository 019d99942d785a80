"""How sure the bot is of its first passage, and which others it offers beside it.

One number decides: ``sureness(hits)``, from 0 (show alternatives) to 1 (show the answer alone).
Until the ranker's calibrated answerability lands, it is today's signals: a closest passage
(coverage below ``answer_coverage``) is 0; an answer is the score margin between the first
passage and the best passage of another answer (1 − second / first). The threshold that says
"sure" is ``[reply] sure_above`` in the settings (``benchmarks/reply.py`` measures and tunes it).
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
    """0..1: how sure the first passage is the one. (After the ranker's merge: ``hits[0].probability``.)"""
    if not hits or not hits[0].confident:
        return 0.0
    rivals = others(hits)
    if not rivals or hits[0].score <= 0:
        return 1.0
    return max(0.0, 1.0 - rivals[0].score / hits[0].score)


def alternatives(hits: Sequence[Hit], sure_above: float, most: int) -> tuple[float, tuple[Hit, ...]]:
    """The sureness, and the alternatives to show under the first passage: none when sure."""
    sure = sureness(hits)
    return sure, (() if sure >= sure_above else tuple(others(hits)[:most]))
