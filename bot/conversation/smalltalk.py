"""Small talk and follow-ups: messages that are not questions about an interview.

The phrases live in an editable file (``config/smalltalk.txt``), one ``[kind]`` section each, and
are matched through the analyzer's folding (Arabic letters, ZWNJ or none, colloquial forms), so
an editor adds a line, not code. A message is small talk when it is made of these phrases (and
filler words) only: «سلام خوبی؟ مرسی» is a greeting, «سلام، به کدام کشورها سفر کردید؟» is a
question (the search drops its greeting itself).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


class Kind(enum.Enum):
    # In the order they win when one message holds several: «مرسی، ادامه بده» asks for more.
    NEXT = "next"
    PREVIOUS = "previous"
    FULL = "full"
    WHO = "who"
    WHAT = "what"
    HELP = "help"
    INSULT = "insult"
    PRAISE = "praise"
    THANKS = "thanks"
    FAREWELL = "farewell"
    GREETING = "greeting"
    ACK = "ack"  # only filler words: «باشه», «ok»


FOLLOW_UPS = frozenset({Kind.NEXT, Kind.PREVIOUS, Kind.FULL})
FILLER = "filler"
_SECTION = re.compile(r"^\[([a-z]+)(:en)?\]$")
_ELONGATED = re.compile(r"(.)\1{2,}")  # «سلااام», «مرسیییی», «hiii»: a letter typed long, once


class PhrasebookError(ValueError):
    pass


@dataclass(frozen=True)
class Said:
    kind: Kind
    english: bool  # every phrase it was made of is English: reply in English


@dataclass(frozen=True)
class Phrasebook:
    # A phrase's words run together («بینهایتسپاسگزارم») → (kind, English): whether the reader
    # types «بی‌نهایت», «بینهایت» or «بی نهایت», the words run together the same.
    phrases: dict[str, tuple[Kind, bool]]
    fillers: frozenset[str]
    longest: int
    words: Callable[[str], list[str]]  # the analyzer's folding, for messages as for phrases

    def read(self, text: str) -> Said | None:
        """What a message says, if it is small talk or a follow-up; None for anything else."""
        return self.read_words(self.words(text[:300]))

    def read_words(self, words: list[str]) -> Said | None:
        """``read`` of a message's words, folded as ``words`` folds them."""
        if len(words) > 3 * self.longest + 4:
            return None  # too long to be small talk: a question with pleasantries around it
        if _ELONGATED.search("".join(words)):
            words = [_ELONGATED.sub(r"\1", w) for w in words]
        found: list[tuple[Kind, bool]] = []
        i = 0
        while i < len(words):
            for size in range(min(self.longest + 2, len(words) - i), 0, -1):
                match = self.phrases.get("".join(words[i : i + size]))
                if match is not None:
                    found.append(match)
                    i += size
                    break
            else:
                if words[i] not in self.fillers:
                    return None  # a word of something else: a question
                i += 1
        if not found:
            return Said(Kind.ACK, english=False) if words else None
        order = list(Kind)
        kind = min((k for k, _ in found), key=order.index)
        return Said(kind, english=all(english for _, english in found))


def load_phrasebook(path: Path, words: Callable[[str], list[str]]) -> Phrasebook:
    """The phrasebook from its file; a line outside a section, or an unknown section, is an error
    that names its line (an editor's typo must not silently drop a kind)."""
    phrases: dict[str, tuple[Kind, bool]] = {}
    fillers: set[str] = set()
    section: tuple[str, bool] | None = None
    longest = 1
    kinds = {k.value: k for k in Kind if k is not Kind.ACK}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        header = _SECTION.match(line)
        if header:
            name = header.group(1)
            if name not in kinds and name != FILLER:
                raise PhrasebookError(f"{path}:{number}: unknown section [{name}]")
            section = (name, header.group(2) is not None)
            continue
        if section is None:
            raise PhrasebookError(f"{path}:{number}: a phrase before any [section]")
        folded = words(line)
        if not folded:
            continue
        if section[0] == FILLER:
            fillers.update(folded)
            continue
        phrases.setdefault("".join(folded), (kinds[section[0]], section[1]))
        longest = max(longest, len(folded))
    return Phrasebook(phrases, frozenset(fillers), longest, words)
