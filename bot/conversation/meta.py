"""Questions about the interview itself — who was interviewed, who asked, what it is about, where
and when it appeared, how many questions, whether the text is complete — answered from its front
matter and lead, not searched for in its answers.

Read from the question's words: an interview word («مصاحبه», «گفت‌وگو») with «با کی» is asking
for the interviewee, «کی … انجام داده» without «با», or «کی باهاش گفت‌وگو کرده», for the
interviewer. What it is about, and where it appeared, are asked in words that also ask about the
answers («موضوع اجلاس چه بود»), so those count only when the question names nothing else: every
key of it is one of the words below. Interviews also reach readers as broadcasts, videos and
channel posts: their words («مجری», «مهمان», «پخش», «کانال») count for who and where, not for
what it is about («درباره برنامه‌هات بگو» asks the answers).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass


class Field(enum.Enum):
    INTERVIEWEE = "interviewee"
    INTERVIEWER = "interviewer"
    TITLE = "title"
    ABOUT = "about"
    PUBLISHED = "published"
    COUNT = "count"
    COMPLETE = "complete"


_INTERVIEW = r"(مصاحبه|گفتوگو|گفتگو|interview|mosahebe|goftogoo?)"
_WHO = r"(کی|کیه|کیست|کیا|چه کسی|چه کسانی|who)"
_PATTERNS: tuple[tuple[Field, re.Pattern[str]], ...] = tuple(
    (field, re.compile(pattern))
    for field, pattern in (
        (Field.INTERVIEWER, r"(مصاحبه ?(کننده|گر)|خبرنگار|interviewer|who interviewed)"),
        (
            Field.INTERVIEWEE,
            rf"((با|with) ?{_WHO}|با (کدام|کدوم)|باهاش|باهاشون|باهاشان|مصاحبه ?شونده|طرف {_INTERVIEW}"
            r"|interviewee|who was interviewed|who is interviewed)",
        ),
        (Field.COUNT, r"چند ?(تا)? ?(سوال|پرسش)|how many questions"),
        (Field.COMPLETE, r"(کامل|ناقص|ناتمام|سانسور|complete)"),
        (Field.TITLE, r"(عنوان|تیتر|\btitle\b)"),
        (Field.PUBLISHED, r"(منتشر|چاپ|منبع|نشریه|مجله|روزنامه|سایت|پخش|published|source|aired)"),
        (Field.ABOUT, r"(درباره|در مورد|راجع به|راجب|موضوع|خلاصه|about)"),
    )
)
# «کی باهاش گفت‌وگو کرده؟»: who talked with them is the interviewer; «با کی» is the interviewee.
_WHO_WITH_THEM = re.compile(rf"(^| ){_WHO} (باهاش|باهاشون|باهاشان|با او|با ایشان|باهاش رو)( |$)")
# «کیه که باهاش حرف زدن؟»: talking with someone names the interview as well as its words do.
_TALKED_WITH = re.compile(r"(باهاش|باهاشون|باهاشان) ?(حرف|صحبت|گفتوگو|گفتگو|مصاحبه)")
# A broadcast's host and guest.
_HOST = re.compile(r"(مجری|میزبان|\bhost\b)")
_GUEST = re.compile(r"(مهمان|میهمان|\bguest\b)")
# «این گفت‌وگو درباره کدوم استودیوئه؟»: the interview itself, as the subject, is about something.
_IS_ABOUT = re.compile(
    r"^(این )?(مصاحبه|گفتوگو|گفتگو|برنامه|ویدیو|ویدئو|پادکست|مطلب|interview)( \S+)?"
    r" (درباره|در مورد|راجع به|راجب|about)( |$)"
)
_ASKS_WHO = re.compile(rf"(^| ){_WHO}( |$)")
_DID = re.compile(r"(انجام|گرفت|کرد|داد|interviewed)")
# Words a question about the interview as a whole may use besides its question words: a question
# with any other key («موضوع اجلاس») asks about the answers.
META_WORDS = (
    "مصاحبه گفتوگو گفتگو متن موضوع درباره خلاصه حرف زدن صحبت کردن بحث گفتن عنوان تیتر اسم نام "
    "منتشر چاپ منبع نشریه مجله روزنامه سایت خبرگزاری تاریخ زمان سال سوال پرسش کامل ناقص ناتمام "
    "سانسور انجام گرفتن دادن داشتن خبرنگار مصاحبهکننده مصاحبهگر اصلی "
    "what is this the it was who where when how many questions published about interview"
)
# Words of a broadcast, a video or a post, for who hosted, who was the guest and where it appeared.
MEDIA_WORDS = (
    "برنامه رادیو تلویزیون شبکه کانال پخش قسمت اپیزود پادکست ویدیو ویدئو کلیپ مطلب پست "
    "مهمان میهمان مجری میزبان گوینده show episode video podcast channel host guest aired"
)


@dataclass(frozen=True)
class MetaKeys:
    """The analyzer's keys of ``META_WORDS`` (``plain``), and of those with ``MEDIA_WORDS``."""

    plain: frozenset[str]
    media: frozenset[str]


