"""Train the ranking model (``bot/search/ranker.json``) from judged questions, and measure it by
leave-one-interview-out cross-validation.

    uv run python -m benchmarks.train                 # train on everything, write the model
    uv run python -m benchmarks.train --cv            # print the cross-validated tables
    uv run python -m benchmarks.train --cv --write    # and put them in BENCHMARKS.md
    uv run python -m benchmarks.train --judgments FILE   # readers' judgments too (repeatable)
    uv run python -m benchmarks.train --public-half      # the public sets' training half too
    uv run python -m benchmarks.train --public-half --keep-features --weights 0,0.03,0.05,0.1,0.3,1

Questions: the development corpus's (``../shared/interviews-dev/*.questions.tsv``, all twenty
interviews indexed as one library), the seed's question set (``tests/questions.tsv``, over the
bundled corpus) and judgments in the development questions' shape (``id class question expected
question-phrase``; the id's part before its last «-» names the interview; asked of the bundled
corpus unless ``--judged-corpus`` names another folder). A candidate is right when its text
holds an expected phrase (or is an expected passage id, for the seed set).

Every choice (features kept, regularization, thresholds) is made on cross-validated figures
only: each interview's questions are scored by a model trained without them. The same data gives
the same file: training is deterministic (Newton's method from zero, sorted inputs).

``--public-half`` adds the questions of half of PersianQA's and PersianQuAD's paragraphs
(``benchmarks/public_half.py``) as one group that every fold trains on and none is scored by; their
weight against an interview question's (``--weights``) is chosen by the same cross-validation, and
recorded in the model so that ``--check`` refits it the same.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np

from benchmarks import public_half
from benchmarks.dev import DEV, REFUSALS
from benchmarks.dev import load as load_dev
from benchmarks.learn import Example, Fitted, choose_thresholds, cross_validate, fit
from benchmarks.learn import Settings as Choices
from benchmarks.learn_report import tables
from benchmarks.meaning import pairs_by_interview
from benchmarks.public_half import Row
from benchmarks.questions import machine, publish
from benchmarks.retrieval import DATA as PUBLIC_DATA
from benchmarks.retrieval import load as load_public
from benchmarks.retrieval import paragraph_passages
from bot.analysis.analyzer import Analyzer, build_analyzer
from bot.library.corpus import load_sources
from bot.library.interview import load_interview
from bot.search.build import build_from_files, build_index
from bot.search.features import FEATURES, MEANING, meaning_overlaps
from bot.search.meaning import Associations, interview_pairs
from bot.search.ranking import MODEL_PATH, Linear, Model, Ranker, load_model
from bot.search.searcher import Searcher
from bot.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent
SEED_QUESTIONS = ROOT / "tests" / "questions.tsv"
POOL = 100  # candidates gathered per question: recall is measured at 10, 30 and 100
MEANING_POOL = 50  # candidates whose meaning features are computed (no more are ever ranked)
SEED_KINDS = {"-": "none", "~": "near"}


def _plain(text: str) -> str:
    return text.replace("\u200c", "").replace("ي", "ی").replace("ك", "ک")


def blank_ranker() -> Ranker:
    zero = Linear(("coverage",), (0.0,), (1.0,), (0.0,))
    return Ranker(Model(zero, zero, 0.5, 0.0, POOL))


async def _gather(files: list[Path], rows: list[Row], settings: Settings) -> list[Example]:
    """rows: (group, id, kind, question, expected phrases or ids, expected are ids)."""
    analyzer = build_analyzer(settings.stopwords_path)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "library.sqlite"
        await build_from_files(files, db, analyzer, settings)
        texts = {p.id: _plain(p.text) for p in load_sources(files)[1]}
        return await examine_rows(db, rows, texts, settings, analyzer)


async def gather_public(settings: Settings, data: Path = PUBLIC_DATA) -> list[Example]:
    """The training half of the public development sets (``benchmarks.public_half``), asked of
    the library the retrieval benchmark builds: none when the data folder is absent."""
    if not data.is_dir():
        return []
    paragraphs, questions = load_public(data)
    analyzer = build_analyzer(settings.stopwords_path)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "public.sqlite"
        await build_index(db, paragraph_passages(paragraphs), analyzer)
        return await examine_rows(
            db, public_half.rows(public_half.split(paragraphs, questions)[0]), {}, settings, analyzer
        )


async def examine_rows(
    db: Path, rows: list[Row], texts: dict[str, str], settings: Settings, analyzer: Analyzer
) -> list[Example]:
    """Each row's candidates, features and labels from the library at ``db`` (``texts``: its
    passages' plain text, for rows whose expected are phrases)."""
    examples = []
    searcher = await Searcher.open(db, settings, analyzer, blank_ranker(), Associations({}))
    try:
        for group, qid, kind, text, expected, by_id in rows:
            plan, candidates, features = await searcher.examine(text, POOL)
            ids = [(await searcher.index.passages([c.rowid]))[c.rowid].id for c in candidates]
            if by_id:
                labels = [i in expected for i in ids]
            else:
                labels = [any(e in texts[i] for e in expected) for i in ids]
            examples.append(
                Example(
                    group, qid, kind, text,
                    np.array(features, dtype=float).reshape(len(candidates), len(FEATURES)),
                    np.array(labels, dtype=bool), len(plan.clauses), plan.wants_number,
                    plan, tuple((c.question_keys, c.body_keys) for c in candidates[:MEANING_POOL]),
                )
            )  # fmt: skip
    finally:
        await searcher.close()
    return examples


