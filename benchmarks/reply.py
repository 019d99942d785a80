"""The first reply on the development corpus: is the right passage visible in it, and how often
does it carry alternatives?

    uv run python -m benchmarks.reply            # print the table
    uv run python -m benchmarks.reply --write    # and put it in BENCHMARKS.md

All twenty interviews of ``../shared/interviews-dev`` (their clean ``NAME.md``) indexed together as
one library; every reader question of ``*.questions.tsv`` answered by ``Library.respond`` as the bot
answers it. *Visible*: the first passage, or one of the alternatives listed under it, holds an
expected phrase (ZWNJ removed, ي/ك folded, as ``benchmarks.dev`` scores). The sureness decision is
``bot.reply.decide.sureness`` whatever it is made of (today coverage and score margin; the ranker's
calibrated probability after its merge): this script measures it as it stands, sweeps its
threshold, and tunes it leave-one-interview-out (the threshold chosen on nineteen interviews, with
alternatives on at most ``--most-alternatives`` of their replies, scores the twentieth).
Development figures: the corpus was used to tune; a held-out set measures the result elsewhere.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from benchmarks.dev import DEV, REFUSALS, Question, load, plain
from benchmarks.meaning import pairs_by_interview
from benchmarks.questions import machine, publish
from bot.analysis.analyzer import Analyzer, build_analyzer
from bot.library.corpus import load_sources
from bot.reply import Answer
from bot.reply.decide import others, sureness
from bot.reply.respond import CANDIDATES
from bot.search.build import build_from_files
from bot.search.meaning import Associations
from bot.search.ranking import Ranker, load_model
from bot.search.searcher import Hit
from bot.service import Library
from bot.settings import load_settings

THRESHOLDS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.8, 1.01)


@dataclass(frozen=True)
class Seen:
    """One question's reply as the sweep needs it."""

    question: Question
    interview: str  # whose questions.tsv it is from
    replied: bool  # anything shown (an answer or a closest passage)
    sure: float
    first_right: bool
    alternatives_right: bool  # one of the (up to) alternatives the reply would list holds it
    has_alternatives: bool  # there are other answers' candidates to list
    first_answer_right: bool  # the first passage is of the right answer (its other paragraph, maybe)
    alternatives_answer_right: bool


def right(hit: Hit, question: Question) -> bool:
    return any(e in plain(hit.passage.text) for e in question.expected)


def answer_of(hit: Hit) -> tuple[str, int]:
    return hit.passage.interview, hit.passage.segment


Fold = tuple[Ranker, Associations]


async def folds(analyzer: Analyzer) -> dict[str, Fold]:
    """Per development interview, the ranking model and meaning table trained without it, with
    the committed model's choices (features, L2, pool, thresholds): what the bot would be had that
    interview never been judged."""
    from benchmarks.train import gather, refit  # the trainer: only this mode needs it

    examples = await gather([], None)
    committed = load_model()
    interviews = [p for p in load(DEV)[0] if "." not in p.stem]
    pairs = pairs_by_interview(interviews, analyzer)
    return {
        name: (
            Ranker(refit([e for e in examples if e.group != name], committed)),
            Associations.train([p for other, ps in sorted(pairs.items()) if other != name for p in ps]),
        )
        for name in sorted(pairs)
    }


async def measure(most: int, cv: bool = False) -> tuple[list[Seen], dict[str, list[int]], float]:
    """Every question: the sweep's record, and as the bot replies with the settings' threshold,
    per class (visible, with alternatives, replies, questions); and the threshold used. With
    ``cv``, each interview's questions are answered by the model trained without it."""
    settings = load_settings()
    analyzer = build_analyzer(settings.stopwords_path)
    interviews, questions = load(DEV)
    interviews = [p for p in interviews if "." not in p.stem]  # NAME.md only, not the raw forms
    passages = load_sources(interviews)[1]
    trained = await folds(analyzer) if cv else {}
    seen: list[Seen] = []
    per_class: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "dev.sqlite"
        await build_from_files(interviews, db, analyzer, settings)
        reply_settings = dataclasses.replace(settings.reply, alternatives=most)
        library = await Library.open(db, dataclasses.replace(settings, reply=reply_settings), analyzer)
        try:
            for question in questions:
                interview = question.id.rsplit("-", 1)[0]
                if interview in trained:
                    searcher = library.searcher
                    searcher.ranker, searcher.meaning = trained[interview]
                    searcher.settings = searcher.settings  # a new memo: no answer kept from another fold
                reply = await library.respond(question.text)
                row = per_class[question.kind]
                row[3] += 1
                if isinstance(reply, Answer):
                    row[2] += 1
                    row[1] += bool(reply.alternatives)
                    row[0] += any(right(h, question) for h in (reply.hit, *reply.alternatives))
                hits = await library.search(question.text, limit=CANDIDATES)
                listed = others(hits)[:most]
                answers = {
                    (p.interview, p.segment)
                    for p in passages
                    if any(e in plain(p.text) for e in question.expected)
                }
                seen.append(
                    Seen(
                        question,
                        interview,
                        bool(hits),
                        sureness(hits),
                        bool(hits) and right(hits[0], question),
                        any(right(h, question) for h in listed),
                        bool(listed),
                        bool(hits) and answer_of(hits[0]) in answers,
                        any(answer_of(h) in answers for h in listed),
                    )
                )
        finally:
            await library.close()
    return seen, dict(per_class), reply_settings.sure_above


