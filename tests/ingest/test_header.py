"""What stands before the first question: each kind of header line, in texts made up here."""

from __future__ import annotations

from pathlib import Path

from bot.ingest.header import read_header, speaker_in, subtitle_parts
from bot.ingest.importer import import_file
from bot.ingest.people import without_honorifics
from bot.library.interview import parse_interview


def pieces(*lines: str) -> list[tuple[int, str]]:
    return list(enumerate(lines, start=1))


def test_a_news_page_copied_as_text_loses_its_chrome_and_keeps_title_date_and_lead() -> None:
    header = read_header(
        pieces(
            "آینه‌نما | خبرگزاری فرهنگ و ادب",
            "خانه / ادبیات / داستان",
            "کد خبر: ۹۱۲۳",
            "سه‌شنبه ۳ مهر ۱۴۰۱ - ۱۸:۲۰",
            "نویسندهٔ «شهر خاموش» در گفت‌وگو با آینه‌نما:",
            "هر رمان من از یک کوچه شروع می‌شود",
            "کامران صدری می‌گوید رمان تازه‌اش را در دو سال نوشته است.",
            "به گزارش آینه‌نما، رمان «شهر خاموش» نوشتهٔ کامران صدری هفتهٔ پیش منتشر شد.",
        )
    )
    assert header.title == "هر رمان من از یک کوچه شروع می‌شود"
    assert (header.source, header.date) == ("آینه‌نما", "۳ مهر ۱۴۰۱")
    assert header.lead == ["به گزارش آینه‌نما، رمان «شهر خاموش» نوشتهٔ کامران صدری هفتهٔ پیش منتشر شد."]
    assert header.interviewee == "کامران صدری"  # nobody wrote «گفت‌وگو با»: the lead's speaker
    dropped = [text for _, text in header.dropped]
    assert "کد خبر: ۹۱۲۳" in dropped and any("در گفت‌وگو با" in t for t in dropped)  # chrome, kicker
    assert any(t.startswith("کامران صدری می‌گوید") for t in dropped)  # the summary above «به گزارش»


def test_title_subtitle_and_a_bare_byline_name() -> None:
    header = read_header(
        pieces(
            "«کتابخانه را باید به محله برد»",
            "گفت‌وگو با مهندس لیلا اسدی، مدیر کتابخانه‌های عمومی استان",
            "پرویز نادری",
            "لیلا اسدی بیست سال است که کتابدار است.",
        )
    )
    assert header.title == "«کتابخانه را باید به محله برد»"
    assert (header.interviewee, header.role) == ("لیلا اسدی", "مدیر کتابخانه‌های عمومی استان")
    assert header.interviewer == "پرویز نادری"
    assert header.lead == ["لیلا اسدی بیست سال است که کتابدار است."]


def test_a_blog_byline_gives_interviewer_date_and_category() -> None:
    header = read_header(pieces("نوشتهٔ مینا کرمی — ۸ دی ۱۴۰۰ — دسته: [طبیعت](/c/nature)"))
    assert (header.interviewer, header.date, header.rubric) == ("مینا کرمی", "۸ دی ۱۴۰۰", "طبیعت")


def test_honorifics_are_not_part_of_the_name() -> None:
    assert subtitle_parts("گفت‌وگو با دکتر حمید رفیعی، پزشک") == ("حمید رفیعی", "پزشک")
    assert subtitle_parts("گفت‌وگو با سرهنگ یاسر نجفی دربارهٔ ترافیک") == ("یاسر نجفی", "")
    assert without_honorifics("استاد") == "استاد"  # a name is never emptied


def test_the_speaker_of_a_lead_gets_the_first_name_the_lead_gives_elsewhere() -> None:
    lead = ["فصل تازه به سرپرستی دکتر نرگس امینی آغاز شد. امینی می‌گوید: «کار تازه شروع شده.»"]
    assert speaker_in(lead) == "نرگس امینی"
    assert speaker_in(["با امینی حرف زدیم. امینی معتقد است کار سخت است."]) == "امینی"
    assert speaker_in(["هیچ‌کس اینجا چیزی نمی‌گوید."]) == ""


