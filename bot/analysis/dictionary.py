"""hazm's data files, read once per process: its word list with corpus counts, its verbs and its
colloquial forms. Nothing here folds or stems; the stemmer and the importer decide what to do
with the words (Lucene keeps its Dictionary apart from its Stemmer the same way).

We read the files directly: importing hazm itself costs 1.5 s, its Normalizer another 1.5 s.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FILES = ("words.dat", "verbs.dat", "iverbs.dat", "iwords.dat")


def hazm_data_dir() -> Path:
    """hazm's data folder, found without importing hazm (whose import takes over a second)."""
    spec = importlib.util.find_spec("hazm")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("hazm is not installed: run `uv sync`")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


@dataclass(frozen=True)
class Entry:
    """One line of words.dat: a word as hazm spells it (ZWNJ and spaces included), its count in
    hazm's corpus and its part-of-speech tag ('' when none)."""

    word: str
    count: int
    tag: str


@cache
def words(data: Path | None = None) -> tuple[Entry, ...]:
    entries = []
    for line in ((data or hazm_data_dir()) / "words.dat").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        count = int(parts[1]) if parts[1].isdigit() else 0
        entries.append(Entry(parts[0], count, parts[2] if len(parts) > 2 else ""))
    return tuple(entries)


@cache
def word_counts(data: Path | None = None) -> dict[str, int]:
    """Each word as spelled in words.dat, with its highest count."""
    counts: dict[str, int] = {}
    for entry in words(data):
        counts[entry.word] = max(counts.get(entry.word, 0), entry.count)
    return counts


def verbs(data: Path | None = None) -> list[tuple[str, str]]:
    """(past stem, present stem) of every verb in verbs.dat, as written there."""
    stems = []
    for line in ((data or hazm_data_dir()) / "verbs.dat").read_text(encoding="utf-8").splitlines():
        if "#" in line:
            past, present = (part.strip() for part in line.split("#", 1))
            if past and present:
                stems.append((past, present))
    return stems


def informal_verbs(data: Path | None = None) -> list[tuple[str, str]]:
    """(written past stem, colloquial present stem) from iverbs.dat: «رفت» → «ر»."""
    pairs = []
    for line in ((data or hazm_data_dir()) / "iverbs.dat").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and "#" in parts[0]:
            pairs.append((parts[0].split("#")[0], parts[1]))
    return pairs


def informal_words(data: Path | None = None) -> list[tuple[str, str]]:
    """(colloquial, written) from iwords.dat: «اومد» → «آمد», «اونم» → «آن هم»."""
    pairs = []
    for line in ((data or hazm_data_dir()) / "iwords.dat").read_text(encoding="utf-8").splitlines():
        colloquial, _, written = line.partition(" ")
        pairs.append((colloquial, written))
    return pairs