def at(seen: list[Seen], threshold: float) -> tuple[float, float]:
    """With this threshold: (share of answerable questions whose right passage is visible, share
    of replies that carry alternatives)."""
    answerable = [s for s in seen if s.question.kind not in REFUSALS]
    visible = sum(s.first_right or (s.sure < threshold and s.alternatives_right) for s in answerable)
    replies = [s for s in seen if s.replied]
    listing = sum(s.sure < threshold and s.has_alternatives for s in replies)
    return visible / len(answerable), listing / max(1, len(replies))


def answer_visible(seen: list[Seen], threshold: float) -> float:
    """The share of answerable questions whose right *answer* is visible: the first passage or a
    listed alternative is of it, though perhaps another paragraph (one «ادامه» or «کامل» away)."""
    answerable = [s for s in seen if s.question.kind not in REFUSALS]
    shown = sum(
        s.first_answer_right or (s.sure < threshold and s.alternatives_answer_right) for s in answerable
    )
    return shown / len(answerable)


def tuned(seen: list[Seen], most_share: float) -> float:
    """The threshold that shows the right passage most often with alternatives on at most
    ``most_share`` of the replies (the lower of equals)."""
    allowed = [t for t in THRESHOLDS if at(seen, t)[1] <= most_share] or [0.0]
    return max(allowed, key=lambda t: (at(seen, t)[0], -t))


def leave_one_out(seen: list[Seen], most_share: float) -> tuple[float, float, list[float]]:
    """Each interview scored with the threshold tuned on the other nineteen: the pooled visible
    share and alternatives share, and the thresholds chosen."""
    names = sorted({s.interview for s in seen})
    pooled: list[Seen] = []
    chosen = []
    visible = listing = answerable = replies = 0
    for name in names:
        threshold = tuned([s for s in seen if s.interview != name], most_share)
        chosen.append(threshold)
        held = [s for s in seen if s.interview == name]
        pooled += held
        for s in held:
            if s.question.kind not in REFUSALS:
                answerable += 1
                visible += s.first_right or (s.sure < threshold and s.alternatives_right)
            if s.replied:
                replies += 1
                listing += s.sure < threshold and s.has_alternatives
    return visible / answerable, listing / replies, chosen


