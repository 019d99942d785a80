"""Each form editors are sent, built small in that form's shape (not copied from the development
files): the importer recognises it from the content, says which form it read, and gives the
questions, the answers and the metadata without the form's noise."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ingest import import_one
from bot.ingest.importer import import_file
from bot.library.interview import Interview, parse_interview


def imported(tmp_path: Path, name: str, text: str) -> tuple[Interview, str, list[str]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    markdown, warnings = import_file(path, "test")
    return parse_interview(markdown, path), markdown, warnings


def questions(interview: Interview) -> list[str]:
    return [s.question or "" for s in interview.questions]


def answer(interview: Interview, number: int) -> str:
    return " ".join(interview.questions[number - 1].paragraphs)


def lead(interview: Interview) -> str:
    return " ".join(next((s.paragraphs for s in interview.segments if s.question is None), ()))


TALK_SHOW = """شبکهٔ رادیویی گیلان — برنامهٔ «صبح و سلامت»
عنوان این قسمت: سرماخوردگی را جدی بگیریم
تاریخ پخش: شنبه ۳ آذر ۱۴۰۲
میهمان: دکتر بهناز رستمی، متخصص عفونی بیمارستان رازی رشت
مجری: کامران صالحی
=============================

[۰۰:۰۰:۰۳]
مجری: درود بر شنونده‌های عزیز. صبح‌تان بخیر. فصل سرما که می‌رسد مطب‌ها پر از بیمار می‌شود.
امروز با خانم دکتر بهناز رستمی دربارهٔ واکسن و دارو گفت‌وگو می‌کنیم. خانم دکتر، خوش آمدید.
پزشک: سلام، ممنون از دعوت شما.

[پخش گزارش]
[۰۰:۰۲:۱۰]
مجری: آنفلوآنزا با سرماخوردگی چه فرقی دارد؟
پزشک: آنفلوآنزا ناگهانی شروع می‌شود و تب بالا دارد. سرماخوردگی آرام می‌آید.
مجری: بله، بفرمایید.
پزشک: و دیگر اینکه درد عضلانی در آنفلوآنزا شدیدتر است.

[آگهی]
[۰۰:۰۸:۴۰]
مجری: واکسن را چه کسانی باید بزنند؟
پزشک: سالمندان، بیماران قلبی و کادر درمان. هر سال هم باید تکرار شود.

[۰۰:۱۲:۰۰]
مجری: خانم دکتر، خیلی ممنون که وقت گذاشتید.
پزشک: خواهش می‌کنم. خدانگهدار.
[موسیقی]
"""


def test_a_radio_transcript_leaves_out_the_welcome_interruptions_notes_and_goodbye(tmp_path: Path) -> None:
    interview, markdown, _ = imported(tmp_path, "show.txt", TALK_SHOW)
    assert questions(interview) == ["آنفلوآنزا با سرماخوردگی چه فرقی دارد؟", "واکسن را چه کسانی باید بزنند؟"]
    first = answer(interview, 1)
    assert first.startswith("آنفلوآنزا ناگهانی شروع می‌شود")
    assert first.endswith("درد عضلانی در آنفلوآنزا شدیدتر است.")  # the answer goes on after «بفرمایید»
    for noise in ("بفرمایید", "پخش گزارش", "آگهی", "موسیقی", "خدانگهدار", "خوش آمدید", "۰۰:۰"):
        assert noise not in markdown
    assert "فصل سرما که می‌رسد" in lead(interview)  # the welcome is the lead, its greetings aside
    assert "درود" not in lead(interview) and "بخیر" not in lead(interview)
    assert (interview.title, interview.interviewee) == ("سرماخوردگی را جدی بگیریم", "بهناز رستمی")
    assert interview.meta["interviewer"] == "کامران صالحی"


PANEL = """عنوان: دو نسل در یک کارگاه

