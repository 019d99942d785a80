"""The ranking stage on constructed cases (a beekeeper's interview written for these tests), and
the committed model: the trainer's output, read by every path that searches."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import benchmarks.learn as learn
from benchmarks.dev import DEV
from benchmarks.learn import Example, Settings, cross_validate, fit
from benchmarks.retrieval import DATA as PUBLIC_DATA
from benchmarks.train import gather, refit
from bot.analysis.analyzer import Analyzer
from bot.library.passages import Passage
from bot.search.build import build_index
from bot.search.features import FEATURES, char_grams, window
from bot.search.ranking import MODEL_PATH, Linear, Model, ModelError, Ranker, load_model
from bot.search.scoring import Plan
from bot.search.searcher import Searcher, default_ranker
from bot.settings import Settings as BotSettings


def passage(id: str, segment: int, position: int, question: str | None, text: str) -> Passage:
    return Passage(id, "beekeeper", "گفت‌وگو با زنبوردار", segment, position, question, "زنبوردار", text)


BEEKEEPER = [
    passage("lead", 0, 1, None, "زنبوردار کوهستان از کندوها، عسل و زمستان‌های سخت روستایش می‌گوید."),
    passage(
        "winter", 1, 1, "چرا زنبورها در زمستان از بین می‌روند؟",
        "سرما و کمبود غذا کلنی را ضعیف می‌کند؛ اگر ذخیره عسل کم باشد، کندو تا بهار دوام نمی‌آورد.",
    ),
    passage(
        "childhood", 2, 1, "از کودکی‌تان بگویید.",
        "زمستان که می‌شد پدرم زنبورها را به انبار می‌برد. زمستان برای ما وقت قصه بود و زمستان"
        " بوی موم می‌داد؛ هنوز هم زمستان را با زنبورها به یاد می‌آورم.",
    ),
    passage(
        "hives", 3, 1, "کارتان را چطور شروع کردید؟",
        "کارم را با کندوی پدرم شروع کردم؛ هر کندو را مدام باز می‌کردم و تمیز نگه می‌داشتم.",
    ),
    passage(
        "hives-now", 3, 2, "کارتان را چطور شروع کردید؟",
        "امروز ۱۲۰ کندو داریم و هر سال حدود دو تن عسل برداشت می‌کنیم.",
    ),
    passage(
        "market", 4, 1, "عسل را کجا می‌فروشید؟",
        "بیشتر عسل را در بازار محلی و به مسافرانی که از جاده کوهستان می‌گذرند می‌فروشیم؛"
        " قیمت را خودمان تعیین می‌کنیم.",
    ),
    passage(
        "pests", 5, 1, "بزرگ‌ترین دشمن کندوها چیست؟",
        "کنه واروآ. هر پاییز کندوها را درمان می‌کنیم و قاب‌های آلوده را عوض می‌کنیم.",
    ),
]  # fmt: skip


@pytest.fixture
async def beekeeper(tmp_path: Path, settings: BotSettings, analyzer: Analyzer) -> Searcher:
    await build_index(tmp_path / "bees.sqlite", BEEKEEPER, analyzer)
    return await Searcher.open(tmp_path / "bees.sqlite", settings, analyzer)


async def test_a_paraphrase_of_the_interviewers_question_beats_a_passage_repeating_a_rare_word(
    beekeeper: Searcher,
) -> None:
    hits = await beekeeper.search("علت از بین رفتن زنبورها در فصل زمستان چیست؟")
    await beekeeper.close()
    assert hits[0].passage.id == "winter"
    assert "childhood" in [h.passage.id for h in hits]  # it was a candidate, and ranked below


async def test_a_number_question_prefers_the_passage_with_the_number(beekeeper: Searcher) -> None:
    hits = await beekeeper.search("چند کندو دارید؟")
    await beekeeper.close()
    assert hits[0].passage.id == "hives-now"
    assert "hives" in [h.passage.id for h in hits]  # the same word, no number: ranked below


async def test_a_question_whose_rare_words_the_library_lacks_is_refused(beekeeper: Searcher) -> None:
    hits = await beekeeper.search("قیمت بلیت هواپیما به استانبول چنده؟")  # only «قیمت» is here
    answered = await beekeeper.search("عسل را کجا می‌فروشید؟")
    await beekeeper.close()
    assert not hits or not hits[0].confident
    assert answered[0].passage.id == "market" and answered[0].confident
    assert not hits or hits[0].probability < answered[0].probability


async def test_every_hit_carries_its_probability_and_confident_is_the_answer_tier(
    beekeeper: Searcher,
) -> None:
    hits = await beekeeper.search("بزرگ‌ترین دشمن کندوها چیست؟")
    await beekeeper.close()
    model = beekeeper.ranker.model
    assert hits and all(0.0 <= h.probability <= 1.0 for h in hits)
    assert hits[0].confident == (hits[0].probability >= model.answer_at)
    assert hits[0].probability >= model.closest_at


def test_the_committed_model_is_what_every_searcher_reads(settings: BotSettings) -> None:
    # `ask`, the bot and inline mode all open their Searcher with Searcher.open, which takes this.
    assert default_ranker().model == load_model(MODEL_PATH)
    assert set(load_model().rank.names) <= set(FEATURES)


async def test_ask_and_the_bot_search_with_the_committed_model(
    index_path: Path, settings: BotSettings, analyzer: Analyzer
) -> None:
    searcher = await Searcher.open(index_path, settings, analyzer)
    await searcher.close()
    assert searcher.ranker.model == load_model(MODEL_PATH)


def test_a_model_file_naming_an_unknown_feature_is_refused(tmp_path: Path) -> None:
    data = load_model().to_json()
    data["rank"]["names"][0] = "no_such_feature"  # type: ignore[index]
    path = tmp_path / "ranker.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelError, match="no_such_feature"):
        load_model(path)
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(ModelError):
        load_model(path)


def toy_example(group: str, id: str, kind: str, X: np.ndarray, y: np.ndarray) -> Example:
    """A judged question of the given candidates' features and labels, with no plan of its own."""
    return Example(group, id, kind, "", X, y, 3, False, Plan([], "", [], 1.0, [], False, frozenset()), ())


