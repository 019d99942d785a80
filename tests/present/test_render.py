"""Rendering for Telegram: escaping, bold matches, limits. Pure functions over plain data."""

from __future__ import annotations

from bot.analysis.analyzer import Analyzer
from bot.library.passages import Passage
from bot.present.render import (
    MESSAGE_LIMIT,
    highlight_html,
    highlight_spans,
    passage_html,
    segment_html,
    split_html_paragraphs,
    trim_html,
)
from tests.fake_bot_api import parse_error

PASSAGE = Passage(
    id="x-q1-1",
    interview="x",
    interview_title="عنوان <ویژه> & «نقل»",
    segment=1,
    position=1,
    question="چرا a<b?",
    speaker="گوینده",
    text="در برنامه‌های جدید <script> & سفر به وین.",
)


def test_text_is_escaped_and_matches_are_bold(analyzer: Analyzer) -> None:
    spans = highlight_spans(analyzer, PASSAGE.text, frozenset({"برنامه", "سفر"}))
    html = passage_html(PASSAGE, spans, "fa", "https://t.me/b?start=p_x-q1-1")
    assert "<b>برنامه‌های</b>" in html and "<b>سفر</b>" in html
    assert "&lt;script&gt; &amp;" in html and "a&lt;b?" in html and "&lt;ویژه&gt;" in html
    assert '<a href="https://t.me/b?start=p_x-q1-1">' in html
    assert parse_error(html) is None


def test_highlight_ignores_overlapping_spans() -> None:
    assert highlight_html("abcdef", [(0, 3), (1, 2), (4, 6)]) == "<b>abc</b>d<b>ef</b>"


def test_truncated_passage_says_so() -> None:
    passage = Passage(**{**PASSAGE.__dict__, "truncated": True})
    assert "قطع شده" in passage_html(passage, [], "fa")
    assert "breaks off" in passage_html(passage, [], "en")


def test_lead_passage_is_labelled_as_the_lead() -> None:
    lead = Passage(**{**PASSAGE.__dict__, "question": None, "segment": 0})
    assert "پیش‌درآمد" in passage_html(lead, [], "fa")


def test_long_passages_stay_within_telegrams_limit() -> None:
    long = Passage(**{**PASSAGE.__dict__, "text": "واژه " * 3000})
    html = passage_html(long, [], "fa")
    assert len(html) <= MESSAGE_LIMIT and parse_error(html) is None
    assert (
        trim_html("<b>a</b>\n" * 1000, 100).endswith("…") and len(trim_html("<b>a</b>\n" * 1000, 100)) <= 100
    )


def test_a_long_answer_is_split_into_valid_messages() -> None:
    passages = [
        Passage(**{**PASSAGE.__dict__, "position": i, "text": ("جمله‌ای بلند. " * 40)}) for i in range(20)
    ]
    chunks = segment_html(passages, "fa")
    assert len(chunks) > 1
    assert all(len(c) <= MESSAGE_LIMIT and parse_error(c) is None for c in chunks)
    assert split_html_paragraphs(["a", "b"], 10) == ["a\n\nb"]


def test_a_quick_answer_opens_the_reply_and_folds_the_passage(analyzer: Analyzer) -> None:
    passage = Passage(
        **{**PASSAGE.__dict__, "text": "مقدمه‌ای طولانی درباره برنامه‌ها بود. سفر به وین چهار روز طول کشید."}
    )
    matched = frozenset(analyzer.analyze("وین"))
    answer = "سفر به وین چهار روز طول کشید."
    html = passage_html(
        passage,
        highlight_spans(analyzer, passage.text, matched),
        "fa",
        answer=(answer, highlight_spans(analyzer, answer, matched)),
    )
    assert html.index("💬 سفر به <b>وین</b>") < html.index("<blockquote expandable>مقدمه")
    assert parse_error(html) is None
    # A one-sentence passage is its own answer: nothing is folded, nothing said twice.
    whole = passage_html(PASSAGE, [], "fa", answer=(PASSAGE.text, []))
    assert "blockquote" not in whole and whole.count("سفر به وین") == 1


def test_what_an_interview_is_about_says_with_whom_and_its_subtitle() -> None:
    from bot.conversation import Field
    from bot.library.interview import InterviewInfo
    from bot.present.conversation import about_html

    info = InterviewInfo(
        "x", "«شطرنج را تنها بازی می‌کنی»", "سارا توکلی",
        details=(("role", "شطرنج‌باز"), ("subtitle", "گفت‌وگو با استاد بزرگ ۱۷ ساله")),
    )  # fmt: skip
    about = about_html(info, Field.ABOUT, "fa", "سارا توکلی در رشت به دنیا آمد. او از شش سالگی بازی کرد.")
    assert about.startswith("این گفت‌وگو با سارا توکلی، شطرنج‌باز است.")
    assert "استاد بزرگ ۱۷ ساله" in about and "در رشت به دنیا آمد" in about and "شش سالگی" not in about
    assert about.count("«") == 1  # the title's own quotes, not doubled
    title = about_html(info, Field.TITLE, "fa")
    assert "سارا توکلی" not in title and "استاد بزرگ" in title
    assert parse_error(about) is None