نوری: کارگاه را کی راه انداختید؟
استادکار: سال ۱۳۶۰، با یک دستگاه کهنه.
شاگرد: من ده سال بعد آمدم و اول فقط جارو می‌کردم.
نوری: حالا کار چطور است؟
استادکار: سفارش کم است، ولی مشتری قدیمی هنوز هست.
نوری: و شما دو نفر با هم کنار می‌آیید؟
شاگرد: بیشتر وقت‌ها.
استادکار: جز سر قیمت‌ها.
"""


def test_a_transcript_with_role_labels_keeps_both_speakers_inside_one_answer(tmp_path: Path) -> None:
    """No label says who asks: the speaker whose turns ask is the interviewer («نوری:»)."""
    interview, _, _ = imported(tmp_path, "panel.txt", PANEL)
    assert questions(interview) == [
        "کارگاه را کی راه انداختید؟",
        "حالا کار چطور است؟",
        "و شما دو نفر با هم کنار می‌آیید؟",
    ]
    first = "\n".join(interview.questions[0].paragraphs)
    assert first.startswith("استادکار: سال ۱۳۶۰، با یک دستگاه کهنه.")
    assert "شاگرد: من ده سال بعد آمدم" in first  # two speakers: each keeps its label inside the answer
    assert answer(interview, 2).startswith("سفارش کم است")  # one speaker: no label


SUBTITLES = """1
00:00:00,000 --> 00:00:04,000
«نان داغ، صبح زود»
گفت‌وگو با مهدی فرجی، صاحب نانوایی در یزد

2
00:00:04,500 --> 00:00:06,000
[موسیقی]

3
00:00:06,500 --> 00:00:10,000
مهدی فرجی سی سال است
پیش از طلوع آفتاب خمیر

4
00:00:10,100 --> 00:00:13,000
می‌گیرد.

5
00:00:14,000 --> 00:00:17,000
- از کجا شروع کردید؟

6
00:00:17,500 --> 00:00:21,000
از شاگردی در بازار. روزی
صد نان می‌پختیم و حالا

7
00:00:21,100 --> 00:00:24,000
روزی دو هزار تا.

8
00:00:25,000 --> 00:00:28,000
سؤال: آرد را از کجا
می‌خرید؟

9
00:00:28,500 --> 00:00:32,000
از کارخانهٔ شهر، با سهمیه.

10
00:00:33,000 --> 00:00:36,000
گفت‌وگو: سارا نیک‌نام | تدوین: رضا امینی
پادکست «شهر من» — مهر ۱۴۰۲
"""


def test_a_subtitle_file_joins_its_cues_into_sentences(tmp_path: Path) -> None:
    interview, markdown, _ = imported(tmp_path, "bakery.srt", SUBTITLES)
    assert questions(interview) == ["از کجا شروع کردید؟", "آرد را از کجا می‌خرید؟"]
    assert answer(interview, 1) == "از شاگردی در بازار. روزی صد نان می‌پختیم و حالا روزی دو هزار تا."
    assert answer(interview, 2) == "از کارخانهٔ شهر، با سهمیه."  # the credits are not the answer's
    assert lead(interview) == "مهدی فرجی سی سال است پیش از طلوع آفتاب خمیر می‌گیرد."
    assert "-->" not in markdown and "موسیقی" not in markdown
    assert (interview.title, interview.interviewee) == ("«نان داغ، صبح زود»", "مهدی فرجی")
    assert interview.meta["interviewer"] == "سارا نیک‌نام"


def test_a_webvtt_file_is_read_like_subtitles(tmp_path: Path) -> None:
    vtt = "WEBVTT\n\n" + SUBTITLES.replace(",", ".").replace("۱۴۰۲\n", "۱۴۰۲\n")
    vtt = vtt.replace("00:00:00.000", "00:00:00.000").replace("شهر، با", "شهر، با")
    interview, _, _ = imported(tmp_path, "bakery.vtt", vtt)
    assert questions(interview) == ["از کجا شروع کردید؟", "آرد را از کجا می‌خرید؟"]


TELEGRAM = """Forwarded from کوهنوردان البرز | Alborz
⛰️ گفت‌وگو با لیلا مرادی، راهنمای کوهستان: «کوه صبر یاد می‌دهد» ⛰️

✍️ گفت‌وگو: آرمان شاکری

لیلا مرادی پانزده سال است گروه‌های کوهنوردی را به دماوند می‌برد.

🔸 اولین صعودتان کی بود؟
دوازده‌ساله بودم که با پدرم به توچال رفتم.

📌 بخش دوم گفت‌وگو را فردا بخوانید
🆔 @alborz_climb

🔸 سخت‌ترین مسیر کدام بود؟
جبههٔ شمالی دماوند در زمستان. 🥶 سه روز در بوران ماندیم.