def dev_rows() -> tuple[list[Path], list[Row]]:
    interviews, questions = load_dev(DEV)
    return interviews, [(q.id.rsplit("-", 1)[0], q.id, q.kind, q.text, q.expected, False) for q in questions]


def seed_rows() -> list[Row]:
    rows = []
    for n, line in enumerate(SEED_QUESTIONS.read_text(encoding="utf-8").splitlines()):
        if line.strip() and not line.startswith("#"):
            kind, question, expected = line.split("\t")
            kind = SEED_KINDS.get(expected, kind if kind not in ("unanswerable",) else "none")
            ids = () if expected in SEED_KINDS else tuple(expected.split("|"))
            rows.append(("seed", f"seed-{n}", kind, question, ids, True))
    return rows


def judgment_rows(path: Path) -> list[Row]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) >= 3:
            expected = tuple(_plain(p) for p in parts[3].split("|") if p) if len(parts) > 3 else ()
            kind = parts[1] if expected or parts[1] in REFUSALS else "none"
            rows.append((f"judged:{parts[0].rsplit('-', 1)[0]}", parts[0], kind, parts[2], expected, False))
    return rows


async def gather(judgments: list[Path], judged_corpus: Path | None, public: bool = False) -> list[Example]:
    settings = load_settings()
    interviews, rows = dev_rows()
    examples = await _gather(interviews, rows, settings) if interviews else []
    corpus = sorted(settings.corpus_dir.glob("*.md"))
    examples += await _gather(corpus, seed_rows(), settings)
    for path in judgments:
        folder = judged_corpus or settings.corpus_dir
        examples += await _gather(sorted(folder.glob("*.md")), judgment_rows(path), settings)
    if public:
        examples += await gather_public(settings)
    return add_meaning(examples, interviews, corpus, build_analyzer(settings.stopwords_path))


def add_meaning(
    examples: list[Example], interviews: list[Path], corpus: list[Path], analyzer: Analyzer
) -> list[Example]:
    """The meaning features of each question's candidates, from associations trained without
    its interview's pairs (its interviewer's questions and answers, and its readers' questions):
    what the signal knows of a question it never saw. For cross-validation, nested: as a
    training question of the fold that holds interview H out, from associations trained without
    its own interview's pairs and H's (``Example.folds``), so no fold's model learns from a
    signal that saw the interview it is scored on."""
    pairs = pairs_by_interview(interviews, analyzer)
    pairs["seed"] = [p for path in corpus for p in interview_pairs(load_interview(path), analyzer)]
    groups = sorted({e.group for e in examples})
    by_group: dict[str, list[Example]] = {g: [e for e in examples if e.group == g] for g in groups}
    at = [FEATURES.index(name) for name in MEANING]

    def without(*left_out: str) -> Associations:
        return Associations.train(
            [p for name, ps in sorted(pairs.items()) if name not in left_out for p in ps]
        )

    def overlaps(e: Example, table: Associations) -> np.ndarray:
        values = [meaning_overlaps(e.plan, q, body, table) for q, body in e.keys]
        return np.array(values, dtype=float).reshape(len(e.keys), len(MEANING))

    for i, g in enumerate(groups):
        table = without(g)
        for e in by_group[g]:
            e.X[: len(e.keys), at] = overlaps(e, table)
        for h in groups[i + 1 :]:
            if g not in pairs and h not in pairs:
                continue  # neither has pairs: the table without both is the one without either
            table = without(g, h)
            for e in by_group[g]:
                e.folds[h] = overlaps(e, table)
            for e in by_group[h]:
                e.folds[g] = overlaps(e, table)
    return examples


