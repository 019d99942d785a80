"""Search over the bundled interview: ranking, typos, synonyms, honest no-answers, MATCH safety."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.analysis.analyzer import Analyzer
from bot.library.passages import Passage
from bot.search.build import build_index
from bot.search.ranking import Ranker
from bot.search.searcher import Searcher
from bot.settings import Settings
from tests.helpers import count_calls


async def top(searcher: Searcher, text: str) -> str | None:
    hits = await searcher.search(text)
    return hits[0].passage.id if hits else None


async def ranked(searcher: Searcher, text: str, limit: int | None = None) -> list[str]:
    return [h.passage.id for h in await searcher.search(text, limit)]


def without(searcher: Searcher, *features: str) -> None:
    """The committed model with these features' weights at zero (and nothing remembered)."""
    model = searcher.ranker.model
    weights = tuple(
        0.0 if n in features else w for n, w in zip(model.rank.names, model.rank.weights, strict=True)
    )
    searcher.ranker = Ranker(
        dataclasses.replace(model, rank=dataclasses.replace(model.rank, weights=weights))
    )
    searcher.settings = searcher.settings  # a new memory: answers kept were ranked by the old model


async def tied_without(searcher: Searcher, text: str, *features: str) -> bool:
    """Whether the first two answers score the same once these features count for nothing."""
    without(searcher, *features)
    hits = await searcher.search(text)
    return hits[0].score == hits[1].score


async def test_the_readme_question_finds_the_travel_answer(searcher: Searcher) -> None:
    hits = await searcher.search("به کدام کشورها سفر کردید؟")
    best = hits[0].passage
    assert best.id == "mirlohi-q2-1"
    assert "ما به دو کشور اتریش و آلمان سفر کردیم" in best.text
    assert best.question is not None and best.question.endswith("به کدام کشورها سفر کردید؟")
    assert best.speaker == "محمود میرلوحی"
    assert {"کشور", "سفر"} <= hits[0].matched


