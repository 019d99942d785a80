"""The curated interview file and the loader's errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.library.interview import Interview, InterviewFileError, load_interview, parse_interview
from tests.helpers import FIXTURES

RAW = (FIXTURES / "interview-raw.txt").read_text(encoding="utf-8")

GOOD = """---
id: test
title: عنوان
interviewee: گوینده
interviewer: پرسشگر
---
## Lead
پیش‌درآمد.

## Q: پرسش یکم؟
پاسخ یکم که
در دو خط آمده است.

پاراگراف دوم.
## Q: پرسش دوم؟
پاسخ دوم.
"""


def test_raw_seed_is_kept_byte_for_byte() -> None:
    import hashlib

    digest = hashlib.sha256((FIXTURES / "interview-raw.txt").read_bytes()).hexdigest()
    assert digest.startswith("140f99b5") and digest.endswith("b231")


def test_curated_interview_has_metadata_and_reading_order(interview: Interview) -> None:
    assert interview.title == "تهران ظرفیت شهر دیپلماسی در آسیا را دارد"
    assert interview.interviewee == "محمود میرلوحی"
    assert interview.role == "عضو شورای شهر تهران"
    assert interview.meta["interviewer"] == "هدی هاشمی"
    assert interview.meta["rubric"] == "گفت و گو"
    assert "ملاقات" in interview.meta["note"]
    lead, q1, q2 = interview.segments
    assert lead.question is None and lead.paragraphs[0].startswith("دیپلماسی شهری با دیپلماسی سیاسی فرق دارد")
    assert lead.paragraphs[-1].endswith("گفت‌وگویی انجام دادیم که می‌خوانید:")
    assert q1.question == "به نظر شما دیپلماسی شهری چه جایگاهی در پیشبرد اهداف شهری دارد؟"
    assert q1.paragraphs[-1].endswith("جهان شهرها است.")
    # Q2 was split in three pieces across the file, one of them in reversed word order.
    assert q2.question == (
        "در دوره جدید یکی از برنامه‌های جدید شهردار تهران توجه به دیپلماسی شهری بود برای رسیدن به"
        " این هدف چه اقداماتی انجام دادید و به کدام کشورها سفر کردید؟"
    )
    assert q2.paragraphs[0].startswith("در دوره شهرداری آقای حناچی ما به دو کشور اتریش و آلمان سفر کردیم")
    assert q2.paragraphs[-1].endswith("و مقامات اتریشی ملاقات") and q2.truncated and not q1.truncated


def _all_text(interview: Interview) -> str:
    return "\n".join(
        [s.question or "" for s in interview.segments] + [p for s in interview.segments for p in s.paragraphs]
    )


def test_curated_interview_repairs_every_kind_of_damage(interview: Interview) -> None:
    text = _all_text(interview)
    assert "\u0640" not in text, "kashida"
    assert "ëë" not in text, "decorative bullet"
    assert "«دیپلماسی فقط سیاسی نیست." in text and "می‌کشند.»" in text, "mirrored guillemets"
    assert "(یونیدو)" in text, "mirrored parentheses"
    assert "میرلوحی، عضو" in text and " ،" not in text, "comma on the wrong side"
    assert "کنند. موضوعی" in text, "missing space after a full stop"
    assert "۴۰ شهردار از ۴ قاره" in text and not re.search(r"[0-9]", text), "Latin digits"
    for word in ("برنامه‌های", "می‌شوید", "رسانه‌ها", "شده‌اند", "گفت‌وگو", "هم‌اکنون"):
        assert word in text, f"missing ZWNJ in {word}"
    for broken in ("برنامههای", "میشوید", "رسانهها", "شدهاند", "گفتوگو", "هماکنون"):
        assert broken not in text
    assert "  " not in text and "\n" not in "".join(p for s in interview.segments for p in s.paragraphs)


def test_curated_interview_keeps_the_interviews_words(interview: Interview) -> None:
    """Repair, not rewrite: every word of the curated text is in the raw text once folded."""

    def words(text: str) -> set[str]:
        text = text.replace("\u0640", "").replace("\u200c", "")
        text = text.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))
        return set(re.findall(r"\w+", text))

    raw_words = words(
        RAW.replace("ودر", "و در").replace("واقتصاد", "و اقتصاد").replace("درشهرها", "در شهرها")
    )
    curated = words(_all_text(interview))
    assert curated - raw_words == set()
    assert len(raw_words - curated) < 12  # only the title, byline and rubric, kept as metadata


def test_loader_reads_paragraphs_and_wrapped_lines() -> None:
    interview = parse_interview(GOOD, "good.md")
    lead, q1, q2 = interview.segments
    assert lead.speaker == "پرسشگر" and q1.speaker == "گوینده"
    assert q1.paragraphs == ("پاسخ یکم که در دو خط آمده است.", "پاراگراف دوم.")
    assert q2.number == 2


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("no front matter", 1, "must start with '---'"),
        ("---\nid: x\n", 1, "no closing '---'"),
        ("---\nid: [\n---\n", 2, "metadata"),
        ("---\nid: x\ntitle: t\n---\n## Q: q\na\n", 2, "missing field 'interviewee'"),
        ("---\nid: X Y\ntitle: t\ninterviewee: i\n---\n## Q: q\na\n", 2, "id must be"),
        ("---\nid: x\ntitle: t\ninterviewee: i\ncolour: red\n---\n## Q: q\na\n", 5, "unknown field 'colour'"),
        (
            "---\nid: x\ntitle: t\ninterviewee: i\n---\ntext first\n## Q: q\na\n",
            6,
            "text before the first heading",
        ),
        ("---\nid: x\ntitle: t\ninterviewee: i\n---\n## Q: q\n\n## Q: r\nb\n", 6, "has no text"),
        ("---\nid: x\ntitle: t\ninterviewee: i\n---\n## Answer\nb\n", 6, "unknown heading"),
        ("---\nid: x\ntitle: t\ninterviewee: i\n---\n## Q:\nb\n", 6, "no question"),
        ("---\nid: x\ntitle: t\ninterviewee: i\n---\n## Lead\na\n", 8, "no questions"),
        ("---\nid: x\ntitle: t\ninterviewee: i\ntruncated: [3]\n---\n## Q: q\na\n", 5, "no question 3"),
        ("---\nid: x\ntitle: t\ninterviewee: i\n---\n## Q: q\na\n## Lead\nb\n", 8, "lead must come before"),
    ],
)
def test_loader_rejects_malformed_files_naming_file_and_line(text: str, line: int, message: str) -> None:
    with pytest.raises(InterviewFileError) as caught:
        parse_interview(text, "bad.md")
    assert caught.value.line == line
    assert message in caught.value.message
    assert str(caught.value).startswith(f"bad.md:{line}: ")


def test_loader_rejects_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes(GOOD.encode("utf-8") + "\ncafé\n".encode("latin-1"))
    with pytest.raises(InterviewFileError, match=r"latin1\.md:18: not UTF-8"):
        load_interview(path)


def test_loader_rejects_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InterviewFileError, match="cannot read"):
        load_interview(tmp_path / "nope.md")


def test_loader_rejects_binary_and_enormous_files(tmp_path: Path) -> None:
    binary = tmp_path / "binary.md"
    binary.write_bytes(GOOD.encode("utf-8") + b"\x00\x01")
    with pytest.raises(InterviewFileError, match=r"binary\.md:17: binary data"):
        load_interview(binary)
    enormous = tmp_path / "enormous.md"
    enormous.write_bytes(b"x" * 5_000_001)
    with pytest.raises(InterviewFileError, match="the limit is 5,000,000"):
        load_interview(enormous)
