"""A signal of meaning: which answer words a question's words lead to, learned from question–answer pairs.

No sentence encoder with Persian ships offline, so the bot learns its own, small one: IBM Model 1
translation probabilities t(answer key | question key), with a NULL question word that absorbs the
answer words no question word explains (Brown et al. 1993; Berger & Lafferty 1999 for retrieval).
Keys are the analyzer's search keys, the same the index holds. Pairs are every interview's own
(interviewer's question, answer) and readers' (question, the passage that answers it).

Only associations seen in at least ``min_pairs`` pairs are kept: one pair's co-occurrences are the
topic of one answer, not what a word means. What is kept per question key is its ``top`` strongest
answer keys, each weighed against the strongest (1.0), so that

- ``soft_overlap(query, passage)`` is, averaged over the query's keys, 1 for a key the passage holds
  and otherwise the weight of its strongest association the passage holds (0..1);
- ``expand(query, k)`` lists the answer keys the query's keys lead to most, to widen retrieval.

A second table of the same shape, ``Associations.load(SYNONYMS)``, holds synonyms from the Persian
WordNet (Montazery & Faili 2010, via the Open Multilingual Wordnet): keys that share a synset.

Training, loading and scoring are plain Python; the table ships with the package
(``bot/search/data/meaning.json.gz``, rebuilt by ``python -m benchmarks.train_meaning``).

For the ranking stage: ``overlaps(question keys, [passage keys…])`` (and the same against each
candidate's interviewer's question) gives one feature per candidate, ``exact=False`` the share only
associations match; ``Associations.train(pairs_from_files(files, analyzer))`` retrains the learnt
table for a cross-validation fold. Measured alone, neither table moves first results on the
development corpus (BENCHMARKS.md, "Meaning signal"): they are features to weigh, not a ranking.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.analysis.analyzer import Analyzer, unique
from bot.ingest.check import plain
from bot.library.interview import Interview, load_interview
from bot.library.passages import interview_passages

Pair = tuple[Sequence[str], Sequence[str]]  # (question keys, answer keys)
# A query as ``Associations.overlaps`` reads it: (key, weight, its associations) per key, their mass.
Reading = tuple[list[tuple[str, float, Mapping[str, float] | None]], float]

ARTEFACT = Path(__file__).resolve().parent / "data" / "meaning.json.gz"
SYNONYMS = ARTEFACT.with_name("synonyms.json.gz")  # the Persian WordNet's synonyms, same shape
FORMAT = 1
ITERATIONS = 5  # EM rounds: the table stops moving by the fifth on a few thousand pairs
MIN_PAIRS = 2  # an association must be seen in this many pairs to be kept
TOP = 40  # answer keys kept per question key
FLOOR = 0.02  # …and only those at least this strong against the key's strongest
DIGITS = 4  # weights are stored rounded: the same pairs give the same file on any machine


class MeaningError(ValueError):
    """The association file is missing or not one this version reads."""


@dataclass(frozen=True)
class Associations:
    """Question key → {answer key: weight in 0..1, 1 for its strongest association}."""

    table: Mapping[str, Mapping[str, float]]
    sources: tuple[str, ...] = field(default=(), compare=False)  # what it was trained on, for people

    def __len__(self) -> int:
        return len(self.table)

    @classmethod
    def train(
        cls,
        pairs: Iterable[Pair],
        *,
        iterations: int = ITERATIONS,
        min_pairs: int = MIN_PAIRS,
        top: int = TOP,
        floor: float = FLOOR,
        sources: Sequence[str] = (),
    ) -> Associations:
        """IBM Model 1 by EM over (question keys, answer keys) pairs; deterministic.

        Plain Python: about 0.4 s for 500 pairs and 2 s for 3,000 on this project's machines."""
        data: list[tuple[list[str], list[str]]] = []
        for question, answer in pairs:
            asked = [k for k in unique(question) if k]
            answered = unique(answer)
            if asked and answered:
                data.append((["", *asked], answered))  # "" is NULL: it explains the rest
        if not data:
            return cls({}, tuple(sources))
        seen: dict[str, dict[str, int]] = {}  # q → a → pairs in which they meet
        for asked, answered in data:
            for q in asked:
                met = seen.setdefault(q, {})
                for a in answered:
                    met[a] = met.get(a, 0) + 1
        start = 1.0 / len({a for _, answered in data for a in answered})
        t = {q: dict.fromkeys(met, start) for q, met in seen.items()}
        for _ in range(iterations):
            counts = {q: dict.fromkeys(row, 0.0) for q, row in t.items()}
            for asked, answered in data:
                rows, tallies = [t[q] for q in asked], [counts[q] for q in asked]
                for a in answered:  # a's alignment, shared among the question's keys and NULL
                    shares = [row[a] for row in rows]
                    scale = 1.0 / sum(shares)
                    for tally, share in zip(tallies, shares, strict=True):
                        tally[a] += share * scale
            t = {}
            for q, tally in counts.items():
                total = sum(tally.values())
                t[q] = {a: c / total for a, c in tally.items()}
        table: dict[str, dict[str, float]] = {}
        for q in sorted(t):
            kept = sorted(
                ((a, w) for a, w in t[q].items() if seen[q][a] >= min_pairs),
                key=lambda item: (-item[1], item[0]),
            )
            if q and kept:
                best = kept[0][1]
                row = {a: round(w / best, DIGITS) for a, w in kept[:top] if w / best >= floor}
                table[q] = dict(sorted(row.items(), key=lambda item: (-item[1], item[0])))
        return cls(table, tuple(sources))

    def soft_overlap(
        self,
        query_keys: Sequence[str],
        passage_keys: Iterable[str],
        weights: Mapping[str, float] | None = None,
        exact: bool = True,
    ) -> float:
        """0..1: per query key, 1 if the passage holds it, else its strongest association the
        passage holds; averaged over the query's keys (weighted by ``weights``, e.g. rarity).

        With ``exact=False`` a key the passage holds counts 0 (it still counts in the average):
        the share of the question only its associations match, a feature beside keyword overlap
        rather than a second copy of it."""
        return self.overlaps(query_keys, [passage_keys], weights, exact)[0]

    def reading(self, query_keys: Sequence[str], weights: Mapping[str, float] | None = None) -> Reading:
        """A query as ``overlaps`` reads it: each key weighed, with its associations; their mass."""
        asked: list[tuple[str, float, Mapping[str, float] | None]] = []  # (key, weight, associations)
        mass = 0.0
        for key in unique(query_keys):
            weight = 1.0 if weights is None else weights.get(key, 0.0)
            if weight > 0:
                asked.append((key, weight, self.table.get(key)))
                mass += weight
        return asked, mass

    def overlaps(
        self,
        query_keys: Sequence[str],
        passages: Iterable[Iterable[str]],
        weights: Mapping[str, float] | None = None,
        exact: bool = True,
        read: Reading | None = None,
    ) -> list[float]:
        """``soft_overlap`` of one query with each of many passages, the query read once
        (``read``: its ``reading``, when already read)."""
        asked, mass = self.reading(query_keys, weights) if read is None else read
        if not mass:
            return [0.0 for _ in passages]
        scores = []
        for passage in passages:
            held = passage if isinstance(passage, (set, frozenset)) else frozenset(passage)
            total = 0.0
            for key, weight, row in asked:
                if key in held:
                    total += weight if exact else 0.0
                elif row:
                    shared = held & row.keys()  # in C: a passage and a row are a few dozen keys each
                    if shared:
                        total += weight * max([row[a] for a in shared])
            scores.append(total / mass)
        return scores

    def expand(self, query_keys: Sequence[str], k: int = 10) -> list[tuple[str, float]]:
        """The ``k`` answer keys the query's keys lead to most, with a 0..1 strength (the
        average over the query's keys); the query's own keys are left out."""
        keys = unique(query_keys)
        asked = set(keys)
        scores: dict[str, float] = {}
        for key in keys:
            for a, w in self.table.get(key, {}).items():
                if a not in asked:
                    scores[a] = scores.get(a, 0.0) + w
        best = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[: max(0, k)]
        return [(a, round(s / len(keys), DIGITS)) for a, s in best]

    def to_json(self) -> str:
        payload = {"format": FORMAT, "sources": list(self.sources), "table": self.table}
        return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def save(self, path: Path = ARTEFACT) -> None:
        """Gzipped JSON with no time stamp: the same table gives the same bytes."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(gzip.compress(self.to_json().encode("utf-8"), compresslevel=9, mtime=0))

    @classmethod
    def load(cls, path: Path | None = None) -> Associations:
        path = path or ARTEFACT
        try:
            payload = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
        except FileNotFoundError:
            raise MeaningError(
                f"no association table at {path}: run `python -m benchmarks.train_meaning`"
            ) from None
        except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise MeaningError(f"{path} is not an association table ({exc})") from None
        if not isinstance(payload, dict) or payload.get("format") != FORMAT:
            raise MeaningError(f"{path} is not an association table of format {FORMAT}: rebuild it")
        try:
            table = {
                str(q): {str(a): float(w) for a, w in row.items()} for q, row in payload["table"].items()
            }
            sources = tuple(str(s) for s in payload.get("sources", ()))
        except (KeyError, AttributeError, TypeError, ValueError) as exc:
            raise MeaningError(f"{path} is not an association table ({exc!r})") from None
        return cls(table, sources)

    @classmethod
    def from_wordnet(cls, path: Path, analyzer: Analyzer, source: str = "") -> Associations:
        """Synonyms from an Open Multilingual Wordnet tab file (``synset<TAB>lemma<TAB>word``):
        keys that share a synset, each at weight 1. Lemmas of more than one key are left out."""
        synsets: dict[str, set[str]] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) >= 3 and parts[1] == "lemma":
                keys = analyzer.analyze(parts[2])
                if len(keys) == 1:
                    synsets.setdefault(parts[0], set()).add(keys[0])
        table: dict[str, dict[str, float]] = {}
        for members in synsets.values():
            for key in members:
                table.setdefault(key, {}).update((other, 1.0) for other in members if other != key)
        rows = {key: dict(sorted(row.items())) for key, row in sorted(table.items()) if row}
        return cls(rows, (source or path.name,))


# --- training pairs --------------------------------------------------------------------------


def interview_pairs(interview: Interview, analyzer: Analyzer) -> list[Pair]:
    """Each of the interviewer's questions with its whole answer, as keys."""
    return [
        (analyzer.analyze(segment.question), analyzer.analyze(" ".join(segment.paragraphs)))
        for segment in interview.questions
        if segment.question
    ]