#کوهنوردی #دماوند
🆔 @alborz_climb
"""


def test_a_telegram_post_loses_its_emoji_markers_and_signatures(tmp_path: Path) -> None:
    interview, markdown, _ = imported(tmp_path, "post.txt", TELEGRAM)
    assert questions(interview) == ["اولین صعودتان کی بود؟", "سخت‌ترین مسیر کدام بود؟"]
    assert answer(interview, 1) == "دوازده‌ساله بودم که با پدرم به توچال رفتم."
    assert answer(interview, 2) == "جبههٔ شمالی دماوند در زمستان. سه روز در بوران ماندیم."
    for noise in ("🔸", "🥶", "@alborz_climb", "#دماوند", "بخش دوم", "Forwarded"):
        assert noise not in markdown.split("---", 2)[2]
    assert (interview.title, interview.interviewee) == ("«کوه صبر یاد می‌دهد»", "لیلا مرادی")
    assert interview.meta["interviewer"] == "آرمان شاکری"


INSTAGRAM = """tehran.cafes • دنبال کردن
تهران، خیابان ولیعصر

tehran.cafes ☕ «قهوه را آهسته دم کنید» ☕
گفت‌وگو با نیما فرهادی، باریستای کافه «سپیدار»
.
نیما هر صبح ساعت شش کافه را باز می‌کند.
.
🎙 چطور باریستا شدی؟
💬 از ظرف‌شستن شروع کردم. 😅 بعد یک سال اجازه دادند پشت دستگاه بایستم.
.
🎙 قهوهٔ خوب چه فرقی دارد؟
💬 دانهٔ تازه و آسیاب درست.
.
🎤 گفت‌وگو: مریم توانا
ادامه در کامنت‌ها 👇
#قهوه #تهران
۳ روز

tehran.cafes 🎙 برای آینده چه برنامه‌ای داری؟
💬 یک کافهٔ کوچک در محلهٔ خودم.
۳ روز  ۴۰ پسند  پاسخ

sara_k92 من هفتهٔ پیش رفتم، عالی بود 😍
۲ روز  ۲ پسند  پاسخ
"""


def test_an_instagram_caption_and_the_accounts_comment_are_one_interview(tmp_path: Path) -> None:
    interview, markdown, _ = imported(tmp_path, "caption.txt", INSTAGRAM)
    assert questions(interview) == [
        "چطور باریستا شدی؟",
        "قهوهٔ خوب چه فرقی دارد؟",
        "برای آینده چه برنامه‌ای داری؟",  # continued in the account's own comment
    ]
    assert answer(interview, 1) == "از ظرف‌شستن شروع کردم. بعد یک سال اجازه دادند پشت دستگاه بایستم."
    assert answer(interview, 3) == "یک کافهٔ کوچک در محلهٔ خودم."
    for noise in ("عالی بود", "پسند", "کامنت", "#قهوه", "دنبال کردن", "ولیعصر"):
        assert noise not in markdown
    assert (interview.title, interview.interviewee) == ("«قهوه را آهسته دم کنید»", "نیما فرهادی")


NEWS = """خبرگزاری دانش امروز
صفحه اصلی › اقتصاد › انرژی

یک کارشناس انرژی در گفت‌وگو با دانش امروز:
خاموشی تابستان را می‌شود کم کرد

به گزارش خبرنگار اقتصادی دانش امروز، مصرف برق در تابستان امسال رکورد زد.

پرویز قربانی، استاد مهندسی برق دانشگاه صنعتی اصفهان، سال‌هاست دربارهٔ شبکهٔ برق پژوهش می‌کند.

* چرا تابستان خاموشی داریم؟

چون تولید از مصرف عقب مانده است. نیروگاه‌ها فرسوده‌اند.

پنل‌های خورشیدی روی بام

قربانی در پاسخ به این پرسش که آیا پنل خورشیدی خانگی به صرفه است، گفت: برای خانه‌های ویلایی بله.

وی افزود: بازگشت سرمایه حدود پنج سال است.

گفت‌وگو: نسرین امیری