async def test_a_hits_answering_sentence_is_found_when_read_and_only_once(
    searcher: Searcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    found: list[str] = []
    real = searcher.answering

    def answering(plan: object, text: str) -> tuple[str, tuple[int, int]]:
        found.append(text)
        return real(plan, text)  # type: ignore[arg-type]

    monkeypatch.setattr(searcher, "answering", answering)
    searcher.settings = searcher.settings  # no answers kept from before
    hits = await searcher.search("شهرداران چند کشور در اجلاس وین بودند؟", limit=8)
    assert len(hits) >= 2 and found == []  # ranked, nothing read yet
    first = hits[0]
    assert first.answer_range[1] and first.answer in first.passage.text and first.answer != first.passage.text
    assert first.answer == first.answer and found == [first.passage.text]  # found once, then kept
    assert hits[1].answer and len(found) == 2


async def test_arabic_keyboard_finds_the_same_passage(searcher: Searcher) -> None:
    persian = await searcher.search("به کدام کشورها سفر کردید؟")
    arabic = await searcher.search("به كدام كشورها سفر كرديد؟")  # ك and ي: an Arabic keyboard
    assert [h.passage.id for h in arabic] == [h.passage.id for h in persian]


@pytest.mark.parametrize(
    ("typo", "expected"),
    [
        ("ترامب", "mirlohi-q1-1"),
        ("برلن", "mirlohi-q2-1"),
        ("تارمپ", "mirlohi-q1-1"),  # two letters swapped: one edit, not two
    ],
)
async def test_a_misspelled_word_still_finds_its_passage(
    searcher: Searcher, typo: str, expected: str
) -> None:
    assert await top(searcher, typo) == expected


async def test_typo_matches_never_outrank_exact_ones(searcher: Searcher) -> None:
    exact = await searcher.search("برلین")
    typo = await searcher.search("برلن")
    assert exact[0].passage.id == typo[0].passage.id
    assert typo[0].score < exact[0].score and typo[0].coverage < exact[0].coverage


async def test_known_words_are_not_expanded_into_typos(searcher: Searcher) -> None:
    clauses = searcher.parse("وین")
    assert [list(c.alternatives) for c in clauses] == [[("وین",)]]


async def test_spelling_variants_and_synonyms_from_config(searcher: Searcher) -> None:
    assert await top(searcher, "اطریش") in ("mirlohi-q2-1", "mirlohi-q2-3")
    assert await top(searcher, "UNIDO") in ("mirlohi-q2-1", "mirlohi-q2-2")
    clauses = searcher.parse("مسافرت")
    assert ("سفر",) in clauses[0].alternatives


async def test_words_written_together_are_split_into_indexed_words(searcher: Searcher) -> None:
    clauses = searcher.parse("کلانشهرها")
    assert any(len(phrase) == 2 for phrase in clauses[0].alternatives)
    assert await top(searcher, "کلانشهرها") == "mirlohi-q1-2"


async def test_two_stop_words_typed_as_one_are_a_stop_word(searcher: Searcher) -> None:
    hits = await searcher.search("چندبار به وین سفر کردید")
    assert [c for c in searcher.parse("چندبار به وین سفر کردید") if "چندبار" in c.keys] == []
    assert hits[0].passage.id == "mirlohi-q2-1" and hits[0].coverage == 1.0


async def test_a_word_typed_without_its_zwnj_after_a_stop_word_is_found(searcher: Searcher) -> None:
    """«بین‌المللی» is indexed as «المللی» («بین» is a stop word); typed with no ZWNJ it is one word."""
    assert await top(searcher, "بین‌المللی") == "mirlohi-q2-1"
    assert await top(searcher, "بینالمللی") == "mirlohi-q2-1"
    with_zwnj = await searcher.search("اجلاس بین‌المللی رهبران")
    without = await searcher.search("اجلاس بینالمللی رهبران")
    assert without[0].passage.id == with_zwnj[0].passage.id and without[0].coverage > 0.8


@pytest.mark.parametrize(
    "text", ["قیمت دلار امروز چنده؟", "how do I install python", "🙂🙂🙂", "", "   ", "و در به"]
)
async def test_nothing_relevant_gives_no_results(searcher: Searcher, text: str) -> None:
    assert await searcher.search(text) == []


async def test_restricting_to_an_interview(searcher: Searcher) -> None:
    assert await searcher.search("ترامپ", interview="other") == []
    assert await top(searcher, "ترامپ") == "mirlohi-q1-1"


async def test_limit_bounds_the_results(searcher: Searcher) -> None:
    assert len(await searcher.search("شهر", limit=2)) <= 2
    assert await searcher.search("شهر", limit=0) == []


HOSTILE = [
    '"', '""', "NEAR(", "NEAR(a b", "AND", "OR", "NOT", "a AND b", "*", "a*", "-", "-a", ":", "a:b",
    "question:وین", "(", ")", "[]", "{}", "'", "^", "\\", "\ud800", "a\udfffb", "\x00", "🙂" * 500,
    "وین " * 3000, "x" * 10_000, "‮وین‬", "\u200c\u200c", "ـــ",
]  # fmt: skip


@pytest.mark.parametrize("text", HOSTILE)
async def test_hostile_input_never_raises(searcher: Searcher, text: str) -> None:
    hits = await searcher.search(text)
    assert isinstance(hits, list)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300))
async def test_any_text_is_safe_to_search(searcher: Searcher, text: str) -> None:
    hits = await searcher.search(text)
    assert all(0 < h.coverage <= 1 for h in hits)


async def test_typo_lookups_are_bounded_per_question(searcher: Searcher) -> None:
    from bot.search.query import MAX_FUZZY_WORDS

    clauses = searcher.parse(" ".join(f"برلنن{i}" for i in range(40)))
    expanded = [c for c in clauses if len(c.alternatives) > 1]
    assert len(clauses) == 40 and len(expanded) <= MAX_FUZZY_WORDS