def toy_examples() -> list[Example]:
    """Questions whose right candidate has the higher coverage, in three groups."""
    rng = np.random.default_rng(7)
    examples = []
    for n in range(30):
        X = rng.random((6, len(FEATURES)))
        y = np.zeros(6, dtype=bool)
        right = int(rng.integers(6))
        X[right, FEATURES.index("coverage")] += 1.0
        y[right] = n % 5 != 0  # every fifth: nothing here answers it
        kind = "para" if y.any() else "none"
        examples.append(toy_example(f"g{n % 3}", str(n), kind, X, y))
    return examples


def test_training_is_deterministic_and_learns_the_signal() -> None:
    first = fit(toy_examples(), Settings(pool=6)).model
    again = fit(toy_examples(), Settings(pool=6)).model
    assert json.dumps(first.to_json()) == json.dumps(again.to_json())
    ranker = Ranker(first)
    assert ranker.model.rank.weights[FEATURES.index("coverage")] == max(ranker.model.rank.weights)
    rows = [[0.0] * len(FEATURES), [0.0] * len(FEATURES)]
    rows[1][FEATURES.index("coverage")] = 1.0
    assert ranker.order(rows)[0] == [1, 0]


def test_recall_counts_the_right_candidate_below_the_coverage_floor() -> None:
    X = np.zeros((12, len(FEATURES)))
    X[:, FEATURES.index("coverage")] = 1.0
    X[3, FEATURES.index("coverage")] = learn.FLOOR / 2  # the right one, retrieval's fourth
    y = np.zeros(12, dtype=bool)
    y[3] = True
    e = toy_example("g", "1", "para", X, y)
    assert not e.pool(10)[1].any()  # ranking never sees it
    outcome = learn.Outcome(e, [0, 1, 2], 0.9, e.pool(30)[1])
    row = learn.per_class([outcome], 0.5, 0.1)["para"]
    assert row[5:8] == [1, 1, 1] and row[1] == 0 and row[3] == 0  # reached, not ranked


