"""What stands before an interview's first question: title, subtitle, byline, date, outlet, lead.

Every raw form (news-site text, Markdown, Word, HTML, PDF, transcript) gives the importer the
pieces that come before the first question, in order. ``read_header`` sorts them the way a
reader of a Persian news page does: site chrome (the site line, the breadcrumb, «کد خبر»),
a date line, the kicker that ends in «:» above the headline, the headline, «گفت‌وگو با <name>،
<role>», the byline, a summary line above «به گزارش …», and the lead. When no «گفت‌وگو با» line
names the interviewee, the lead does: the person who «می‌گوید».
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, fields

from bot.analysis.cache import load_lexicon
from bot.analysis.chars import fold
from bot.ingest.people import HONORIFICS, person_in, without_honorifics

# «گفت‌وگو با <name>، <role>», also «گفتگو با», «گفت و گو با:», «مصاحبه با …».
SUBTITLE = re.compile(r"^(?:گفت\u200c?\s?و\s?گو|گفتگو|مصاحبه)\s+با\s*:?\s*(.*)$")
# «گفت‌وگو: <interviewer>», «مصاحبه از <name>», «نوشتهٔ <name> — <date> — …», «خبرنگار: <name>».
BYLINE = re.compile(
    r"^(?:(?:گفت\u200c?\s?و\s?گو|گفتگو|مصاحبه)\s*(?:از|:)|نوشته[ٔه]?|نویسنده\s*:|خبرنگار\s*:"
    r"|مصاحبه\u200c?\s?(?:کننده|گر)\s*:)\s*(?P<name>[^—–|]+?)\s*(?:[—–|]\s*(?P<rest>.*))?$"
)
MONTHS = "فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند|بهار|تابستان|پاییز|زمستان"
DATE = re.compile(rf"(?:[۰-۹0-9]{{1,2}}\s+)?(?:{MONTHS})(?:\u200c?\s?ماه)?\s+[۰-۹0-9]{{4}}")
CLOCK = r"[۰-۹0-9]{1,2}[:：][۰-۹0-9]{2}"
# «سه‌شنبه ۳ مهر ۱۴۰۱ - ۱۸:۲۰»: a weekday before, a time after
DATE_LINE = re.compile(rf"^(?:[^\s\d۰-۹]+\s+)?(?P<date>{DATE.pattern})(?:\s*[-–—،,|]\s*{CLOCK})?$")
# A page's furniture, not the article: the site line «<outlet> | <tagline>», a breadcrumb, the
# news code, «بیشتر بخوانید», share and tag lines, an image, a horizontal rule.
CHROME = re.compile(
    r"^(?:کد\s*خبر|شناسه\s*خبر|بیشتر\s*بخوانید|بخوانید\s*:|اخبار\s*مرتبط|برچسب\u200c?\s?ها|اشتراک"
    r"|صفحه\s*اصلی|انتهای\s*پیام|/انتهای\s*پیام|!\[|\[تصویر|\[عکس)"
)
# What the person a lead quotes does: «<name> می‌گوید: …», «<name> معتقد است …».
WORD = r"(?:[^\W\d_]|\u200c)+"  # letters, ZWNJ inside a word; not «،» or digits
# Linear: the surname starts where a word starts (the lookbehind) and is taken whole (possessive),
# so a long run of letters is tried once, not from each of its letters (a 20,000-letter word took
# 28 s, growing with its square).
SAYS = re.compile(
    r"(?<![^\W\d_])(?<!\u200c)(?P<surname>(?:[^\W\d_]|\u200c)++)\s+"
    r"(?:می\u200c?\s?گوید|معتقد\s+است|می\u200c?\s?داند|گفت:)"
)
# A publication's name opens a line that names it: «ماهنامهٔ کوه و دشت — متن پیاده‌شده …».
OUTLET = re.compile(
    r"^(?P<outlet>(?:ماهنامه|هفته\u200c?\s?نامه|فصلنامه|دوهفته\u200c?\s?نامه|روزنامه|خبرگزاری|پایگاه\s+خبری"
    r"|مجله|نشریه|رادیو|تلویزیون|شبکه|ویدیوکست|ویدئوکست|پادکست|کانال|وبلاگ|سایت)[^—–|،:]*?)\s*(?:[—–|،:]|$)"
)
OUTLET_WORDS = OUTLET.pattern[len("^(?P<outlet>") : OUTLET.pattern.index(")[^")] + ")"
# An outlet a lead's sentence names: «گفت‌وگوی رادیو سلامت با دکتر …», «به گزارش خبرنگار علمی
# خبرگزاری نبض دانش، …», «… در گفت‌وگو با ماهنامهٔ کوه گفت».
OUTLET_IN_TEXT = re.compile(
    rf"(?:گفت\u200c?\s?و\s?گوی|به\s+گزارش(?:\s+خبرنگار(?:\s+[^\s،]+)?)?|گفت\u200c?\s?و\s?گو\s+با)\s+"
    rf"(?P<outlet>{OUTLET_WORDS}\S*(?:\s+(?!با\s|در\s|از\s)[^\s،.:]+){{0,3}}?)(?=\s+با\s|\s*[،:.]|\s+گفت)"
)
# Credits that are not the interviewer's: «عکس‌ها: …», «تصویر و تدوین: …», «پیاده‌سازی: …».
CREDIT = re.compile(
    r"^(?:عکس|عکس\u200c?\s?ها|عکاس|تصویر|تدوین|تصویربردار|فیلم\u200c?\s?بردار|طراحی|صفحه\u200c?\s?آرا"
    r"|ویراستار|ویرایش|پیاده\u200c?\s?سازی|تهیه\u200c?\s?کننده|صدابردار|زیرنویس)[^:：]{0,20}[:：]"
)
# A subtitle and its headline on one line: «گفت‌وگو با X، <role>: «…»» (or « | »).
TITLED_SUBTITLE = re.compile(r"^(?P<subtitle>.+?)\s*(?::|\||—)\s*(?P<title>«[^«»]+»)$")
NEWS_OPENING = re.compile(r"^به\s+گزارش\s")
LABELLED = re.compile(r"^(?P<label>[^:：]{2,30}?)\s*[:：]\s*(?P<value>.+)$")
DATE_LABELS = ("تاریخ انتشار", "تاریخ")


@dataclass
class Metadata:
    """What an interview file's front matter says of it, as read from the source."""

    title: str = ""
    subtitle: str = ""
    rubric: str = ""
    interviewer: str = ""
    interviewee: str = ""
    role: str = ""
    date: str = ""
    source: str = ""  # the outlet: «<site> | …», a masthead, og:site_name

    def fill(self, other: Metadata) -> None:
        """Take every field ``other`` has and this lacks."""
        for key in fields(Metadata):
            if not getattr(self, key.name):
                setattr(self, key.name, getattr(other, key.name))