انتهای پیام/
"""


def test_a_news_report_turns_reported_questions_into_direct_ones(tmp_path: Path) -> None:
    interview, markdown, _ = imported(tmp_path, "news.txt", NEWS)
    assert questions(interview) == ["چرا تابستان خاموشی داریم؟", "آیا پنل خورشیدی خانگی به صرفه است؟"]
    assert answer(interview, 1) == "چون تولید از مصرف عقب مانده است. نیروگاه‌ها فرسوده‌اند."
    assert answer(interview, 2) == "برای خانه‌های ویلایی بله. بازگشت سرمایه حدود پنج سال است."
    assert "پنل‌های خورشیدی روی بام" not in markdown  # a sub-heading, not the answer's
    assert (interview.title, interview.interviewee) == ("خاموشی تابستان را می‌شود کم کرد", "پرویز قربانی")
    assert interview.meta["interviewer"] == "نسرین امیری"


EMAIL = """From: Hamid Sadeghi <h.sadeghi@example.org>
To: Nazanin Rahimi <n.rahimi@paper.example>
Subject: Re: مصاحبهٔ ویژه‌نامه: زنبورها و کشاورزی
Date: Mon, 3 Jun 2024 09:12:00 +0330

سلام خانم رحیمی،
پاسخ‌ها را پایین نوشتم.

زنبورها سهم بزرگی در گرده‌افشانی دارند و حمید صادقی بیست سال است زنبوردار است.

پرسش ۱) چرا زنبورها کم شده‌اند؟

پاسخ: سم‌پاشی بی‌رویه و خشکسالی.

پرسش ۲) کشاورز چه کند؟
> پرسش ۲) کشاورز چه کند؟

پاسخ: سم را شب بپاشد، وقتی زنبورها در کندو هستند.

پی‌نوشت: عکس کندوها را فردا می‌فرستم.

با احترام
--
حمید صادقی
زنبوردار، کرج
تلفن: ۰۹۱۲۰۰۰۰۰۰۰

در تاریخ ۱ ژوئن ۲۰۲۴، Nazanin Rahimi نوشت:
> سلام آقای صادقی،
> پرسش‌ها پایین است.
>
> با سپاس
> نازنین رحیمی
> دبیر صفحهٔ محیط زیست، روزنامهٔ سبز
"""


def test_an_email_keeps_only_the_interview(tmp_path: Path) -> None:
    interview, markdown, _ = imported(tmp_path, "reply.eml.txt", EMAIL)
    assert questions(interview) == ["چرا زنبورها کم شده‌اند؟", "کشاورز چه کند؟"]
    assert answer(interview, 1) == "سم‌پاشی بی‌رویه و خشکسالی."
    assert answer(interview, 2) == "سم را شب بپاشد، وقتی زنبورها در کندو هستند."
    for noise in ("سلام", "پی‌نوشت", "تلفن", "> ", "کرج", "پاسخ‌ها را پایین"):
        assert noise not in markdown.split("---", 2)[2]
    assert lead(interview).startswith("زنبورها سهم بزرگی")
    assert (interview.title, interview.interviewee) == ("زنبورها و کشاورزی", "حمید صادقی")
    assert (interview.meta["interviewer"], interview.meta["date"]) == ("نازنین رحیمی", "۱۴ خرداد ۱۴۰۳")
    assert interview.meta["source"] == "روزنامهٔ سبز"  # the editor's signature names the paper


RULER = "فصلنامهٔ معماری نو | شمارهٔ ۱۲ | صفحهٔ {}"
PRINTED = f"""{RULER.format("۱۰")}

«خانه باید نفس بکشد»

گفت‌وگو با سیمین اکبری، معمار
گفت‌وگو: پدرام نوری

سیمین اکبری سی سال است در شهرهای کویری خانه می‌سازد و
می‌گوید بادگیر هنوز از کولر بهتر است. با او از خانه‌های
امروز پرسیده‌ایم.

■ چرا خانه‌های امروز گرم‌اند؟ مصالح مقصرند یا
طراحی؟
هر دو. دیوارهای نازک بتنی گرما را نگه نمی‌دارند و پنجره‌های بزرگ
رو به غرب آفتاب عصر را به اتاق می‌آورند. خانهٔ قدیمی دیوار
خشتی ضخیم داشت و رو به جنوب بود؛ همین کافی بود که تابستان خنک
{RULER.format("۱۱")}
بماند. ما این را فراموش کرده‌ایم و حالا با کولر جبران می
کنیم.