def test_a_loose_markdown_post_drops_image_links_emphasis_and_footer(tmp_path: Path) -> None:
    source = tmp_path / "post.md"
    source.write_text(
        "# شهری که زیر آب رفت\n\n"
        "نوشتهٔ مینا کرمی — ۸ دی ۱۴۰۰\n\n"
        "![سد از بالا](/img/dam.jpg)\n\n"
        "روستای قدیمی زیر دریاچه است. غلامی می‌گوید: «هنوز خانه را می‌بینم.» با حسن غلامی حرف زدم.\n\n"
        "---\n\n"
        "### کی آب آمد؟\n\n"
        "سال ۱۳۸۰ بود و [فرماندار](/p/governor) گفت *باید* برویم.\n\n"
        "**چه چیزی با خودتان بردید؟**\n\n"
        "فقط عکس‌ها را.\n\n"
        "---\n\n"
        "*این گفت‌وگو در دی انجام شد.*\n\n"
        "برچسب‌ها: #سد #روستا\n",
        encoding="utf-8",
    )
    markdown, warnings = import_file(source, "dam")
    interview = parse_interview(markdown, "dam.md")
    assert interview.title == "شهری که زیر آب رفت"
    assert (interview.interviewee, interview.meta["interviewer"]) == ("حسن غلامی", "مینا کرمی")
    assert [s.question for s in interview.questions] == ["کی آب آمد؟", "چه چیزی با خودتان بردید؟"]
    assert interview.questions[0].paragraphs == ("سال ۱۳۸۰ بود و فرماندار گفت باید برویم.",)
    assert interview.questions[1].paragraphs == ("فقط عکس‌ها را.",)
    assert "برچسب" not in markdown and "/img/" not in markdown and "truncated" not in markdown
    assert any("footer" in w for w in warnings) and any("image" in w for w in warnings)


def test_a_news_text_ends_without_its_end_mark(tmp_path: Path) -> None:
    source = tmp_path / "news.txt"
    source.write_text(
        "باران همه‌چیز را عوض کرد\n\nبه گزارش آینه‌نما، کشاورزان راضی‌اند.\n\n"
        "- باران چقدر بود؟\nدو برابر پارسال.\n\nانتهای پیام/\n",
        encoding="utf-8",
    )
    markdown, _ = import_file(source, "rain")
    interview = parse_interview(markdown, "rain.md")
    assert interview.questions[-1].paragraphs == ("دو برابر پارسال.",)
    assert "انتهای" not in markdown and not interview.questions[-1].truncated


def test_a_title_block_set_inside_an_answer_column_is_lifted_out() -> None:
    from bot.ingest.forms.pdftext import import_text

    long = "این مقدمه در عرض دو ستون چاپ شده است و سطرهایش بلندتر از سطرهای ستون است و ادامه دارد"
    raw = "\n".join(
        [
            "ëë پرسش اول از کجا شروع شد؟",
            "پاسخ اول از اینجا شروع می‌شود و",
            "",
            "کتاب‌ها را نباید",
            "سوزاند",
            "",
            "گفتوگو با سارا کیانی، پژوهشگر تاریخ",
            "",
            f"ëë علی رضایی / {long}",
            f"{long} تا اینجا که تمام می‌شود.",
            "",
            "هنوز ادامهٔ پاسخ اول است.",
            "ëë پرسش دوم چیست؟",
            "پاسخ دوم.",
        ]
    )
    draft = import_text(raw, "raw")
    assert draft.title == "کتاب‌ها را نباید سوزاند"
    assert (draft.interviewee, draft.interviewer) == ("سارا کیانی", "علی رضایی")
    assert draft.questions[0][1] == ["پاسخ اول از اینجا شروع می‌شود و", "هنوز ادامهٔ پاسخ اول است."]
    assert draft.lead[-1].endswith("تمام می‌شود.")
    assert any("inside the answer to question 1" in w for w in draft.warnings)