def reader_pairs(questions_tsv: Path, interview: Interview, analyzer: Analyzer) -> list[Pair]:
    """Readers' questions (``id, class, question, expected[|expected…]`` rows, as the development
    corpus's ``NAME.questions.tsv`` and readers' judgments give them) with the first passage of
    the interview that holds an expected phrase. Questions with nothing expected are left out."""
    passages = [(plain(p.text), p.text) for p in interview_passages(interview)]
    pairs: list[Pair] = []
    for line in questions_tsv.read_text(encoding="utf-8").splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) < 4 or not parts[3].strip():
            continue
        expected = [plain(e) for e in parts[3].split("|") if e.strip()]
        found = next((text for folded, text in passages if any(e in folded for e in expected)), None)
        if found is not None:
            pairs.append((analyzer.analyze(parts[2]), analyzer.analyze(found)))
    return pairs


def questions_file(interview_path: Path) -> Path:
    """``NAME.questions.tsv`` beside ``NAME.md``."""
    return interview_path.with_name(interview_path.name.removesuffix(".md") + ".questions.tsv")


def pairs_from_files(paths: Iterable[Path], analyzer: Analyzer, readers: bool = True) -> list[Pair]:
    """Every interview file's own pairs and, with ``readers``, its ``NAME.questions.tsv``'s if
    there is one: what ``Associations.train`` takes."""
    pairs: list[Pair] = []
    for path in paths:
        interview = load_interview(path)
        pairs += interview_pairs(interview, analyzer)
        if readers and questions_file(path).exists():
            pairs += reader_pairs(questions_file(path), interview, analyzer)
    return pairs