درباره معمار: سیمین اکبری متولد
کاشان است و در دانشگاه تهران
معماری خوانده است. سه جایزهٔ
ملی گرفته است.

■ بادگیر را می‌شود در آپارتمان ساخت؟
می‌شود، اگر از اول در طرح باشد. در دو ساختمان یزد این کار را کردیم
و مصرف برق تابستان یک‌سوم شد. هزینه‌اش هم از یک دستگاه کولر گازی
بیشتر نیست.
{RULER.format("۱۲")}
"""


def test_printed_pages_lose_their_running_heads_wraps_and_sidebar(tmp_path: Path) -> None:
    interview, markdown, _ = imported(tmp_path, "pages.txt", PRINTED)
    assert questions(interview) == [
        "چرا خانه‌های امروز گرم‌اند؟ مصالح مقصرند یا طراحی؟",
        "بادگیر را می‌شود در آپارتمان ساخت؟",
    ]
    first = answer(interview, 1)
    assert "همین کافی بود که تابستان خنک بماند." in first  # across the running head
    assert first.endswith("با کولر جبران می‌کنیم.")  # a word broken at the line's end, joined
    assert "درباره معمار" not in markdown and "صفحهٔ" not in markdown.split("---", 2)[2]
    assert (interview.title, interview.interviewee) == ("«خانه باید نفس بکشد»", "سیمین اکبری")
    assert interview.meta["source"] == "فصلنامهٔ معماری نو"


BLOG = """---
title: "گفت‌وگو با یک برنامه‌نویس بازی"
description: "گفت‌وگو با آرین حیدری، سازندهٔ بازی «کاروان»"
author: مینا رضوی
date: 2024-05-02
tags: [بازی, ایران]
slug: arian-heydari
---

آرین حیدری بازی «کاروان» را تنها ساخت.

1. **چطور شروع کردی؟ بیشتر از خودت بگو.**

با یک کامپیوتر قدیمی و آموزش‌های یوتیوب.

2. **بازی را با چه موتوری ساختی؟**

با Godot. برای اجرا کافی است این را بزنید:

```bash
godot --path caravan
```

---

*اگر خوشتان آمد، در خبرنامه عضو شوید.*
"""


def test_a_blog_posts_own_front_matter_is_read_not_refused(tmp_path: Path) -> None:
    interview, markdown, _ = imported(tmp_path, "post.md", BLOG)
    assert questions(interview) == ["چطور شروع کردی؟ بیشتر از خودت بگو.", "بازی را با چه موتوری ساختی؟"]
    assert "godot --path caravan" in answer(interview, 2)  # the code's line, without its fences
    assert "```" not in markdown and "خبرنامه" not in markdown
    assert (interview.title, interview.interviewee) == ("گفت‌وگو با یک برنامه‌نویس بازی", "آرین حیدری")
    assert interview.meta["interviewer"] == "مینا رضوی"


def test_a_word_file_with_labelled_numbered_questions_and_a_table(tmp_path: Path) -> None:
    from docx import Document
    from docx.shared import RGBColor

    document = Document()
    document.add_paragraph("«شیر تازه، هر روز»")
    document.add_paragraph("گفت‌وگو با رحیم نادری، دامدار")
    document.add_paragraph("رحیم نادری چهل گاو شیری دارد.")
    asked = document.add_paragraph().add_run("سؤال ۱: گاوداری چقدر خرج دارد؟")
    asked.font.color.rgb = RGBColor(0x99, 0x00, 0x00)
    document.add_paragraph("پاسخ: علوفه بیشترین خرج است.")
    table = document.add_table(rows=3, cols=2)
    for row, cells in zip(table.rows, [("ماه", "علوفه (تن)"), ("مهر", "۱۲"), ("آبان", "۱۴")], strict=True):
        row.cells[0].text, row.cells[1].text = cells
    document.add_paragraph("زمستان از این هم بیشتر می‌شود.")
    document.add_paragraph("شیر را به چه کسی می‌فروشید؟", style="List Number")
    document.add_paragraph("به کارخانهٔ لبنیات شهر.")
    path = tmp_path / "farm.docx"
    document.save(str(path))
    markdown, _ = import_file(path, "farm")
    interview = parse_interview(markdown, path)
    assert questions(interview) == ["گاوداری چقدر خرج دارد؟", "شیر را به چه کسی می‌فروشید؟"]
    assert answer(interview, 1) == (
        "علوفه بیشترین خرج است. ماه مهر: ۱۲ تن. ماه آبان: ۱۴ تن. زمستان از این هم بیشتر می‌شود."
    )
    assert interview.interviewee == "رحیم نادری"


def test_the_interviewee_is_read_from_the_leads_sentences(tmp_path: Path) -> None:
    text = """بازگشت به لیگ برتر