CLEAN = (
    "فیلتر هوا و بیشترین هزینهٔ حمل‌ونقل در گفت‌وگوی ما با کوهنورد غافلگیر شد؛"
    " کتاب‌ها و ماسک N95 و COVID-19 را به ۳ نفر دادیم. انتهای داستان همین بود."
)


def test_a_clean_text_is_not_repaired() -> None:
    from bot.ingest.repair import repair, zwnj_damaged

    assert not zwnj_damaged(CLEAN)
    assert repair(CLEAN, damaged=zwnj_damaged(CLEAN)) == CLEAN


def test_a_damaged_text_is_repaired_and_its_codes_keep_latin_digits() -> None:
    from bot.ingest.repair import repair, zwnj_damaged

    damaged = "کتابها را میخواهند و رسانهها میگویند ماسک N95 به 3 نفر رسید. انتهای پیام"
    assert zwnj_damaged(damaged)
    fixed = repair(damaged, damaged=True)
    assert fixed == "کتاب‌ها را می‌خواهند و رسانه‌ها می‌گویند ماسک N95 به ۳ نفر رسید. انتهای پیام"


def test_arabic_keyboard_letters_become_persian() -> None:
    from bot.ingest.repair import repair

    assert repair("كتاب ي", damaged=False) == "کتاب ی"


def test_questions_on_lines_of_their_own_ending_in_a_question_mark(tmp_path: Path) -> None:
    source = tmp_path / "plain.txt"
    source.write_text(
        "چرا کتاب دیر تمام شد؟\nگفت‌وگو با مینا کرمی، نویسنده\n\nمینا کرمی رمان تازه‌ای نوشته است.\n\n"
        "چرا این کتاب را نوشتید؟\nچون پدرم داستانش را می‌گفت. آیا می‌شد ننوشت؟ نه.\n\n"
        "کی تمام شد؟\nپارسال، در پاییز.\n",
        encoding="utf-8",
    )
    interview = parse_interview(import_file(source, "plain")[0], "plain.md")
    assert interview.title == "چرا کتاب دیر تمام شد؟"  # a headline may ask: it is still the title
    assert [s.question for s in interview.questions] == ["چرا این کتاب را نوشتید؟", "کی تمام شد؟"]
    assert interview.questions[0].paragraphs == ("چون پدرم داستانش را می‌گفت. آیا می‌شد ننوشت؟ نه.",)


def test_a_wrapped_text_is_not_read_as_bare_questions() -> None:
    from bot.ingest.forms.text import bare_questions

    wrapped = ["از کجا شروع", "شد؟", "", "از یک کوچه در", "تبریز که", "هنوز هست؟", "", "بله"]
    assert bare_questions(wrapped) == set()
    assert bare_questions(["عنوان", "", "■ از کجا شروع شد؟", "از تبریز."]) == set()


def test_labelled_questions_in_a_page_and_a_word_file(tmp_path: Path) -> None:
    from docx import Document

    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><article><h1>دریا</h1><p>مقدمه‌ای کوتاه است.</p>"
        "<p><b>س:</b> اولین بار کی رفتید؟</p><p><b>ج:</b> دوازده سالم بود.</p>"
        "<p><b>س:</b> باز می‌روید؟</p><p>ج: هر روز.</p></article></body></html>",
        encoding="utf-8",
    )
    interview = parse_interview(import_file(page, "page")[0], "page.md")
    assert [s.question for s in interview.questions] == ["اولین بار کی رفتید؟", "باز می‌روید؟"]
    assert [s.paragraphs for s in interview.questions] == [("دوازده سالم بود.",), ("هر روز.",)]
    document = Document()
    document.add_heading("دریا", level=1)
    for text in ("س: اولین بار کی رفتید؟", "ج: دوازده سالم بود.", "س: باز می‌روید؟", "هر روز."):
        document.add_paragraph(text)
    word = tmp_path / "sea.docx"
    document.save(str(word))
    interview = parse_interview(import_file(word, "sea")[0], "sea.md")
    assert [s.question for s in interview.questions] == ["اولین بار کی رفتید؟", "باز می‌روید؟"]
    assert interview.questions[0].paragraphs == ("دوازده سالم بود.",)


