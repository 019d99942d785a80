"""Saved web pages: the article without the site around it, in pages made up here."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ingest.importer import import_file
from bot.library.interview import InterviewFileError, parse_interview

PAGE = """<!DOCTYPE html>
<html dir="rtl" lang="fa"><head><meta charset="utf-8">
<title>دریا را نباید فروخت | موج‌نما</title>
<meta property="og:site_name" content="موج‌نما">
<script>var x = "<p><strong>نه این؟</strong></p>";</script></head>
<body>
<header class="site-header"><nav><a href="/">صفحه اصلی</a> <a href="/sea">دریا</a></nav>
<div class="ticker">نفت: ۷۰ دلار</div></header>
<div class="layout">
<div class="post">
  <span class="kicker">گفت‌وگو با ناخدا رضا بندری، ماهیگیر</span>
  <h1>دریا را نباید فروخت</h1>
  <div class="post-meta"><time datetime="2023-05-01">۱۱ اردیبهشت ۱۴۰۲</time> |
  <span class="author">نسرین پاک</span></div>
  <p class="summary">رضا بندری چهل سال است که&zwnj;به دریا می&zwnj;رود.</p>
  <figure><img src="/a.jpg" alt=""><figcaption>رضا بندری در اسکله</figcaption></figure>
  <p><b>اولین بار کی به دریا رفتید؟</b></p>
  <p>دوازده سالم بود. پدرم <a href="/p">قایق</a> داشت.</p>
  <p>بعد از آن هر روز رفتم.</p>
  <div class="ad-box"><script>ad()</script>تبلیغ</div>
  <div class="read-more"><a href="/x">بیشتر بخوانید: ماهی کم شده است؟</a></div>
  <h3>ماهی کم شده است؟</h3>
  <p>بله، خیلی کم.</p>
  <div class="tags">برچسب‌ها: <a>دریا</a></div>
</div>
<aside class="related"><h3>اخبار مرتبط</h3><p><strong>چرا دریا شور است؟</strong></p></aside>
</div>
<footer><p>کلیه حقوق محفوظ است.</p></footer>
</body></html>
"""


def test_a_saved_news_page_gives_its_article(tmp_path: Path) -> None:
    path = tmp_path / "sea.html"
    path.write_text(PAGE, encoding="utf-8")
    markdown, warnings = import_file(path, "sea")
    interview = parse_interview(markdown, "sea.md")
    assert interview.title == "دریا را نباید فروخت"
    assert (interview.interviewee, interview.role) == ("رضا بندری", "ماهیگیر")
    assert (interview.meta["interviewer"], interview.meta["date"]) == ("نسرین پاک", "۱۱ اردیبهشت ۱۴۰۲")
    assert interview.meta["source"] == "موج‌نما"
    assert [s.question for s in interview.questions] == ["اولین بار کی به دریا رفتید؟", "ماهی کم شده است؟"]
    assert interview.questions[0].paragraphs == ("دوازده سالم بود. پدرم قایق داشت.", "بعد از آن هر روز رفتم.")
    assert interview.questions[1].paragraphs == ("بله، خیلی کم.",)
    lead = next(s for s in interview.segments if s.question is None)
    assert lead.paragraphs == ("رضا بندری چهل سال است که‌به دریا می‌رود.",)  # &zwnj; kept
    for chrome in ("تبلیغ", "بیشتر بخوانید", "برچسب", "اخبار مرتبط", "شور", "حقوق", "نفت", "اسکله"):
        assert chrome not in markdown, chrome
    assert any("اسکله" in w for w in warnings)  # the caption is named as left out


def test_a_page_with_no_interview_in_it_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "home.html"
    path.write_text("<html><body><nav>صفحه اصلی</nav><p>به سایت ما خوش آمدید.</p></body></html>", "utf-8")
    with pytest.raises(InterviewFileError, match="no questions found: a question is a bold paragraph"):
        import_file(path, "home")


def test_html_is_known_by_its_content_whatever_its_name(tmp_path: Path) -> None:
    path = tmp_path / "saved.txt"
    path.write_text(PAGE, encoding="utf-8")
    markdown, _ = import_file(path, "sea")
    assert "## Q: اولین بار کی به دریا رفتید؟" in markdown


def test_a_page_in_another_encoding_is_read_by_its_charset(tmp_path: Path) -> None:
    path = tmp_path / "old.html"
    old = PAGE.replace('charset="utf-8"', 'charset="windows-1256"').replace("ی", "ي")  # Arabic yeh
    old = old.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))  # and digits, as 1256 had
    path.write_bytes(old.encode("cp1256"))
    markdown, _ = import_file(path, "sea")
    assert "## Q: اولین بار کی به دریا رفتید؟" in markdown


def test_a_text_file_in_another_encoding_names_it(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes("س: این متن قدیمی است؟\nبله.\n".replace("ی", "ي").encode("cp1256"))
    with pytest.raises(InterviewFileError, match="Windows-1256"):
        import_file(path, "old")
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes("س: متن یونیکد است؟\nبله.\n".encode("utf-16"))  # with its byte-order mark
    assert "## Q: متن یونیکد است؟" in import_file(utf16, "utf16")[0]


def test_a_page_saved_without_a_charset_is_read_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "bare.html"
    path.write_text(PAGE.replace('<meta charset="utf-8">', ""), encoding="utf-8")
    assert "## Q: اولین بار کی به دریا رفتید؟" in import_file(path, "sea")[0]
    old = tmp_path / "old.html"
    old.write_bytes(PAGE.replace('<meta charset="utf-8">', "").replace("ی", "ي").translate(
        str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")).encode("cp1256"))  # fmt: skip
    with pytest.raises(InterviewFileError, match="Windows-1256"):
        import_file(old, "old")
