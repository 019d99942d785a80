"""The tables of ``benchmarks/train.py --cv``: cross-validated figures per class, the seed set,
the answer threshold's trade-off and the feature ablation."""

from __future__ import annotations

from collections.abc import Sequence

from benchmarks.dev import CLASSES, REFUSALS
from benchmarks.learn import Chosen, Example, per_class


def tables(examples: Sequence[Example], chosen: Chosen, answer_at: float, closest_at: float) -> list[str]:
    dev = [o for o in chosen.outcomes if o.example.group != "seed"]
    seed = [o for o in chosen.outcomes if o.example.group == "seed"]
    lines = [
        f"Settings chosen by cross-validation: L2 {chosen.settings.l2}, {chosen.settings.pool} candidates"
        f" ranked; thresholds: answer from {answer_at:.2f}, closest passage from {closest_at:.2f}."
        + (
            f" The public sets' training half weighted {chosen.settings.public_weight}"
            + (" (in the answer model too)." if chosen.settings.public_answer else ".")
            if chosen.settings.public_weight
            else ""
        ),
        f"Ranking features kept ({len(chosen.settings.features)}): "
        + ", ".join(f"`{n}`" for n in chosen.settings.features)
        + ".",
        "",
        "| class | questions | top-1 (answer or closest) | top-1 as an answer | top-3 | confident wrong"
        " | recall@10 | recall@30 | recall@100 | refused | nothing at all |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    counts = per_class(dev, answer_at, closest_at)
    lines += _rows(counts, CLASSES)
    lines += [
        "",
        "Recall@k: the right passage among retrieval's first k candidates, before ranking (those"
        " below the coverage floor counted too: the floor, not retrieval, keeps them from the list).",
        "",
        "The seed's question set (tests/questions.tsv, the bundled interview), same model and folds:",
        "",
    ]
    lines += lines[3:5]
    seed_counts = per_class(seed, answer_at, closest_at)
    lines += _rows(seed_counts, tuple(sorted(seed_counts)))
    lines += [
        "",
        "Trade-off of the answer threshold (cross-validated probabilities, development corpus):",
        "",
        "| answer from | answerable right, as an answer | refused (none) | refused (near)"
        " | confident wrong |",
        "|---|---|---|---|---|",
    ]
    for t in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        c = per_class(dev, t, min(t, closest_at))
        ans = [sum(c[k][i] for k in c if k not in REFUSALS) for i in range(10)]
        lines.append(
            f"| {t:.1f} | {ans[2]}/{ans[0]} | {c['none'][8]}/{c['none'][0]} | {c['near'][8]}/{c['near'][0]}"
            f" | {sum(c[k][4] for k in c)} |"
        )
    if chosen.ablation:
        lines += [
            "",
            f"Feature ablation (all features, L2 {chosen.settings.l2}): change in answerable top-1 and top-3"
            f" (development corpus and seed set, of {chosen.base[0]} and {chosen.base[1]} right with all"
            " features) when one feature is left out.",
            "",
            "| feature left out | Δ top-1 | Δ top-3 |",
            "|---|---|---|",
            *[f"| `{n}` | {a:+d} | {b:+d} |" for n, a, b in chosen.ablation],
        ]
    return lines


def _rows(counts: dict[str, list[int]], kinds: Sequence[str]) -> list[str]:
    def share(k: int, n: int) -> str:
        return f"{k}/{n} ({k / n:.2f})" if n else "-"

    lines = []
    total = [0] * 10
    refusals = [0] * 10
    for kind in kinds:
        if kind not in counts:
            continue
        r = counts[kind]
        if kind in REFUSALS:
            refusals = [a + b for a, b in zip(refusals, r, strict=True)]
            lines.append(
                f"| {kind} | {r[0]} | | | | {r[4]} | | | | {share(r[8], r[0])} | {share(r[9], r[0])} |"
            )
        else:
            total = [a + b for a, b in zip(total, r, strict=True)]
            lines.append(
                f"| {kind} | {r[0]} | {share(r[1], r[0])} | {share(r[2], r[0])} | {share(r[3], r[0])}"
                f" | {r[4]}"
                f" | {share(r[5], r[0])} | {share(r[6], r[0])} | {share(r[7], r[0])} | | |"
            )
    t, r = total, refusals
    lines.append(
        f"| **answerable** | {t[0]} | **{share(t[1], t[0])}** | {share(t[2], t[0])} | **{share(t[3], t[0])}**"
        f" | {t[4]} | {share(t[5], t[0])} | {share(t[6], t[0])} | {share(t[7], t[0])} | | |"
    )
    if r[0]:
        lines.append(
            f"| **refusals** | {r[0]} | | | | {r[4]} | | | | **{share(r[8], r[0])}** | {share(r[9], r[0])} |"
        )
    return lines