@dataclass
class Header(Metadata):
    lead: list[str] = field(default_factory=list)
    dropped: list[tuple[int, str]] = field(default_factory=list)  # (line, text) left out as chrome


def subtitle_parts(text: str) -> tuple[str, str] | None:
    """(name, role) from «گفت‌وگو با <name>، <role>» (a comma with a space before it too)."""
    found = SUBTITLE.match(text)
    if found is None:
        return None
    who = found.group(1).strip()
    if " درباره" in who:  # «گفت‌وگو با دکتر … دربارهٔ تورم»: what it is about is not a role
        who = who[: who.index(" درباره")]
    name, _, role = who.partition("،")
    if not role:
        name, _, role = who.partition(" ،")
    return without_honorifics(name.strip(" ،")), role.strip(" ،")


def is_chrome(text: str) -> bool:
    if CHROME.match(text) or set(text) <= set("-–—_=*■ "):
        return True
    separators = text.count(" / ") + text.count(" » ") + text.count(" > ") + text.count(" › ")
    return separators >= 2 and len(text) < 120  # «صفحه اصلی / فرهنگ و هنر / تئاتر»


def _looks_like_name(text: str) -> bool:
    """A bare byline: two to four words, no punctuation, no digits («نیلوفر صادقی»)."""
    words = text.split()
    return 2 <= len(words) <= 4 and re.fullmatch(r"[\u0600-\u06ff\u200c ]+", text) is not None


def _above_title(header: Header, number: int, text: str) -> None:
    """A piece above a marked title (<h1>, Heading 1, a PDF's big type): the subtitle, a
    masthead (outlet, date), a rubric of a few words, else a kicker left out."""
    if (parts := subtitle_parts(text)) is not None:
        header.subtitle = header.subtitle or text
        header.interviewee, header.role = header.interviewee or parts[0], header.role or parts[1]
        return
    if (outlet := OUTLET.match(text)) and not header.source:
        header.source = outlet.group("outlet").strip()
    if (date := DATE.search(text)) and not header.date:
        header.date = date.group()
    if len(text.split()) <= 3 and not is_chrome(text) and not header.rubric and not DATE.search(text):
        header.rubric = text
        return
    header.dropped.append((number, text))


