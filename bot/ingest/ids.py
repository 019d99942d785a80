"""Interview ids for imported files: ascii (they go into links and callback data), at most 20
characters, and never one a folder already holds."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

# A Persian name in Latin letters, as it is read (short vowels unwritten stay unwritten).
LATIN = str.maketrans(
    {
        "ا": "a", "آ": "a", "أ": "a", "إ": "e", "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j",
        "چ": "ch", "ح": "h", "خ": "kh", "د": "d", "ذ": "z", "ر": "r", "ز": "z", "ژ": "zh", "س": "s",
        "ش": "sh", "ص": "s", "ض": "z", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "gh",
        "ک": "k", "ك": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n", "و": "v", "ؤ": "v", "ه": "h",
        "ة": "h", "ی": "i", "ي": "i", "ئ": "y", "ء": "", "\u200c": "", "\u064b": "", "\u0654": "",
        "۰": "0", "۱": "1", "۲": "2", "۳": "3", "۴": "4", "۵": "5", "۶": "6", "۷": "7", "۸": "8",
        "۹": "9",
    }
)  # fmt: skip
MAX = 20
FRONT_ID = re.compile(r"^id:\s*(\S+)\s*$", re.MULTILINE)


def ascii_id(text: str) -> str:
    """«گفت‌وگو با آرش» → «gftvgv-ba-arsh»; «Pakzad 2023» → «pakzad-2023»; empty when nothing is left."""
    latin = text.translate(LATIN).lower()
    latin = re.sub(r"[^a-z0-9]+", "-", latin).strip("-")
    if len(latin) > MAX:
        latin = latin[:MAX].rsplit("-", 1)[0] if "-" in latin[:MAX] else latin[:MAX]
    return latin.strip("-")


def ids_in(folder: Path) -> set[str]:
    """The ids the interview files of a folder hold (their front matter's id, else their name)."""
    taken: set[str] = set()
    if not folder.is_dir():
        return taken
    for path in folder.glob("*.md"):
        taken.add(path.stem)
        try:
            head = path.read_text(encoding="utf-8", errors="replace")[:2000]
        except OSError:
            continue
        if found := FRONT_ID.search(head):
            taken.add(found.group(1).strip("'\""))
    return taken


def fresh_id(wanted: str, taken: Iterable[str]) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3`` … the first one not taken."""
    taken = set(taken)
    wanted = wanted or "interview"
    if wanted not in taken:
        return wanted
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = wanted[: MAX - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        number += 1