def per_update(runs: int) -> tuple[float, float]:
    """The per-update median as ``benchmarks.speed`` measures it (one core, the bundled interview,
    2,000 updates), with answers kept and with every search computed: the median of ``runs`` runs."""
    import os
    import statistics

    from benchmarks.speed import _per_update
    from bot.search import searcher as search

    cores = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(cores)})
    kept_results, kept, computed = search.RESULTS, [], []
    try:
        for _ in range(runs):
            search.RESULTS = kept_results
            kept.append(asyncio.run(_per_update(2000, floor=False))["update_median"])
            search.RESULTS = 0
            computed.append(asyncio.run(_per_update(2000, floor=False))["update_median"])
    finally:
        search.RESULTS = kept_results
        os.sched_setaffinity(0, cores)
    return statistics.median(kept), statistics.median(computed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="put the tables in BENCHMARKS.md")
    parser.add_argument("--alternatives", type=int, default=2, help="listed when unsure (default 2)")
    parser.add_argument("--most-alternatives", type=float, default=0.40, help="share of replies, for tuning")
    parser.add_argument(
        "--cv", action="store_true", help="answer each interview with the model trained without it"
    )
    parser.add_argument("--speed", type=int, default=0, metavar="RUNS", help="only the per-update median")
    args = parser.parse_args()
    if args.speed:
        kept, computed = per_update(args.speed)
        print(f"per update, median of {args.speed} runs: {kept:.3f} ms; computed: {computed:.3f} ms")
        return
    if not DEV.is_dir():
        print(f"skipped: no development corpus at {DEV}")
        return
    seen, per_class, threshold = asyncio.run(measure(args.alternatives, args.cv))
    rows = ["| class | right passage visible | replies with alternatives | questions |", "|---|---|---|---|"]
    total = [0, 0, 0, 0]
    refused = [0, 0, 0]
    for kind in sorted(per_class, key=lambda k: (k in REFUSALS, k)):
        visible, listing, replies, n = per_class[kind]
        if kind in REFUSALS:
            rows.append(f"| {kind} (no right passage) | | {listing}/{replies} | {n} |")
            refused = [refused[0] + listing, refused[1] + replies, refused[2] + n]
        else:
            rows.append(f"| {kind} | {visible}/{n} ({visible / n:.2f}) | {listing}/{replies} | {n} |")
            total = [total[0] + visible, total[1] + listing, total[2] + replies, total[3] + n]
    visible, listing, replies, n = total
    all_listing, all_replies = listing + refused[0], replies + refused[1]
    rows.append(f"| **answerable** | **{visible}/{n} ({visible / n:.2f})** | {listing}/{replies} | {n} |")
    rows.append(
        f"| **all replies** | | **{all_listing}/{all_replies} ({all_listing / max(1, all_replies):.2f})**"
        f" | {n + refused[2]} |"
    )
    first = sum(s.first_right for s in seen if s.question.kind not in REFUSALS) / n
    ceiling = at(seen, 2.0)[0]
    sweep = [
        "| `sure_above` | right passage visible | right answer visible | replies with alternatives |",
        "|---|---|---|---|",
    ]
    sweep += [
        f"| {t:g} | {at(seen, t)[0]:.3f} | {answer_visible(seen, t):.3f} | {at(seen, t)[1]:.3f} |"
        for t in THRESHOLDS
    ]
    loo_visible, loo_listing, chosen = leave_one_out(seen, args.most_alternatives)
    lines = [
        "<!-- reply:begin -->",
        "## The first reply: right passage visible, alternatives shown (development corpus)",
        "",
        f"`uv run python -m benchmarks.reply{' --cv' if args.cv else ''} --write` on"
        f" {time.strftime('%Y-%m-%d')}, {machine()}.",
        "",
        "All twenty interviews of `../shared/interviews-dev/` as one library; each reader question answered"
        f" by `Library.respond` with the settings' `[reply] sure_above = {threshold:g}` and"
        f" {args.alternatives} alternatives at most. *Visible*: the first passage or a listed alternative"
        " holds an expected phrase. Goals: visible ≥ 0.90 of the answerable questions, alternatives on at"
        " most 40% of the replies. Development figures"
        + (
            ", cross-validated: each interview's questions are answered by the ranking model and meaning"
            " table trained without that interview (the committed model's choices)."
            if args.cv
            else " (the committed ranking model was trained on these interviews: in-sample)."
        ),
        "",
        *rows,
        "",
        f"The first passage alone is right for {first:.3f} of the answerable questions; with alternatives"
        f" under every reply (the ceiling of today's candidates: {args.alternatives} from other answers)"
        f" {ceiling:.3f}.",
        "",
        "The threshold swept (the same replies; `bot.reply.decide.sureness` as it stands). *Right answer"
        " visible*: the first passage or a listed alternative is of the right answer, perhaps another of"
        " its paragraphs (one «ادامه» or «کامل» away):",
        "",
        *sweep,
        "",
        f"Tuned leave-one-interview-out (each interview scored with the threshold that does best on the"
        f" other nineteen with alternatives on at most {args.most_alternatives:.0%} of their replies):"
        f" visible **{loo_visible:.3f}**, alternatives on **{loo_listing:.3f}** of the replies; thresholds"
        f" chosen {min(chosen):g}–{max(chosen):g}.",
        "<!-- reply:end -->",
    ]
    publish(lines, args.write)


if __name__ == "__main__":
    main()