@asynccontextmanager
async def small_searcher(
    tmp_path: Path, settings: Settings, analyzer: Analyzer, texts: list[str]
) -> AsyncIterator[Searcher]:
    # Each text is an answer of its own: none lends its words to the next as context.
    passages = [Passage(str(i), "t", "", i, 1, None, "", text) for i, text in enumerate(texts)]
    async with passages_searcher(tmp_path, settings, analyzer, passages) as searcher:
        yield searcher


@asynccontextmanager
async def passages_searcher(
    tmp_path: Path, settings: Settings, analyzer: Analyzer, passages: list[Passage]
) -> AsyncIterator[Searcher]:
    await build_index(tmp_path / "small.sqlite", passages, analyzer)
    searcher = await Searcher.open(tmp_path / "small.sqlite", settings, analyzer)
    try:
        yield searcher
    finally:
        await searcher.close()


async def test_two_words_asked_apart_match_the_word_written_together(
    tmp_path: Path, settings: Settings, analyzer: Analyzer
) -> None:
    async with small_searcher(
        tmp_path,
        settings,
        analyzer,
        ["سگ زیرمجموعه گرگ‌ها است و نژادهای بسیار دارد.", "مجموعه تمبر او در موزه است.", "زیر باران رفتیم."],
    ) as searcher:
        clauses = searcher.parse("سگ زیر مجموعه کدام گونه است؟")
        joined = analyzer.analyze("زیرمجموعه")[0]
        assert all((joined,) in c.alternatives for c in clauses[1:3])  # «زیر» and «مجموعه» both
        assert (await searcher.search("زیر مجموعه"))[0].passage.id == "0"


async def test_a_passage_with_the_exact_words_leads_one_with_their_stems_only(
    tmp_path: Path, settings: Settings, analyzer: Analyzer
) -> None:
    texts = ["کتاب‌های تازه در نمایشگاه دیده شد.", "کتابی تازه در نمایشگاه دیده شد."]
    assert analyzer.analyze(texts[0]) == analyzer.analyze(texts[1])  # the same keys
    async with small_searcher(tmp_path, settings, analyzer, texts) as searcher:
        assert await ranked(searcher, "کتابی تازه") == ["1", "0"]
        assert await ranked(searcher, "کتاب‌های تازه") == ["0", "1"]
        # without the bonus the two cannot be told apart
        assert await tied_without(searcher, "کتابی تازه", "bm25_written", "char_overlap")


async def test_a_passage_that_opens_with_the_question_word_is_about_it(
    tmp_path: Path, settings: Settings, analyzer: Analyzer
) -> None:
    texts = [
        "مجارستان کشوری در اروپای مرکزی است و پایتخت آن بوداپست است.",
        "بوداپست پایتخت است و مجارستان کشوری در اروپای مرکزی است.",
    ]
    assert sorted(analyzer.analyze(texts[0])) == sorted(analyzer.analyze(texts[1]))  # the same keys
    async with small_searcher(tmp_path, settings, analyzer, texts) as searcher:
        assert await ranked(searcher, "مجارستان کجاست؟") == ["0", "1"]
        assert await ranked(searcher, "بوداپست کجاست؟") == ["1", "0"]
        assert await tied_without(searcher, "مجارستان کجاست؟", "lead_words", "proximity", "window")


async def test_a_question_asking_for_a_number_prefers_a_number_near_its_words(
    tmp_path: Path, settings: Settings, analyzer: Analyzer
) -> None:
    texts = [
        "در اجلاس ۴۰ شهردار از وین گفتند و برنامه‌ها را شنیدند.",
        "در اجلاس شهردار از وین گفتند و ۴۰ برنامه‌ها را شنیدند.",
    ]
    async with small_searcher(tmp_path, settings, analyzer, texts) as searcher:
        # «شهردار» comes sooner in the second passage; asked how many, the number beside it wins.
        assert await ranked(searcher, "شهردار") == ["1", "0"]
        assert await ranked(searcher, "چند شهردار؟") == ["0", "1"]
        without(searcher, "number_near")
        assert await ranked(searcher, "چند شهردار؟") == ["1", "0"]