def test_a_transcript_by_surname_with_timestamps(tmp_path: Path) -> None:
    source = tmp_path / "talk.txt"
    source.write_text(
        "عنوان: شب‌های کویر\nگفت‌وگو با: لیلا نادری، عکاس\nمصاحبه‌کننده: کامران صدری\n\n"
        "00:00:05 صدری: از کی عکس می‌گیرید؟\n00:00:09 نادری: از نوجوانی.\n\n"
        "(00:01:10) صدری: چرا کویر؟\n(00:01:14) نادری: چون ساکت است.\nو تاریک.\n",
        encoding="utf-8",
    )
    interview = parse_interview(import_file(source, "talk")[0], "talk.md")
    assert [s.question for s in interview.questions] == ["از کی عکس می‌گیرید؟", "چرا کویر؟"]
    assert interview.questions[1].paragraphs == ("چون ساکت است. و تاریک.",)
    assert (interview.interviewee, interview.meta["interviewer"]) == ("لیلا نادری", "کامران صدری")


def test_a_word_file_without_heading_styles_takes_its_first_line_as_the_title(tmp_path: Path) -> None:
    from docx import Document

    document = Document()
    document.add_paragraph().add_run("شب‌های کویر").bold = True
    document.add_paragraph("گفت‌وگو با لیلا نادری، عکاس")
    document.add_paragraph().add_run("از کی عکس می‌گیرید؟").bold = True
    document.add_paragraph("از نوجوانی.")
    path = tmp_path / "desert.docx"
    document.save(str(path))
    interview = parse_interview(import_file(path, "desert")[0], "desert.md")
    assert interview.title == "شب‌های کویر"
    assert [s.question for s in interview.questions] == ["از کی عکس می‌گیرید؟"]


def test_a_closing_thank_you_is_not_a_question(tmp_path: Path) -> None:
    source = tmp_path / "talk.txt"
    source.write_text(
        "مصاحبه‌کننده: کامران صدری\n\nخبرنگار: از کی عکس می‌گیرید؟\nنادری: از نوجوانی.\n\n"
        "خبرنگار: چرا کویر؟\nنادری: چون ساکت است.\n\nخبرنگار: ممنون که وقت گذاشتید.\nنادری: خواهش می‌کنم.\n",
        encoding="utf-8",
    )
    markdown, warnings = import_file(source, "talk")
    interview = parse_interview(markdown, "talk.md")
    assert [s.question for s in interview.questions] == ["از کی عکس می‌گیرید؟", "چرا کویر؟"]
    assert "خواهش" not in markdown and any("goodbye" in w for w in warnings)


def test_a_closing_thank_you_labelled_as_a_question_is_left_out_too(tmp_path: Path) -> None:
    source = tmp_path / "sj.txt"
    source.write_text(
        "س: از کی عکس می‌گیرید؟\nج: از نوجوانی، وقتی پدرم دوربینش را به من داد و گفت برو.\n\n"
        "س: چرا کویر؟\nج: چون ساکت است.\n\nس: از شما سپاسگزاریم.\nج: من هم.\n",
        encoding="utf-8",
    )
    interview = parse_interview(import_file(source, "sj")[0], "sj.md")
    assert [s.question for s in interview.questions] == ["از کی عکس می‌گیرید؟", "چرا کویر؟"]