# Fields asked for with the interview named, whatever other words describe the person.
_ANY_WORDS = frozenset({Field.INTERVIEWEE, Field.INTERVIEWER})


def _joined(words: list[str]) -> str:
    """The words, with the compounds that ZWNJ splits put back: «گفت‌وگو» → «گفتوگو»."""
    joined = " ".join(words)
    for apart, together in (("گفت و گو", "گفتوگو"), ("گفت وگو", "گفتوگو"), ("گفت گو", "گفتگو")):
        joined = joined.replace(apart, together)
    return joined


def asks_about_interview(
    plain: list[str], keys: Callable[[], list[str]], meta_keys: MetaKeys
) -> Field | None:
    """The field of the interview a question asks for, or None for a question about its answers.

    ``plain`` are the question's folded words (``Analyzer.plain_words``); ``keys`` gives its
    search keys, asked for only when a word of this module is there."""
    words = _joined(plain)
    names_interview = re.search(_INTERVIEW, words) is not None or _TALKED_WITH.search(words) is not None
    fields = [field for field, pattern in _PATTERNS if pattern.search(words)]
    host, guest = _HOST.search(words) is not None, _GUEST.search(words) is not None
    if not fields and not names_interview and not host and not guest:
        return None  # most questions: no word of this module, and no analysis spent on them
    asked = set(keys())
    only_meta = asked <= meta_keys.plain
    only_media = asked <= meta_keys.media
    asks_who = _ASKS_WHO.search(words) is not None
    if names_interview and _WHO_WITH_THEM.search(words):
        return Field.INTERVIEWER
    if (host or guest) and asks_who and only_media:
        return Field.INTERVIEWER if host else Field.INTERVIEWEE
    if Field.ABOUT in fields and (_IS_ABOUT.search(words) or (only_meta and Field.INTERVIEWEE in fields)):
        return Field.ABOUT  # «این گفت‌وگو با کیه و درباره چیه؟»: the about reply names the interviewee too
    for field in fields:
        if field in _ANY_WORDS and (names_interview or field is Field.INTERVIEWER):
            return field
        if field is Field.PUBLISHED and only_media:
            return field
        if (
            field not in _ANY_WORDS
            and only_meta
            and (names_interview or field in (Field.ABOUT, Field.PUBLISHED))
        ):
            return field
    # «کی مصاحبه کرده؟», «گفت‌وگو رو کی انجام داده؟»: who did it, not with whom.
    if names_interview and asks_who and _DID.search(words) and only_meta:
        return Field.INTERVIEWER
    return None


def meta_keys(analyze: Callable[[str], list[str]]) -> MetaKeys:
    plain = frozenset(analyze(META_WORDS))
    return MetaKeys(plain, plain | frozenset(analyze(MEDIA_WORDS)))
