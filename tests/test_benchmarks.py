"""The benchmark scripts: they run anywhere (without the public QA data they skip, they do not
fail), they count what they claim to, and their baselines behave as the engines they stand for."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import questions as questions_benchmark
from benchmarks.retrieval import DATA, Score, load, lucene_analyzer, lucene_fold, lucene_stem
from benchmarks.speed import at_scale, per_update, percentile, synthetic_passages
from bot.search import searcher as search
from tests.helpers import FIXTURES, ROOT


def run_retrieval(data: Path) -> subprocess.CompletedProcess[str]:
    """``python -m benchmarks.retrieval --data <data>``, as a reader would run it (no --write)."""
    command = [sys.executable, "-m", "benchmarks.retrieval", "--data", str(data)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done


def test_the_retrieval_benchmark_skips_cleanly_without_its_data(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    done = run_retrieval(missing)
    assert done.stdout.strip() == f"skipped: no benchmark data at {missing}"
    assert "Traceback" not in done.stderr


def test_scores_count_rank_one_rank_five_and_the_reciprocal_rank() -> None:
    score = Score()
    score.add([7, 3, 1], 7)  # first
    score.add([3, 1, 2], 1)  # second
    score.add([0, 2, 4, 5, 6, 1], 1)  # sixth: not in the first five
    score.add(list(range(20)), 15)  # past the tenth: counts for nothing
    score.add([], 1)  # nothing found
    assert (score.n, score.r1, score.r5) == (5, 1, 2)
    assert score.rr == pytest.approx(1 + 1 / 2 + 1 / 6)


def test_the_elasticsearch_baseline_folds_and_stems_as_lucene_does() -> None:
    # ZWNJ splits, Persian yeh and kaf become Arabic ones, آ becomes ا, digits become ASCII.
    assert lucene_fold("آبی۱۲ کتاب‌ها") == "ابي12 كتاب ها"
    assert lucene_stem("درختان") == "درخت"
    assert lucene_stem("بزرگترين") == "بزرگ"
    assert lucene_stem("ان") == "ان"  # at least two letters stay
    analyze = lucene_analyzer(frozenset({"در"}))
    assert analyze("در درختان") == ["درخت"]


def _tiny_data(folder: Path) -> None:
    """Three sets in their published shapes: one paragraph shared by two sets, one question that
    cannot be answered in each, and every answerable question naming a word only its paragraph has."""
    squad = {
        "data": [
            {
                "paragraphs": [
                    {
                        "context": "زرافه بلندترین جانور خشکی است و در آفریقا زندگی می‌کند.",
                        "qas": [
                            {"question": "زرافه کجا زندگی می‌کند؟", "is_impossible": False},
                            {"question": "قیمت دلار چند است؟", "is_impossible": True},
                        ],
                    },
                    {
                        "context": "کوه دماوند بلندترین قله ایران است.",
                        "qas": [{"question": "بلندترین قله ایران کدام است؟", "is_impossible": False}],
                    },
                ]
            }
        ]
    }
    (folder / "persianqa_pqa_test.json").write_text(json.dumps(squad, ensure_ascii=False), encoding="utf-8")
    quad = {"data": [{"paragraphs": [squad["data"][0]["paragraphs"][1]]}]}  # the same paragraph again
    (folder / "persianquad_test.json").write_text(json.dumps(quad, ensure_ascii=False), encoding="utf-8")
    rows = [
        {"question": "پایتخت ژاپن کجاست", "passage": "توکیو پایتخت ژاپن است.", "answers": ["توکیو"]},
        {"question": "چرا آسمان آبی است", "passage": "توکیو پایتخت ژاپن است.", "answers": []},
    ]
    for part in ("train", "dev", "eval"):
        lines = [json.dumps(r, ensure_ascii=False) for r in rows] if part == "dev" else []
        (folder / f"parsinlu_rc_{part}.jsonl").write_text("\n".join(lines), encoding="utf-8")


def test_the_sets_are_pooled_and_only_answerable_questions_asked(tmp_path: Path) -> None:
    _tiny_data(tmp_path)
    paragraphs, questions = load(tmp_path)
    assert len(paragraphs) == 3  # the shared paragraph once
    assert [(q.source, q.paragraph) for q in questions] == [
        ("PersianQA", 0),
        ("PersianQA", 1),
        ("PersianQuAD", 1),
        ("ParsiNLU", 2),
    ]


def test_the_retrieval_benchmark_scores_every_configuration_on_given_data(tmp_path: Path) -> None:
    _tiny_data(tmp_path)
    done = run_retrieval(tmp_path)
    assert "3 pooled paragraphs, 4 answerable questions" in done.stdout
    lines = done.stdout.splitlines()
    rows = [line for line in lines if line.startswith("| ") and "configuration" not in line]
    assert len(rows) == 5  # three baselines, the project's search, and the same without its gate
    ours = next(r for r in rows if "the project's search**" in r)
    # pooled R@1 (correct), R@5, MRR@10, then per set: every question here names its paragraph
    assert ours.split(" | ")[1:7] == ["1.000 (4)", "1.000", "1.000", "1.000 (2)", "1.000 (1)", "1.000 (1)"]


def test_a_section_replaces_its_old_self_and_leaves_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "BENCHMARKS.md"
    monkeypatch.setattr(questions_benchmark, "BENCHMARKS", path)
    questions_benchmark.write_section("<!-- a -->\nfirst\n<!-- /a -->", "<!-- a -->", "<!-- /a -->")
    path.write_text(path.read_text(encoding="utf-8") + "\nwritten by hand\n", encoding="utf-8")
    questions_benchmark.write_section("<!-- a -->\nsecond\n<!-- /a -->", "<!-- a -->", "<!-- /a -->")
    text = path.read_text(encoding="utf-8")
    assert "second" in text and "first" not in text
    assert text.startswith("# Benchmarks") and text.rstrip().endswith("written by hand")


def test_scale_passages_are_the_same_for_the_same_seed() -> None:
    if not DATA.is_dir():
        pytest.skip(f"no benchmark data at {DATA}")
    first, again, other = synthetic_passages(50), synthetic_passages(50), synthetic_passages(50, seed=1)
    assert [p.text for p in first] == [p.text for p in again] != [p.text for p in other]
    assert percentile([5.0, 1.0, 3.0, 2.0, 4.0], 0.5) == 3.0
    assert percentile([5.0, 1.0, 3.0, 2.0, 4.0], 0.99) == 5.0


def test_the_per_update_benchmark_runs_the_real_application_and_restores_what_it_changed() -> None:
    affinity = os.sched_getaffinity(0)
    figures = asyncio.run(per_update(12))
    expected = {"update_p99", "updates_per_second", "computed_updates_per_second", "floor_per_second"}
    assert set(figures) >= expected
    assert all(value > 0 for value in figures.values())
    assert search.RESULTS > 0 and os.sched_getaffinity(0) == affinity  # answers kept again, all cores


def test_the_scale_benchmark_builds_searches_and_runs_the_baselines() -> None:
    if not DATA.is_dir():
        pytest.skip(f"no benchmark data at {DATA}")
    out = asyncio.run(at_scale(400, baselines=True))
    assert out["passages"] == 400 and out["size_mb"] > 0
    assert {"search_median", "search_p99", "bm25_median", "fuzzy_median"} <= set(out)
    # the bot served that index (its RSS read after it answered), and ask opened it cold
    assert out["rss_mb"] > 0 and out["run_s"] > 0 and out["ask_s"] > 0 and out["build_cpu_rate"] > 0
    assert search.RESULTS > 0


def test_the_update_count_reads_the_real_application_and_restores_kept_answers() -> None:
    from benchmarks.updates import COMPUTED, count_kind

    question = asyncio.run(count_kind("question", 900_000, count=6, warm=80))  # every question once
    computed = asyncio.run(count_kind(COMPUTED, 910_000, count=6, warm=80))
    assert 0 < question.calls < computed.calls  # a computed search is more work than a kept one
    assert any(name.startswith("bot/search/") for name, *_ in computed.ours)
    assert search.RESULTS > 0


def test_the_dev_benchmark_reads_gold_files_not_raw_forms_saved_as_markdown(tmp_path: Path) -> None:
    from benchmarks import dev

    for name in ("mirlohi.md", "mirlohi.blog.md", "README.md"):
        (tmp_path / name).write_text("---\nid: x\n---\n", encoding="utf-8")
    interviews, _ = dev.load(tmp_path)
    assert [p.name for p in interviews] == ["mirlohi.md"]


def test_the_dev_benchmark_scores_answers_closest_passages_and_refusals(tmp_path: Path) -> None:
    import asyncio
    import shutil

    from benchmarks import dev

    shutil.copy(FIXTURES / "corpus" / "mirlohi.md", tmp_path / "mirlohi.md")
    rows = [
        "id\tclass\tquestion\texpected\tquestion-phrase",
        "m-01\tpara\tبه کدام کشورها سفر کردید؟\tبه دو کشور اتریش و آلمان سفر کردیم\tبه کدام کشورها",
        "m-02\tkw\tترامپ\tعبارتی که در متن نیست\tLead",
        "m-03\tnone\tقیمت دلار امروز چنده؟\t\t",
    ]
    (tmp_path / "mirlohi.questions.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    counts = asyncio.run(dev.score(tmp_path))
    assert counts == {"para": (1, 1, 1, 1), "kw": (0, 0, 0, 1), "none": (1, 1, 1, 1)}
    table = "\n".join(dev.table(counts))
    assert "| **answerable** | **1/2 (0.50)**" in table and "**1/1 (1.00)**" in table


def test_the_dev_benchmark_answers_questions_about_the_interview_from_its_front_matter(
    tmp_path: Path,
) -> None:
    import asyncio
    import shutil

    from benchmarks import dev

    shutil.copy(FIXTURES / "corpus" / "mirlohi.md", tmp_path / "mirlohi.md")
    (tmp_path / "mirlohi.questions.tsv").write_text(
        "id\tclass\tquestion\texpected\tquestion-phrase\n"
        "m-01\tpara\tچند روز در وین ماندید؟\tدر وین هم چهار روز ماندیم\tبه کدام کشورها\n",
        encoding="utf-8",
    )
    (tmp_path / "mirlohi.meta.tsv").write_text(
        "question\tmetadata field\texpected phrase\n"
        "مصاحبه با کیه؟\tinterviewee\tمحمود میرلوحی\n"
        "مصاحبه‌کننده کی بود؟\tinterviewer\tهدی هاشمی\n"
        "قیمت دلار چنده؟\tsource\tمجله\n",  # not a question about the interview: no reply from it
        encoding="utf-8",
    )
    meta, leads = asyncio.run(dev.meta_and_leads(tmp_path))
    assert meta == {"interviewee": (1, 1), "interviewer": (1, 1), "source": (0, 1)}
    assert leads[:2] == (1, 1) and 0 <= leads[2] < 400


def test_the_import_benchmark_scores_the_seed_round_trip_and_reports_a_refusal(tmp_path: Path) -> None:
    from benchmarks import imports
    from bot.library.interview import load_interview

    gold = load_interview(FIXTURES / "corpus" / "mirlohi.md")
    result = imports.score("mirlohi", ROOT / "tests" / "fixtures" / "interview-raw.txt", gold)
    assert result.comparison is not None and not result.refused
    c = result.comparison
    assert (c.found, c.invented, c.attached) == (2, 0, 2)
    assert c.title and c.interviewee and c.perfect
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a Word file \xff\xfe")
    refused = imports.score("mirlohi", broken, gold)
    assert refused.comparison is None and "broken.docx" in refused.refused and "/" not in refused.refused
    table = "\n".join(imports.table([result, refused]))
    assert "| **all** | **2/4** | 0 | **2/4** |" in table


def test_the_reply_benchmark_counts_visible_passages_and_alternatives_by_threshold() -> None:
    from benchmarks.dev import Question
    from benchmarks.reply import Seen, answer_visible, at, leave_one_out

    def seen(interview: str, kind: str, sure: float, first: bool, listed: bool, replied: bool = True) -> Seen:
        question = Question(f"{interview}-01", kind, "?", ("x",))
        return Seen(question, interview, replied, sure, first, listed, replied, first, listed)

    records = [
        seen("a", "para", 0.9, True, False),  # sure and right: no alternatives needed
        seen("a", "para", 0.2, False, True),  # unsure; the right one is an alternative
        seen("b", "para", 0.5, False, True),  # right among the alternatives only below 0.5
        seen("b", "none", 0.0, False, False, replied=False),  # nothing shown at all
    ]
    assert at(records, 0.0) == (1 / 3, 0.0)
    assert at(records, 0.3) == (2 / 3, 1 / 3)
    assert at(records, 0.6) == (1.0, 2 / 3)
    assert answer_visible(records, 0.6) == 1.0
    visible, listing, chosen = leave_one_out(records, 0.5)
    assert len(chosen) == 2 and 0 <= visible <= 1 and 0 <= listing <= 1
