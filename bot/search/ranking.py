"""The ranking stage: candidates ordered by a learned function of their named features, and the
probability that the first of them answers the question.

The model is a small JSON file (``ranker.json`` beside this module) that ``benchmarks/train.py``
writes from judged questions, choosing features and settings by leave-one-interview-out
cross-validation. It holds two linear models over standardized features, evaluated here in plain
Python: one scores candidates (trained on pairs, right passage against wrong, of the same
question), one gives the probability that the first passage answers (logistic, over the first
passage's features and the margin to the next). Two thresholds on that probability make the
tiers: an answer, only the closest passage, or nothing.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.search.features import FEATURES

MODEL_PATH = Path(__file__).with_name("ranker.json")
# What the answerability model reads besides the first passage's features: the question's own.
QUESTION_FEATURES = ("rank_score", "margin", "clauses", "wants_number")


class ModelError(ValueError):
    """The model file is missing a part or names a feature this version does not compute."""


@dataclass(frozen=True)
class Linear:
    """``bias + Σ weight · (value − mean) / scale`` over named inputs."""

    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float = 0.0

    def __call__(self, values: Sequence[float]) -> float:
        return self.bias + sum(  # a list, not a generator: one call, the same additions
            [w * (v - m) / s for w, v, m, s in zip(self.weights, values, self.mean, self.scale, strict=True)]
        )

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Linear:
        names = tuple(str(n) for n in data["names"])
        parts = [tuple(float(x) for x in data[k]) for k in ("mean", "scale", "weights")]
        if any(len(p) != len(names) for p in parts):
            raise ModelError("a linear model's mean, scale and weights must match its names")
        return cls(names, parts[0], parts[1], parts[2], float(data.get("bias", 0.0)))

    def to_json(self) -> dict[str, object]:
        return {
            "names": list(self.names),
            "mean": [round(x, 6) for x in self.mean],
            "scale": [round(x, 6) for x in self.scale],
            "weights": [round(x, 6) for x in self.weights],
            "bias": round(self.bias, 6),
        }


@dataclass(frozen=True)
class Model:
    rank: Linear  # over FEATURES (a subset, by name)
    answer: Linear  # over FEATURES and QUESTION_FEATURES (a subset, by name)
    answer_at: float  # probability from which the first passage is an answer
    closest_at: float  # from which (below answer_at) it is offered as the closest passage; below, nothing
    pool: int = 30  # candidates retrieval hands in
    l2: float = 0.0  # the regularization it was trained with (so that it can be retrained the same)
    # The weight its training gave the public sets' training half (benchmarks/public_half.py), in
    # the ranking model and, when ``public_answer``, in the answer model: 0 when not trained on.
    public_weight: float = 0.0
    public_answer: bool = False

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Model:
        try:
            rank = Linear.from_json(data["rank"])
            answer = Linear.from_json(data["answer"])
            known = set(FEATURES) | set(QUESTION_FEATURES)
            unknown = (set(rank.names) - set(FEATURES)) | (set(answer.names) - known)
            if unknown:
                raise ModelError(f"the model names features this version does not compute: {sorted(unknown)}")
            return cls(
                rank,
                answer,
                float(data["answer_at"]),
                float(data["closest_at"]),
                int(data.get("pool", 30)),
                float(data.get("l2", 0.0)),
                float(data.get("public_weight", 0.0)),
                bool(data.get("public_answer", False)),
            )
        except (KeyError, TypeError) as exc:
            raise ModelError(f"not a ranking model: {exc}") from None

    def to_json(self) -> dict[str, object]:
        return {
            "rank": self.rank.to_json(),
            "answer": self.answer.to_json(),
            "answer_at": round(self.answer_at, 6),
            "closest_at": round(self.closest_at, 6),
            "pool": self.pool,
            "l2": self.l2,
        } | (
            {"public_weight": self.public_weight, "public_answer": self.public_answer}
            if self.public_weight
            else {}
        )


def load_model(path: Path = MODEL_PATH) -> Model:
    return Model.from_json(json.loads(path.read_text(encoding="utf-8")))


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -500 else 0.0


class Ranker:
    """A model bound to the feature order: scores rows of ``FEATURES`` and reads answerability."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self._rank_at = [FEATURES.index(n) for n in model.rank.names]
        where = {n: i for i, n in enumerate((*FEATURES, *QUESTION_FEATURES))}
        self._answer_at = [where[n] for n in model.answer.names]
        # What the search must measure: what either model reads, and coverage (the floor's).
        self.needed = frozenset((*model.rank.names, *model.answer.names, "coverage"))

    def scores(self, rows: Sequence[Sequence[float]]) -> list[float]:
        rank, at = self.model.rank, self._rank_at
        return [rank([row[i] for i in at]) for row in rows]

    def order(self, rows: Sequence[Sequence[float]]) -> tuple[list[int], list[float]]:
        """Candidates' indexes best first (retrieval's order breaks ties), and their scores."""
        scores = self.scores(rows)
        return sorted(range(len(rows)), key=lambda i: (-scores[i], i)), scores

    def probabilities(
        self,
        rows: Sequence[Sequence[float]],
        scores: Sequence[float],
        order: Sequence[int],
        question: Sequence[float],
        count: int | None = None,
    ) -> list[float]:
        """For the first ``count`` candidates in ``order`` (every candidate, ranked), the probability
        that each answers, were it first: its features, its score and its margin over the best other
        candidate (over a passage that matches nothing, when it is alone)."""
        out = []
        for place, i in enumerate(order[:count]):
            if len(order) == 1:
                other = self.model.rank([0.0] * len(self.model.rank.names))
            else:
                other = scores[order[1]] if place == 0 else scores[order[0]]
            values = (*rows[i], scores[i], scores[i] - other, *question)
            out.append(sigmoid(self.model.answer([values[j] for j in self._answer_at])))
        return out


def question_features(clauses: int, wants_number: bool) -> tuple[float, float]:
    """The question's own values, after ``rank_score`` and ``margin`` in QUESTION_FEATURES."""
    return math.log1p(clauses), float(wants_number)