جواد کریمی، سرمربی این تیم، در گفت‌وگو با خبرنگار ما از فصل سخت گذشته گفت.

- فصل بعد هدف شما چیست؟
ماندن در لیگ و بعد جام حذفی.

- بازیکن جدید می‌گیرید؟
دو مدافع، اگر بودجه برسد.
"""
    interview, _, warnings = imported(tmp_path, "coach.txt", text)
    assert interview.interviewee == "جواد کریمی"
    assert interview.meta["role"] == "سرمربی این تیم"
    assert any("no date found" in w and "`date:`" in w for w in warnings)  # a missing field is named


def test_a_missing_interviewee_is_a_warning_that_names_the_field(tmp_path: Path) -> None:
    text = "دربارهٔ باران\n\n- باران کی می‌آید؟\nفردا عصر.\n\n- چقدر؟\nکم.\n"
    _, markdown, warnings = imported(tmp_path, "rain.txt", text)
    assert "interviewee: ناشناخته" in markdown
    assert any("no interviewee found" in w for w in warnings)


def test_a_greeting_or_breadcrumb_is_never_the_title(tmp_path: Path) -> None:
    text = """خانه › فرهنگ › گفت‌وگو
«کتاب را باید لمس کرد»
گفت‌وگو با پری شاهی، کتابدار

* چند کتاب دارید؟
ده هزار جلد.

* کتاب الکترونیکی چه؟
دوستش ندارم.
"""
    interview, _, _ = imported(tmp_path, "library.txt", text)
    assert interview.title == "«کتاب را باید لمس کرد»"
    assert interview.interviewee == "پری شاهی"


@pytest.mark.parametrize(
    ("name", "text", "form"),
    [
        ("show.txt", TALK_SHOW, "transcript"),
        ("panel.txt", PANEL, "transcript"),
        ("a.txt", SUBTITLES, "subtitles"),  # recognised by its cues, not by «.srt»
        ("b.txt", TELEGRAM, "Telegram post"),
        ("c.txt", INSTAGRAM, "Instagram post"),
        ("d.txt", NEWS, "news report"),
        ("e.txt", EMAIL, "email"),
        ("f.txt", PRINTED, "printed pages"),
        ("g.txt", BLOG, "blog Markdown"),
    ],
)
def test_the_importer_says_which_form_it_read(tmp_path: Path, name: str, text: str, form: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    found = import_one(path)
    assert found.form == form
    assert found.questions >= 2 and found.metadata.title


def test_an_interview_file_is_returned_as_it_is() -> None:
    from tests.helpers import FIXTURES

    found = import_one(FIXTURES.parent.parent / "corpus" / "mirlohi.md")
    assert (found.form, found.id, found.warnings) == ("interview file", "mirlohi", [])


def test_a_word_file_whose_questions_are_a_table(tmp_path: Path) -> None:
    from docx import Document

    document = Document()
    document.add_paragraph("«درخت‌ها را بشماریم»")
    document.add_paragraph("گفت‌وگو با ژاله امینی، جنگل‌بان")
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(
        table.rows,
        [("چند سال است جنگل‌بانید؟", "پاسخ: دوازده سال."), ("سخت‌ترین فصل کدام است؟", "پاییز، فصل آتش.")],
        strict=True,
    ):
        row.cells[0].text, row.cells[1].text = cells
    path = tmp_path / "forest.docx"
    document.save(str(path))
    interview = parse_interview(import_file(path, "forest")[0], path)
    assert questions(interview) == ["چند سال است جنگل‌بانید؟", "سخت‌ترین فصل کدام است؟"]
    assert (answer(interview, 1), answer(interview, 2)) == ("دوازده سال.", "پاییز، فصل آتش.")


def test_an_email_without_a_signature_names_its_sender(tmp_path: Path) -> None:
    text = """From: "مهتاب کریمی" <m.karimi@example.org>
