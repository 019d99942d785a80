"""Splitting answers into passages of whole sentences."""

from __future__ import annotations

import re

from bot.library.interview import Interview, parse_interview
from bot.library.passages import MAX_CHARS, interview_passages, pack, split_sentences

ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


def test_sentences_end_at_full_stops_question_marks_and_closing_quotes() -> None:
    text = "«دیپلماسی فقط سیاسی نیست.» با او گفتیم. چرا؟ چون مهم بود"
    assert split_sentences(text) == ["«دیپلماسی فقط سیاسی نیست.»", "با او گفتیم.", "چرا؟", "چون مهم بود"]


def test_pack_keeps_sentences_whole_and_under_the_limit() -> None:
    sentences = [f"جمله شماره {i} " + "کلمه " * 20 + "." for i in range(30)]
    chunks = pack(sentences, 300)
    assert " ".join(chunks) == " ".join(sentences)
    assert all(len(c) <= 300 for c in chunks)
    assert max(len(c) for c in chunks) - min(len(c) for c in chunks) < 150  # balanced


def test_pack_keeps_an_overlong_sentence_whole() -> None:
    long = "کلمه " * 200
    assert pack([long.strip()], 100) == [long.strip()]


def test_interview_passages_stay_within_their_answer(interview: Interview) -> None:
    passages = interview_passages(interview)
    assert [p.id for p in passages] == [
        "mirlohi-l-1", "mirlohi-l-2", "mirlohi-q1-1", "mirlohi-q1-2",
        "mirlohi-q2-1", "mirlohi-q2-2", "mirlohi-q2-3",
    ]  # fmt: skip
    for segment in interview.segments:
        own = [p for p in passages if p.segment == segment.number]
        assert " ".join(p.text for p in own) == " ".join(segment.paragraphs)
        assert all(p.question == segment.question and p.speaker == segment.speaker for p in own)
    assert all(len(p.text) <= MAX_CHARS and ID.match(p.id) for p in passages)
    assert all(p.text.endswith((".", ":", "؟", "»")) for p in passages if not p.truncated)
    assert [p.id for p in passages if p.truncated] == ["mirlohi-q2-3"]
    assert passages[4].speaker == "محمود میرلوحی" and passages[0].speaker == "هدی هاشمی"


def test_passage_ids_are_stable_when_text_is_edited() -> None:
    base = "---\nid: t\ntitle: t\ninterviewee: i\n---\n## Q: q?\n{}\n"
    before = interview_passages(parse_interview(base.format("یک. دو.")))
    after = interview_passages(parse_interview(base.format("یک. دو، با ویرایش.")))
    assert [p.id for p in before] == [p.id for p in after] == ["t-q1-1"]
