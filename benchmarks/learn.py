"""The learning behind ``benchmarks/train.py``: pairwise and logistic linear models fitted with
numpy by Newton's method, leave-one-interview-out cross-validation, feature ablation, thresholds.

Training happens here only; the bot evaluates the result in plain Python (``bot/search/ranking``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from benchmarks.dev import REFUSALS
from bot.search.features import FEATURES, MEANING
from bot.search.ranking import QUESTION_FEATURES, Linear, Model, question_features
from bot.search.scoring import Plan
from bot.settings import load_settings

ANSWER_FEATURES = (
    "rank_score", "margin", "coverage", "window", "question_recall", "char_overlap", "unmatched_rarity",
    "unmatched_background", "interview_share", "answer_agreement", "bm25_body", "clauses", "wants_number",
)  # fmt: skip
L2 = (0.3, 3.0)
NOTHING_WORTH = 0.5  # nothing, rather than a closest passage, for a question the library cannot answer
FLOOR = load_settings().search.min_coverage  # as the bot reads it
POOLS = (30,)
TRAINING_ONLY = "public"  # the group of the public sets' training half: never a fold, always trained on
SMOOTH = 0.05  # the answer threshold's window (see ``thresholds``)
# A wrong passage given as the answer costs twice a right one given only as the closest passage
# (which the reader still sees first): the answer threshold weighs its mistakes so.
WRONG_COST = 2


@dataclass(frozen=True)
class Example:
    group: str  # the interview (fold) the question is about
    id: str
    kind: str
    text: str
    X: np.ndarray  # candidates × FEATURES, retrieval's order
    y: np.ndarray  # candidates: right or not
    clauses: int
    wants_number: bool
    plan: Plan  # what the meaning features are recomputed from, per fold
    keys: tuple[tuple[str, str], ...]  # the first candidates' (question keys, body keys)
    # Per other interview held out: the first candidates' meaning features from associations
    # trained without this interview's pairs *and* that one's, so that a cross-validation fold's
    # training questions never see the held-out interview through the meaning signal.
    folds: dict[str, np.ndarray] = field(default_factory=dict, compare=False, repr=False)
    _views: dict[str, Example] = field(default_factory=dict, compare=False, repr=False)

    @property
    def answerable(self) -> bool:
        return self.kind not in REFUSALS

    @property
    def training_only(self) -> bool:
        """A question of the public sets' training half: trained on, never scored by the CV."""
        return self.group == TRAINING_ONLY

    @cached_property
    def ok(self) -> np.ndarray:
        """Candidates that reach ranking: those matching ``FLOOR`` of the question, as in the bot."""
        return self.X[:, FEATURES.index("coverage")] >= FLOOR if len(self.X) else np.zeros(0, dtype=bool)

    def seen_without(self, held: str) -> Example:
        """This question as a training question of the fold that holds ``held`` out: its meaning
        features from associations that never saw ``held`` (itself when none were computed)."""
        if held not in self.folds:
            return self
        if held not in self._views:
            X = self.X.copy()
            X[: len(self.keys), [FEATURES.index(n) for n in MEANING]] = self.folds[held]
            self._views[held] = replace(self, X=X, folds={}, _views={})
        return self._views[held]

    def pool(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Features and labels of the candidates among retrieval's first ``n`` that reach ranking."""
        ok = self.ok[:n]
        return self.X[:n][ok], self.y[:n][ok]


@dataclass(frozen=True)
class Settings:
    features: tuple[str, ...] = FEATURES
    l2: float = 3.0
    pool: int = 30
    answer_features: tuple[str, ...] = ANSWER_FEATURES
    # The weight of a training-only (public) question against an interview's, in the ranking
    # model; 0 leaves them out altogether. ``public_answer``: in the answer model too.
    public_weight: float = 0.0
    public_answer: bool = False


def weight(e: Example, s: Settings, answer: bool = False) -> float:
    if not e.training_only:
        return 1.0
    return s.public_weight if s.public_answer or not answer else 0.0


@dataclass(frozen=True)
class Fitted:
    model: Model
    settings: Settings


@dataclass
class Outcome:
    """One held-out question as the model trained without its interview ranks it."""

    example: Example
    order: list[int]  # of the candidates that reach ranking
    probability: float
    y: np.ndarray  # those candidates: right or not


@dataclass
class Chosen:
    settings: Settings
    outcomes: list[Outcome]
    ablation: list[tuple[str, int, int]] = field(default_factory=list)  # feature, Δ top-1, Δ top-3
    base: tuple[int, int] = (0, 0)


def newton(X: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float, bias: bool) -> np.ndarray:
    """Weighted L2-regularized logistic regression; the bias (last column, when ``bias``) is not
    regularized. Deterministic: starts at zero, a fixed number of damped steps."""
    d = X.shape[1]
    beta = np.zeros(d)
    reg = np.full(d, l2)
    if bias:
        reg[-1] = 1e-6
    for _ in range(30):
        p = 1.0 / (1.0 + np.exp(-np.clip(X @ beta, -30, 30)))
        g = X.T @ (w * (p - y)) + reg * beta
        H = (X * (w * p * (1 - p))[:, None]).T @ X + np.diag(reg)
        step = np.linalg.solve(H, g)
        beta -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return beta


def fit_rank(examples: Sequence[Example], s: Settings) -> Linear:
    cols = [FEATURES.index(n) for n in s.features]
    examples = [e for e in examples if weight(e, s) > 0]
    rows = np.vstack([e.pool(s.pool)[0][:, cols] for e in examples if len(e.y)])
    mean, scale = rows.mean(axis=0), rows.std(axis=0)
    scale[scale < 1e-9] = 1.0
    diffs, weights = [], []
    for e in examples:
        X, y = e.pool(s.pool)
        if not e.answerable or not y.any() or y.all():
            continue
        X = (X[:, cols] - mean) / scale
        d = (X[y][:, None, :] - X[~y][None, :, :]).reshape(-1, len(cols))
        diffs.append(np.vstack([d, -d]))
        weights.append(np.full(2 * len(d), weight(e, s) / (2 * len(d))))
    D, W = np.vstack(diffs), np.concatenate(weights)
    labels = np.concatenate([np.r_[np.ones(len(d) // 2), np.zeros(len(d) // 2)] for d in diffs])
    beta = newton(D, labels, W, s.l2, bias=False)
    return Linear(s.features, tuple(mean), tuple(scale), tuple(beta))


def linear_scores(model: Linear, X: np.ndarray, cols: Sequence[int]) -> np.ndarray:
    """What ``Linear.__call__`` gives each row, in numpy (training only)."""
    scores: np.ndarray = ((X[:, cols] - np.array(model.mean)) / np.array(model.scale)) @ np.array(
        model.weights
    )
    return scores + model.bias


def answer_inputs(rank: Linear, e: Example, s: Settings) -> tuple[list[int], np.ndarray] | None:
    """The ranked order of a question's candidates (retrieval's order breaks ties), and the
    answer model's inputs for its first, as ``Ranker.probabilities`` reads them."""
    X = e.pool(s.pool)[0]
    if not len(X):
        return None
    scores = linear_scores(rank, X, [FEATURES.index(n) for n in rank.names])
    order = [int(i) for i in np.lexsort((np.arange(len(X)), -scores))]
    top = order[0]
    alone = rank([0.0] * len(rank.names))  # a passage that matches nothing, for a candidate alone
    margin = scores[top] - (scores[order[1]] if len(order) > 1 else alone)
    values = dict(zip(FEATURES, X[top], strict=True))
    values.update(
        zip(
            QUESTION_FEATURES,
            (scores[top], margin, *question_features(e.clauses, e.wants_number)),
            strict=True,
        )
    )
    return order, np.array([values[n] for n in s.answer_features])


def fit(examples: Sequence[Example], s: Settings) -> Fitted:
    rank = fit_rank(examples, s)
    inputs, labels, weights = [], [], []
    for e in examples:
        w = weight(e, s, answer=True)
        got = answer_inputs(rank, e, s) if w > 0 else None
        if got is not None:
            inputs.append(got[1])
            labels.append(float(e.pool(s.pool)[1][got[0][0]]))
            weights.append(w)
    A = np.array(inputs)
    mean, scale = A.mean(axis=0), A.std(axis=0)
    scale[scale < 1e-9] = 1.0
    Z = np.hstack([(A - mean) / scale, np.ones((len(A), 1))])
    beta = newton(Z, np.array(labels), np.array(weights), 1.0, bias=True)
    answer = Linear(s.answer_features, tuple(mean), tuple(scale), tuple(beta[:-1]), float(beta[-1]))
    return Fitted(Model(rank, answer, 0.5, 0.0, s.pool, s.l2, s.public_weight, s.public_answer), s)


def held_out(examples: Sequence[Example], s: Settings) -> list[Outcome]:
    """Every question scored by a model trained without its interview's questions (the
    training-only questions are in every fold's training and scored by none)."""
    outcomes = []
    for group in sorted({e.group for e in examples if not e.training_only}):
        model = fit([e.seen_without(group) for e in examples if e.group != group], s).model
        for e in examples:
            if e.group != group:
                continue
            got = answer_inputs(model.rank, e, s)
            if got is None:
                outcomes.append(Outcome(e, [], 0.0, np.zeros(0, dtype=bool)))
                continue
            order, values = got
            chance = 1.0 / (
                1.0 + np.exp(-linear_scores(model.answer, values[None, :], range(len(values)))[0])
            )
            outcomes.append(Outcome(e, order, float(chance), e.pool(s.pool)[1]))
    return outcomes


def right(o: Outcome, depth: int) -> bool:
    return bool(o.order) and bool(o.y[o.order[:depth]].any())


def ranking_score(outcomes: Sequence[Outcome]) -> tuple[int, int]:
    answerable = [o for o in outcomes if o.example.answerable]
    return sum(right(o, 1) for o in answerable), sum(right(o, 3) for o in answerable)


def worth(outcomes: Sequence[Outcome]) -> int:
    """What the choices maximize: the first passage is what every reader sees, the next two only
    a reader shown alternatives, so a right first passage counts twice."""
    one, three = ranking_score(outcomes)
    return 2 * one + three


def cross_validate(
    examples: Sequence[Example],
    ablate: bool = True,
    previous: Settings | None = None,
    weights: Sequence[float] = (0.0,),
    walk: bool = True,
) -> Chosen:
    """Settings by leave-one-interview-out figures only: the regularization, then each feature
    left out alone (the ablation), then features dropped one at a time, least useful first,
    when dropping it raises ``worth`` (2 × answerable top-1 + top-3); on a tie the feature stays,
    as a walk that drops on ties ended with 13 features that cross-validated as well (230/270
    against 233/269) but ranked six constructed cases of ``tests/search`` wrong (the number
    near the question's words, the interviewer's question asking what the reader asks). The walk
    depends on where it starts, so the ``previous`` model's choices, scored on the same folds, are
    kept unless the walk's beat them beyond noise (``within_noise``): a change elsewhere (the
    analyzer, a feature) is not undone by the walk's path, and a retrain does not trade the
    committed model for one that scores a point higher by chance. The regularization is the
    strongest that does as well as the best within noise (``steadiest``). ``weights``: the
    public questions' weights tried (with every regularization, and with the previous choices).
    Without ``walk`` (and with ``previous``), only the regularization and the weight are chosen,
    for the previous choices' features."""
    tried: list[tuple[int, Settings, list[Outcome]]] = []
    for pool in POOLS:
        for l2 in L2:
            for w in weights:
                s = Settings(l2=l2, pool=pool, public_weight=w)
                if not walk and previous is not None:
                    s = replace(previous, l2=l2, pool=pool, public_weight=w)
                outcomes = held_out(examples, s)
                tried.append((worth(outcomes), s, outcomes))
    value, s, outcomes = steadiest(tried)
    base = ranking_score(outcomes)
    ablation = []
    if ablate and (walk or previous is None):
        for name in s.features:
            one, three = ranking_score(
                held_out(examples, replace(s, features=tuple(f for f in s.features if f != name)))
            )
            ablation.append((name, one - base[0], three - base[1]))
        # Least useful first: each is dropped for good if the figures without it are better.
        useless = [a for a in ablation if a[1] + a[2] >= 0]  # leaving it out alone cost nothing
        for name, _, _ in sorted(useless, key=lambda a: (-(a[1] + a[2]), a[0])):
            if len(s.features) == 1:
                break
            t = replace(s, features=tuple(f for f in s.features if f != name))
            o = held_out(examples, t)
            if worth(o) > value:
                value, s, outcomes = worth(o), t, o
    for t in [] if previous is None else [replace(previous, public_weight=w) for w in weights]:
        if t != s:
            o = held_out(examples, t)
            if worth(o) > value or within_noise(outcomes, o):  # what is not beaten beyond noise stays
                value, s, outcomes = worth(o), t, o
    return Chosen(s, outcomes, ablation, base)


def fold_worths(outcomes: Sequence[Outcome]) -> dict[str, int]:
    """``worth`` per held-out interview."""
    per: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        per[o.example.group].append(o)
    return {group: worth(scored) for group, scored in per.items()}


def within_noise(best: Sequence[Outcome], other: Sequence[Outcome]) -> bool:
    """``other`` does as well as ``best`` within one standard error of their difference, paired
    by held-out interview (the one-standard-error rule)."""
    a, b = fold_worths(best), fold_worths(other)
    gaps = np.array([a[g] - b.get(g, 0) for g in a], dtype=float)
    if len(gaps) < 2:
        return bool(gaps.sum() <= 0)
    return bool(gaps.sum() <= gaps.std(ddof=1) * np.sqrt(len(gaps)))


def steadiest(
    tried: Sequence[tuple[int, Settings, list[Outcome]]],
) -> tuple[int, Settings, list[Outcome]]:
    """The best-scoring settings, or the most regularized that does as well within noise. Twenty
    folds tell the regularizations apart by a point or two of ``worth`` that one analyzer fix
    reverses, while the weaker one's larger weights moved the public sets' R@1 by 20 of 2,950
    (BENCHMARKS.md, "Words that are words of their own, and a trainer that does not chase noise")."""
    best = max(tried, key=lambda t: t[0])  # the first of equals: as before
    alike = [t for t in tried if (t[1].pool, t[1].public_weight) == (best[1].pool, best[1].public_weight)]
    steadier = [t for t in alike if t[1].l2 > best[1].l2 and within_noise(best[2], t[2])]
    return max(steadier, key=lambda t: t[1].l2) if steadier else best


def choose_thresholds(fitted: Fitted, chosen: Chosen) -> Fitted:
    """The answer threshold that decides best, on cross-validated probabilities, whether the first
    passage answers (a confident wrong answer counted ``WRONG_COST`` times, over a window); the
    closest-passage threshold that best keeps right first passages while
    giving nothing to questions the library has nothing on."""
    answer_at, closest_at = thresholds(chosen.outcomes)
    return replace(fitted, model=replace(fitted.model, answer_at=answer_at, closest_at=closest_at))


def thresholds(outcomes: Sequence[Outcome]) -> tuple[float, float]:
    grid = np.round(np.arange(0.02, 0.99, 0.01), 2)

    def decided(t: float) -> int:  # decided right, less the extra cost of a confident wrong answer
        sure = [(o.probability >= t, o.example.answerable and right(o, 1)) for o in outcomes]
        return sum(a == b for a, b in sure) - (WRONG_COST - 1) * sum(a and not b for a, b in sure)

    # That count is flat over a wide range of thresholds (unweighted, ±2 of ~510 from 0.42 to
    # 0.58): its single best point moves with any change of features. Its mean over a window of
    # ±SMOOTH picks the middle of the plateau, which stays put.
    counts = {float(t): decided(float(t)) for t in grid}

    def smoothed(t: float) -> float:
        near = [n for u, n in counts.items() if abs(u - t) <= SMOOTH + 1e-9]
        return sum(near) / len(near)

    answer_at = float(max(grid, key=lambda t: (smoothed(float(t)), -t)))

    def kept(c: float) -> float:  # a right first passage counts 1, nothing for a question of nothing ½
        shown_right = sum(o.example.answerable and right(o, 1) and o.probability >= c for o in outcomes)
        nothing = sum(o.example.kind == "none" and o.probability < c for o in outcomes)
        return shown_right + NOTHING_WORTH * nothing

    closest_at = float(max((c for c in grid if c <= answer_at), key=lambda c: (kept(c), -c)))
    return answer_at, closest_at


def per_class(outcomes: Sequence[Outcome], answer_at: float, closest_at: float) -> dict[str, list[int]]:
    """Per class: [questions, top-1 shown, top-1 as an answer, top-3, confident wrong,
    recall@10, @30, @100 (retrieval's order, every candidate: what reaches ranking or would,
    were it not below the coverage floor), refused, nothing at all]."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * 10)
    for o in outcomes:
        e, row = o.example, counts[o.example.kind]
        shown = bool(o.order) and o.probability >= closest_at
        sure = shown and o.probability >= answer_at
        row[0] += 1
        if e.answerable:
            row[1] += shown and right(o, 1)
            row[2] += sure and right(o, 1)
            row[3] += shown and right(o, 3)
            row[4] += sure and not right(o, 1)
            for j, depth in enumerate((10, 30, 100)):
                row[5 + j] += bool(e.y[:depth].any())
        else:
            row[4] += sure
            row[8] += not sure
            row[9] += not shown
    return counts