To: desk@paper.example
Subject: پاسخ‌ها
Date: Tue, 21 Mar 2023 10:00:00 +0330

سؤال ۱: کی شروع کردید؟
جواب: پارسال.

سؤال ۲: ادامه می‌دهید؟
جواب: بله، تا وقتی بشود.
"""
    interview, _, _ = imported(tmp_path, "mail.txt", text)
    assert questions(interview) == ["کی شروع کردید؟", "ادامه می‌دهید؟"]
    assert (interview.interviewee, interview.meta["date"]) == ("مهتاب کریمی", "۱ فروردین ۱۴۰۲")


def test_the_source_and_interviewee_from_a_sentence_of_the_lead(tmp_path: Path) -> None:
    text = """دیابت را جدی بگیرید

متن گفت‌وگوی رادیو سلامت با دکتر کیوان رنجبر که هفتهٔ پیش پخش شد.

- دیابت نوع دو را چطور بشناسیم؟
تشنگی زیاد و خستگی.

- پیشگیری ممکن است؟
بله، با ورزش و رژیم.
"""
    interview, _, _ = imported(tmp_path, "diabetes.txt", text)
    assert (interview.interviewee, interview.meta["source"]) == ("کیوان رنجبر", "رادیو سلامت")


def test_an_interview_file_with_a_typo_is_refused_at_its_line_not_read_as_a_blog(tmp_path: Path) -> None:
    from bot.library.interview import InterviewFileError

    path = tmp_path / "typo.md"
    path.write_text("---\nid: x\ntitel: t\ninterviewee: i\n---\n\n## Q: چرا؟\n\nچون.\n", encoding="utf-8")
    with pytest.raises(InterviewFileError, match=r"typo\.md:3: unknown field 'titel'"):
        import_file(path, "x")


def test_a_post_whose_questions_are_numbered_keycaps(tmp_path: Path) -> None:
    text = """🌿 گفت‌وگو با شیوا نادری، گیاه‌شناس

1️⃣ گیاه آپارتمانی برای تازه‌کارها چیست؟
پوتوس؛ نور کم هم می‌سازد.

2️⃣ هر چند وقت آب بدهیم؟
وقتی خاک خشک شد، نه زودتر. 💧

3️⃣ کود لازم است؟
بهار و تابستان، ماهی یک بار.
"""
    interview, markdown, _ = imported(tmp_path, "plants.txt", text)
    assert questions(interview) == [
        "گیاه آپارتمانی برای تازه‌کارها چیست؟",
        "هر چند وقت آب بدهیم؟",
        "کود لازم است؟",
    ]
    assert answer(interview, 2) == "وقتی خاک خشک شد، نه زودتر."
    assert "1️⃣" not in markdown and "💧" not in markdown


def test_a_transcript_with_bold_labels_and_a_dialogue_subtitle_cue(tmp_path: Path) -> None:
    text = "**مجری:** از کجا آمدید؟\n**مهمان:** از کرمان.\n**مجری:** چرا؟\n**مهمان:** برای کار.\n"
    interview, _, _ = imported(tmp_path, "bold.txt", text)
    assert questions(interview) == ["از کجا آمدید؟", "چرا؟"]
    assert answer(interview, 1) == "از کرمان."
    cues = (
        "1\n00:00:01,000 --> 00:00:03,000\n- کی برگشتید؟\n- دیروز صبح.\n\n"
        "2\n00:00:03,500 --> 00:00:06,000\n- خسته‌اید؟\n- نه، خوشحالم.\n"
    )
    interview, _, _ = imported(tmp_path, "dialogue.srt", cues)
    assert questions(interview) == ["کی برگشتید؟", "خسته‌اید؟"]
    assert (answer(interview, 1), answer(interview, 2)) == ("دیروز صبح.", "نه، خوشحالم.")


def test_reported_questions_in_other_words(tmp_path: Path) -> None:
    text = """«بازار فرش رونق می‌گیرد»

به گزارش خبرنگار ما، صادرات فرش دستباف امسال بیشتر شد.

* صادرات چقدر بیشتر شد؟

حدود ده درصد.

وقتی از او پرسیدیم بازار اصلی کجاست، گفت: آلمان و ژاپن.