def read_header(pieces: list[tuple[int, str]], header: Header | None = None, above: int = 0) -> Header:
    """Sort the pieces before the first question (each ``(line, text)``, a line or a paragraph)
    into a header. Fields already set (a Word heading, an HTML <h1>) are kept; the first
    ``above`` pieces stood above that marked title."""
    header = header or Header()
    lead: list[tuple[int, str]] = []
    after_subtitle = False
    for index, (number, raw) in enumerate(pieces):
        text = raw.strip()
        if not text:
            continue
        if index < above:
            _above_title(header, number, text)
            continue
        labelled = LABELLED.match(text)
        if is_chrome(text):
            header.dropped.append((number, text))
            after_subtitle = False
            continue
        if " | " in text and not header.title and not lead and len(text) < 100:  # «<outlet> | <tagline>»
            header.source = header.source or text.split(" | ")[0].strip()
            if (date := DATE.search(text)) and not header.date:  # «<outlet> | شمارهٔ ۸۷ | اردیبهشت ۱۴۰۳»
                header.date = date.group()
            header.dropped.append((number, text))
            continue
        if (outlet := OUTLET.match(text)) and not lead and len(text) < 100:
            header.source = header.source or outlet.group("outlet").strip()
            if (date := DATE.search(text)) and not header.date:
                header.date = date.group()
            header.dropped.append((number, text))
            continue
        if CREDIT.match(text) and len(text) < 120:
            header.dropped.append((number, text))
            continue
        if (split := TITLED_SUBTITLE.match(text)) and subtitle_parts(split.group("subtitle")):
            header.title = header.title or split.group("title")  # «گفت‌وگو با X، …: «headline»»
            text = split.group("subtitle")
        if (dated := DATE_LINE.match(text)) and not lead:
            header.date = header.date or dated.group("date")
            continue
        dated_label = labelled and labelled.group("label").startswith(DATE_LABELS)
        if labelled and dated_label and (date := DATE.search(labelled.group("value"))):
            if "انتشار" in labelled.group("label") or not header.date:  # published, not recorded
                header.date = date.group()
            continue
        if (
            labelled
            and not lead
            and len(text) < 80
            and len(labelled.group("label").split()) <= 3
            and subtitle_parts(text) is None
            and not BYLINE.match(text)
        ):
            header.dropped.append((number, text))  # «مکان: تبریز», «مدت فایل صوتی: …»
            continue
        if (parts := subtitle_parts(text)) is not None and len(text) < 200:
            header.subtitle = header.subtitle or text
            if not header.interviewee:
                header.interviewee, header.role = parts
            after_subtitle = True
            continue
        if (byline := BYLINE.match(text)) and not header.interviewer and len(text) < 200:
            header.interviewer = byline.group("name").strip()
            rest = byline.group("rest") or ""
            if (date := DATE.search(rest)) and not header.date:
                header.date = date.group()
            if category := re.search(r"دسته\s*:\s*\[?([^\]\(]+)", rest):
                header.rubric = header.rubric or category.group(1).strip()
            continue
        if after_subtitle and not header.interviewer and _looks_like_name(text):
            header.interviewer = text
            after_subtitle = False
            continue
        after_subtitle = False
        if not header.title and not header.subtitle and not lead:  # a headline stands above the subtitle
            if text.endswith((":", "：")) and len(text) < 120:  # the kicker above a headline
                header.dropped.append((number, text))
                continue
            if len(text.split()) <= 25:
                header.title = text
                continue
        lead.append((number, text))
    opening = next((i for i, (_, text) in enumerate(lead) if NEWS_OPENING.match(text)), 0)
    header.dropped.extend(lead[:opening])  # a summary line above «به گزارش …»
    header.lead.extend(text for _, text in lead[opening:])
    if not header.title:
        header.title = header.subtitle  # «گفت‌وگو با یک معمار» alone is the title too
    if not header.source and (outlet := OUTLET_IN_TEXT.search(" ".join([header.title, *header.lead]))):
        header.source = outlet.group("outlet")
    if not header.interviewee:
        named = (
            [text for _, text in lead] + [header.title] + [t for _, t in header.dropped if t.endswith(":")]
        )
        header.interviewee, role = person_in(named, (header.source, header.interviewer))
        header.role = header.role or role
        if not header.interviewee:
            header.interviewee = speaker_in([text for _, text in lead] + [header.title])
    return header


def speaker_in(texts: list[str]) -> str:
    """The person a lead quotes: the surname before «می‌گوید» (or «معتقد است»), with the first
    name the lead gives it elsewhere («… به کارگردانی رویا کاظم‌زاده …»). Empty when none."""
    text = " ".join(texts)
    said = Counter(m.group("surname") for m in SAYS.finditer(text))
    if not said:
        return ""
    surname = said.most_common(1)[0][0]
    firsts: Counter[str] = Counter()
    words = re.findall(rf"{WORD}|[^\w\s\u200c]+", text)
    for i, word in enumerate(words):
        if word != surname or i == 0:
            continue
        before = words[i - 1]
        if before in HONORIFICS or not re.fullmatch(WORD, before):
            continue
        if _function_word(before):
            continue
        firsts[before] += 1
    if not firsts:
        return surname
    return f"{firsts.most_common(1)[0][0]} {surname}"


# Words that stand before a surname without being a first name.
BEFORE_NAMES = frozenset({"با", "به", "از", "در", "که", "و", "را", "این", "آن", "برای", "تا", "اما", "ولی"})


def _function_word(word: str) -> bool:
    """A word that cannot be a first name: a little word («با کاظم‌زاده») or a role ending in
    «ی» («به کارگردانیِ …», «به سرپرستیِ …»)."""
    if word in BEFORE_NAMES:
        return True
    key = fold(word)
    return key.endswith("ی") and load_lexicon().frequency.get(key[:-1], 0) > 0