async def test_a_build_that_fails_midway_waits_for_its_writes_and_keeps_the_old_index(
    tmp_path: Path, analyzer: Analyzer
) -> None:
    path = tmp_path / "index.sqlite"
    await build_index(path, [Passage("old", "t", "", 0, 0, None, "", "متن قدیمی")], analyzer)
    before = path.read_bytes()
    many = [Passage(str(i), "t", "", 0, i, None, "", f"جمله شماره {i}") for i in range(4500)]
    many.append(many[10])  # a duplicate id after two batches went to SQLite
    with pytest.raises(ValueError, match="appears twice"):
        await build_index(path, many, analyzer)
    assert path.read_bytes() == before
    assert list(tmp_path.glob(".*building")) == []


async def test_a_repeated_question_is_answered_from_memory_until_the_settings_change(
    tmp_path: Path, settings: Settings, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with small_searcher(
        tmp_path, settings, analyzer, ["کتاب‌های تازه در نمایشگاه دیده شد.", "کتابی کهنه در خانه ماند."]
    ) as searcher:
        asked = count_calls(monkeypatch, searcher.index, "candidates")
        first = await searcher.search("کتاب تازه")
        first.clear()  # what a caller does with its list does not reach the memory
        again = await searcher.search("کتاب تازه")
        assert len(asked) == 1 and [h.passage.id for h in again] == ["0"]
        assert await ranked(searcher, "کتاب تازه", limit=1) == ["0"]
        assert len(asked) == 2  # another limit is another search
        searcher.settings = dataclasses.replace(settings.search, min_coverage=0.0)
        assert await ranked(searcher, "کتاب تازه") == ["0", "1"]
        assert len(asked) == 3


async def test_a_hit_below_the_answer_threshold_is_only_the_closest_passage(searcher: Searcher) -> None:
    question = "ترامپ زرافه"  # one word of the interview, one it never uses
    (hit, *_) = await searcher.search(question)
    assert hit.passage.id == "mirlohi-q1-1" and 0.3 <= hit.coverage < 1.0
    model = searcher.ranker.model
    for answer_at, confident in ((hit.probability + 0.01, False), (hit.probability - 0.001, True)):
        searcher.ranker = Ranker(dataclasses.replace(model, answer_at=answer_at, closest_at=0.0))
        searcher.settings = searcher.settings  # a new memory
        assert (await searcher.search(question))[0].confident is confident


async def test_finglish_and_a_chatty_message_find_what_their_persian_finds(searcher: Searcher) -> None:
    assert await top(searcher, "tramp") == await top(searcher, "ترامپ") == "mirlohi-q1-1"
    chatty = "سلام وقت بخیر 🌹 من خبرنگارم و مصاحبه رو خوندم. میخواستم بدونم به کدام کشورها سفر کردید؟ ممنون"
    assert await top(searcher, chatty) == "mirlohi-q2-1"


@pytest.mark.xfail(
    strict=True,
    reason="the learned ranker dropped `verbatim` (leaving it out cost nothing under leave-one-interview-out"
    " CV: readers of the development corpus rarely ask the interviewer's words); BENCHMARKS.md, ablation",
)
async def test_the_interviewers_question_asked_verbatim_opens_its_answer(searcher: Searcher) -> None:
    # Every passage of an answer holds its question; the body alone put the second one first.
    asked = "به نظر شما دیپلماسی شهری چه جایگاهی در پیشبرد اهداف شهری دارد؟"
    assert await top(searcher, asked) == "mirlohi-q1-1"
    assert await top(searcher, "دیپلماسی شهری چه جایگاهی دارد") == "mirlohi-q1-1"


@pytest.mark.xfail(
    strict=True,
    reason="the learned ranker weighs `bm25_context` below zero (CV on the development corpus: a passage"
    " that continues an answer is less often the one asked for); BENCHMARKS.md, ablation",
)
async def test_a_passage_is_found_by_the_words_that_named_its_subject_before_it(
    tmp_path: Path, settings: Settings, analyzer: Analyzer
) -> None:
    def passage(id: str, segment: int, position: int, text: str) -> Passage:
        return Passage(id, "t", "", segment, position, "از سفر بگویید", "", text)

    same = "این شهرداران درباره شهر هوشمند توضیح دادند."
    passages = [
        passage("rival", 0, 1, same),
        passage("opening", 1, 1, "در اجلاس یونیدو چهل شهردار از چهار قاره آمده بودند و سخن گفتند."),
        passage("continued", 1, 2, same),
        passage("summit", 2, 1, "اجلاس یونیدو در وین برگزار شد."),
        passage("new answer", 3, 1, same),  # follows «summit», but starts an answer of its own
    ]
    async with passages_searcher(tmp_path, settings, analyzer, passages) as searcher:
        question = "شهرداران یونیدو درباره شهر هوشمند چه توضیحی دادند"
        hits = await searcher.search(question, limit=5)
        assert hits[0].passage.id == "continued"
        by_id = {h.passage.id: h.score for h in hits}
        assert by_id["rival"] == by_id["new answer"] < by_id["continued"]
        without(searcher, "bm25_context")
        hits = await searcher.search(question, limit=5)
        assert hits[0].score == hits[1].score  # the same text: nothing tells them apart


async def test_in_a_library_the_interview_that_holds_more_of_the_question_wins(
    tmp_path: Path, settings: Settings, analyzer: Analyzer
) -> None:
    same = "نویسنده از جنگ و خاطرات کودکی گفت."
    passages = [
        Passage("physician", "doctor", "", 1, 1, None, "", same),
        Passage("novelist", "novel", "", 1, 1, None, "", same),
        Passage("novel's title", "novel", "", 2, 1, None, "", "رمان تازه او سال گذشته منتشر شد."),
    ]
    async with passages_searcher(tmp_path, settings, analyzer, passages) as searcher:
        question = "نویسنده رمان از جنگ چه گفت"
        order = await ranked(searcher, question)
        assert order.index("novelist") < order.index("physician")
        without(searcher, "interview_share", "answer_agreement", "answer_coverage")
        scores = {h.passage.id: h.score for h in await searcher.search(question)}
        assert scores["novelist"] == scores["physician"]  # the same text: only the interview differs
        order = await ranked(searcher, question)
        assert order.index("physician") < order.index("novelist")  # the first written, on a tie


async def test_the_interviewer_asking_for_what_the_reader_asks_counts(
    tmp_path: Path, settings: Settings, analyzer: Analyzer
) -> None:
    same = "تمرین‌های گروه در زمستان در سالن کوچک برگزار شد."
    passages = [
        Passage("where", "t", "", 1, 1, "تمرین در زمستان کجا بود؟", "", same),
        Passage("why", "t", "", 2, 1, "دلیل تمرین در زمستان چه بود؟", "", same),
    ]
    async with passages_searcher(tmp_path, settings, analyzer, passages) as searcher:
        assert await ranked(searcher, "چرا تمرین در زمستان بود") == ["why", "where"]
        assert await ranked(searcher, "تمرین در زمستان کجا بود") == ["where", "why"]
        without(searcher, "intent_match", "intent_other")
        assert (await ranked(searcher, "چرا تمرین در زمستان بود"))[0] == "where"


async def test_a_stop_word_and_a_pronoun_typed_as_one_weigh_nothing(searcher: Searcher) -> None:
    """«بهش» is «به» + «ش»: unknown to the index, it must not weigh as the rarest word asked."""
    assert [c for c in searcher.parse("بهش سفر کردید") if "بهش" in c.keys] == []