def test_a_linear_model_weighs_standardized_values() -> None:
    linear = Linear(("a", "b"), (1.0, 0.0), (2.0, 1.0), (1.0, -1.0), 0.5)
    assert linear([3.0, 1.0]) == 0.5 + 1.0 - 1.0
    model = Model(linear, linear, 0.6, 0.3)
    with pytest.raises(ModelError):
        Model.from_json(model.to_json())  # "a" and "b" are no features of this version


def test_window_holds_each_clause_once_within_its_width() -> None:
    assert window([(2.0, [0, 30]), (1.0, [5])], 12) == 3.0
    assert window([(2.0, [0]), (1.0, [20])], 12) == 2.0
    assert window([], 12) == 0.0


def test_char_grams_cover_a_word() -> None:
    assert char_grams("زعف") == ("زعف",)
    assert char_grams("کندوها") == ("کندو", "ندوه", "دوها")


@pytest.mark.skipif(not DEV.is_dir(), reason="no development corpus at ../shared/interviews-dev")
async def test_the_committed_model_is_what_the_trainer_makes_of_the_data() -> None:
    # The choices (features, regularization, thresholds) are the committed file's; the weights
    # must be what the trainer fits to today's questions with them (benchmarks/train.py --check).
    committed = load_model(MODEL_PATH)
    if committed.public_weight > 0 and not PUBLIC_DATA.is_dir():
        pytest.skip("the model was trained on the public sets' training half, absent here")
    assert refit(await gather([], None, public=committed.public_weight > 0), committed) == committed


async def test_the_features_no_model_reads_are_skipped_without_changing_the_ones_it_reads(
    beekeeper: Searcher,
) -> None:
    from bot.search.features import measure_all

    ranker = beekeeper.ranker
    for question in ("زنبورها زمستان چه می‌خورند؟", "چند کندو داری؟", "عسل را کی برداشت می‌کنی"):
        plan, candidates, full = await beekeeper.examine(question, 30)
        library = beekeeper.library(beekeeper.index, beekeeper.memo)
        some = measure_all(plan, candidates, library, beekeeper.settings, beekeeper.meaning, ranker.needed)
        assert candidates, question
        for row_full, row_some in zip(full, some, strict=True):
            for at, name in enumerate(FEATURES):
                if name in ranker.needed:
                    assert row_some[at] == row_full[at], (question, name)