شهابی در پاسخ به سؤالی مبنی بر اینکه تحریم چه اثری داشته، اظهار کرد: هزینهٔ حمل دو برابر شد.
"""
    interview, _, _ = imported(tmp_path, "carpet.txt", text)
    assert questions(interview) == [
        "صادرات چقدر بیشتر شد؟",
        "بازار اصلی کجاست؟",
        "تحریم چه اثری داشته؟",
    ]
    assert (answer(interview, 2), answer(interview, 3)) == ("آلمان و ژاپن.", "هزینهٔ حمل دو برابر شد.")


def test_a_host_asking_without_a_question_mark_still_asks(tmp_path: Path) -> None:
    """«از خانواده‌تان بگویید.» asks; «خب، ادامه بدهید.» keeps the floor and is left out."""
    text = """مجری: از کودکی‌تان بگویید.
مهمان: در روستا بزرگ شدم، کنار رودخانه.
مجری: از خانواده‌تان بگویید.
مهمان: پدرم معلم بود.
مجری: خب، ادامه بدهید.
مهمان: مادرم قالی می‌بافت.
مجری: چرا شهر آمدید؟
مهمان: برای دانشگاه.
"""
    interview, _, _ = imported(tmp_path, "host.txt", text)
    assert questions(interview) == ["از کودکی‌تان بگویید.", "از خانواده‌تان بگویید.", "چرا شهر آمدید؟"]
    assert answer(interview, 2) == "پدرم معلم بود. مادرم قالی می‌بافت."


def test_an_email_answered_under_each_quoted_question(tmp_path: Path) -> None:
    text = """From: Babak Zand <b.zand@example.org>
To: news@paper.example
Subject: Re: پرسش‌های گفت‌وگو
Date: Sun, 5 Jan 2025 18:00:00 +0330

در تاریخ ۴ ژانویه، News نوشت:
> ۱. چرا عکاسی خیابانی؟

چون خیابان صادق است.

> ۲. با دوربین یا گوشی؟

بیشتر گوشی، کمتر جلب توجه می‌کند.

--
بابک زند
"""
    interview, markdown, _ = imported(tmp_path, "inline.txt", text)
    assert questions(interview) == ["چرا عکاسی خیابانی؟", "با دوربین یا گوشی؟"]
    assert answer(interview, 2) == "بیشتر گوشی، کمتر جلب توجه می‌کند."
    assert interview.interviewee == "بابک زند" and "نوشت" not in markdown


def test_a_printed_sidebar_drawn_in_a_box_belongs_to_no_answer(tmp_path: Path) -> None:
    page = "هفته‌نامهٔ شهر | شمارهٔ ۳ | صفحهٔ {}"
    text = f"""{page.format("۵")}

گفت‌وگو با کاوه سعیدی، نجار

■ چوب را از کجا می‌آورید؟
از جنگل‌های شمال، با مجوز. هر سال کمتر هم
می‌شود.
┌──────────────────────┐
│ کاوه سعیدی متولد ساری است. │
└──────────────────────┘
■ شاگرد دارید؟
دو شاگرد دارم که هر دو از روستای خودم
هستند.
{page.format("۶")}
"""
    interview, markdown, _ = imported(tmp_path, "box.txt", text)
    assert questions(interview) == ["چوب را از کجا می‌آورید؟", "شاگرد دارید؟"]
    assert answer(interview, 1) == "از جنگل‌های شمال، با مجوز. هر سال کمتر هم می‌شود."
    assert "متولد ساری" not in markdown


def test_webvtt_voices_say_who_asks(tmp_path: Path) -> None:
    text = """WEBVTT

00:00:01.000 --> 00:00:03.000
<v میزبان>شغلتان چیست؟

00:00:03.500 --> 00:00:06.000
<v مهمان>زنبوردارم، بیست سال است.

00:00:06.500 --> 00:00:08.000
<v میزبان>عسل امسال چطور بود؟

00:00:08.500 --> 00:00:10.000
<v مهمان>کم، به خاطر خشکسالی.
"""
    interview, _, _ = imported(tmp_path, "voices.vtt", text)
    assert questions(interview) == ["شغلتان چیست؟", "عسل امسال چطور بود؟"]
    assert answer(interview, 1) == "زنبوردارم، بیست سال است."