def refit(examples: list[Example], model: Model) -> Model:
    """The model these examples train with the committed model's choices (features, L2, pool,
    thresholds): equal to it when the committed file is the trainer's output."""
    s = choices(model)
    fitted = fit(examples, s).model
    return Model.from_json(replace(fitted, answer_at=model.answer_at, closest_at=model.closest_at).to_json())


def previous_choices(path: Path) -> Choices | None:
    """The choices of the model at ``path``, if it is one this trainer can refit."""
    try:
        model = load_model(path)
    except (OSError, ValueError, KeyError):
        return None
    if not set(model.rank.names) <= set(FEATURES):
        return None
    return choices(model)


def choices(model: Model) -> Choices:
    return Choices(
        model.rank.names, model.l2, model.pool, model.answer.names, model.public_weight, model.public_answer
    )


def write_model(fitted: Fitted, path: Path = MODEL_PATH) -> None:
    path.write_text(json.dumps(fitted.model.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="print leave-one-interview-out figures")
    parser.add_argument("--write", action="store_true", help="with --cv: put them in BENCHMARKS.md")
    parser.add_argument("--judgments", type=Path, action="append", default=[], help="a judgments TSV")
    parser.add_argument("--judged-corpus", type=Path, help="the folder of interviews judgments were asked of")
    parser.add_argument("--model", type=Path, default=MODEL_PATH, help="where to write the model")
    parser.add_argument(
        "--check", action="store_true", help="refit with the model's own choices; say whether it is the same"
    )
    parser.add_argument(
        "--public-half", action="store_true", help="train on the public sets' training half too (issue 23)"
    )
    parser.add_argument(
        "--weights", default="0,0.1,0.3,1", help="with --public-half: its weights, for the cross-validation"
    )
    parser.add_argument(
        "--keep-features",
        action="store_true",
        help="choose only the regularization and the public weight, for the model's own features",
    )
    args = parser.parse_args()
    # --check refits as the model was trained: with the public half when its file says so.
    public = args.public_half or (args.check and load_model(args.model).public_weight > 0)
    examples = asyncio.run(gather(args.judgments, args.judged_corpus, public))
    if args.check:
        same = refit(examples, load_model(args.model)) == load_model(args.model)
        print(f"{args.model}: {'the trainer output' if same else 'NOT what these data train'}")
        raise SystemExit(0 if same else 1)
    weights = tuple(float(w) for w in args.weights.split(",")) if args.public_half else (0.0,)
    previous = previous_choices(args.model)
    chosen = cross_validate(examples, previous=previous, weights=weights, walk=not args.keep_features)
    fitted = fit(examples, chosen.settings)
    fitted = choose_thresholds(fitted, chosen)
    write_model(fitted, args.model)
    print(f"wrote {args.model}: {len(fitted.model.rank.names)} ranking features, thresholds "
          f"{fitted.model.answer_at:.3f} / {fitted.model.closest_at:.3f}")  # fmt: skip
    if args.cv:
        lines = [
            "<!-- train:begin -->",
            "## Ranking that learns: leave-one-interview-out cross-validation",
            "",
            f"`uv run python -m benchmarks.train --cv --write`, {machine()}.",
            "",
            *tables(examples, chosen, fitted.model.answer_at, fitted.model.closest_at),
            "<!-- train:end -->",
        ]
        publish(lines, args.write)


if __name__ == "__main__":
    main()