def test_a_folds_training_questions_read_meaning_features_that_never_saw_the_held_out_interview(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dataclasses import replace

    import benchmarks.learn as learn
    from bot.search.features import MEANING

    at = [FEATURES.index(n) for n in MEANING]
    examples = []
    for e in toy_examples():
        keys = (("", ""),) * 4  # the first four candidates have meaning features
        # Without this interview only, the signal "knows" 1.0; without it and g0 as well, 0.25.
        e.X[:4, at] = 1.0
        fold = np.full((4, len(MEANING)), 0.25)
        examples.append(replace(e, keys=keys, folds={"g0": fold} if e.group != "g0" else {}))
    seen: dict[str, set[float]] = {}
    fit = learn.fit

    def spy(train: list[Example], s: Settings) -> learn.Fitted:
        held = ({"g0", "g1", "g2"} - {e.group for e in train}).pop()
        seen[held] = {float(v) for e in train for v in e.X[:4, at].ravel()}
        return fit(train, s)

    monkeypatch.setattr(learn, "fit", spy)
    learn.held_out(examples, Settings(pool=6))
    assert seen["g0"] == {0.25}  # g0 held out: the others' features from tables without g0
    assert seen["g1"] == {1.0}  # no other fold computed: each question's own table
    assert all(e.X[:4, at].min() == 1.0 for e in examples)  # the examples themselves untouched


def test_the_feature_walk_drops_a_feature_only_when_the_figures_rise(monkeypatch: pytest.MonkeyPatch) -> None:
    """The scoring replaced by a known function of the features kept: leaving out «window» is a
    tie (kept), leaving out «coverage» raises the figures (dropped)."""

    def scored(examples: object, s: Settings) -> list[Settings]:
        return [s]  # what worth and ranking_score read back

    def worth(outcomes: list[Settings]) -> int:
        return 10 if "coverage" in outcomes[0].features else 11

    monkeypatch.setattr(learn, "held_out", scored)
    monkeypatch.setattr(learn, "worth", worth)
    monkeypatch.setattr(learn, "ranking_score", lambda outcomes: (0, 0))  # every feature "useless"
    monkeypatch.setattr(learn, "L2", (3.0,))
    chosen = cross_validate([], weights=(0.0,)).settings
    assert "coverage" not in chosen.features
    assert "window" in chosen.features and len(chosen.features) == len(learn.FEATURES) - 1


def _per_fold(
    monkeypatch: pytest.MonkeyPatch, folds: dict[float, list[int]], previous: tuple[int, ...] = ()
) -> None:
    """held_out stands for a model whose worth in each held-out interview is ``folds[l2]``, or
    ``previous`` for settings that keep fewer features than all (the previous model's)."""

    def per_fold(outcomes: list[Settings]) -> list[int]:
        s = outcomes[0]
        return folds[s.l2] if s.features == FEATURES else list(previous)

    monkeypatch.setattr(learn, "held_out", lambda examples, s: [s])
    monkeypatch.setattr(learn, "worth", lambda outcomes: sum(per_fold(outcomes)))
    monkeypatch.setattr(learn, "fold_worths", lambda outcomes: dict(enumerate(per_fold(outcomes))))
    monkeypatch.setattr(learn, "ranking_score", lambda outcomes: (0, 0))
    monkeypatch.setattr(learn, "L2", tuple(folds))


def test_the_stronger_regularization_is_chosen_when_the_weaker_wins_only_within_noise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The weaker wins by 2 in all, +5 here and -4 there: one standard error of the paired
    # difference is about 8, so the stronger does as well.
    _per_fold(monkeypatch, {0.3: [15, 6, 13, 8, 10], 3.0: [10, 10, 10, 10, 10]})
    assert cross_validate([], ablate=False).settings.l2 == 3.0


def test_the_weaker_regularization_is_chosen_when_it_wins_in_every_fold(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _per_fold(monkeypatch, {0.3: [11, 11, 11, 11, 11], 3.0: [10, 10, 10, 10, 10]})
    assert cross_validate([], ablate=False).settings.l2 == 0.3


def test_the_previous_choices_stay_unless_beaten_beyond_noise(monkeypatch: pytest.MonkeyPatch) -> None:
    """A retrain on the same data keeps the committed model's features when the walk's own
    choice scores higher only by chance, and gives them up when it wins in every fold."""
    previous = Settings(features=FEATURES[:5], l2=3.0)
    every = {0.3: [8, 8, 8, 8, 8], 3.0: [10, 10, 10, 10, 10]}
    _per_fold(monkeypatch, every, previous=(14, 6, 13, 7, 8))  # 48 against 50, ±4 a fold
    assert cross_validate([], ablate=False, previous=previous).settings == previous
    _per_fold(monkeypatch, every, previous=(9, 9, 9, 9, 9))  # 45: one less in every fold
    assert cross_validate([], ablate=False, previous=previous).settings.features == FEATURES
