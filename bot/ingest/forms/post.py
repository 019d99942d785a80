"""Social-media posts: a Telegram channel post as Telegram Desktop copies it, an Instagram caption
with its comments.

Emojis mark the parts: the emoji that opens most lines ending in «؟» («🔹», «❓») marks every
question, whatever it is; other emojis at a line's start («✅», «🗣», «✍️») are markers too and
go, and so do emojis inside the text. Left out: «Forwarded from …» (the channel is the source),
hashtag lines, «🆔 @channel» signatures, «.» spacer lines, «ادامه در کامنت‌ها 👇», a part's
header («بخش دوم …»), photo credits, the time and likes under a comment and readers' comments.
The account's own comments under the post («ادامه …») are the rest of the interview. What is
left is marked text, read by ``forms.text``.
"""

from __future__ import annotations

import re
from collections import Counter

# Pictographs, dingbats, arrows, variation selectors, joiners and keycaps: what emojis are made of.
EMOJI = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2190-\u21ff\u2300-\u23ff\ufe0f\u200d\u20e3"
    "\u203c\u2049\u25aa\u25ab\u25b6\u25c0\u25fb-\u25fe"
    "\U000e0020-\U000e007f\u3030\u303d\u3297\u3299]+"
)
KEYCAP = r"[0-9#*]\ufe0f?\u20e3"  # «1️⃣»: a numbered marker, the same marker whatever its number
LEADING_EMOJI = re.compile(f"^(?:(?:{KEYCAP}|{EMOJI.pattern})\\s*)+")
FORWARDED = re.compile(r"^Forwarded from\s+(?P<channel>.+)$", re.IGNORECASE)
HANDLE = r"[A-Za-z0-9._]{3,30}"
INSTAGRAM_TOP = re.compile(rf"^(?P<handle>{HANDLE})\s*[•·]\s*\S+")  # «handle • دنبال کردن»
HASHTAG_LINE = re.compile(r"^(?:#\S+\s*)+$")
SIGNATURE = re.compile(r"^(?:@\w+|(?:https?://)?t\.me/\S+)$")
CONTINUED = re.compile(r"ادامه\s+(?:در|تو|توی)\s+(?:کامنت|نظرات|بخش\s+نظرات)|ادامه\s+دارد")
PART = re.compile(r"(?:بخش|قسمت)\s+(?:اول|دوم|سوم|چهارم|پنجم|بعدی|[۰-۹0-9]+)")
AGO = re.compile(r"^[۰-۹0-9]+\s*(?:ثانیه|دقیقه|ساعت|روز|هفته|ماه|سال)(?:\s|$)")
BYLINE_START = re.compile(r"^(?:گفت\u200c?\s?و\s?گو|مصاحبه)\s*:")
SEE_REPLIES = re.compile(r"^[—–-]*\s*(?:مشاهده|دیدن)\S*\s+(?:پاسخ|همه)")


def post_kind(raw: str) -> str:
    """«Instagram post» for a caption under an account's header, else «Telegram post»."""
    first = raw.lstrip().split("\n", 1)[0].strip()
    return "Instagram post" if INSTAGRAM_TOP.match(first) else "Telegram post"


def looks_like_post(raw: str) -> bool:
    """Several lines open with an emoji, or the text is forwarded or has an Instagram account's
    header."""
    lines = [line.strip() for line in raw.splitlines() if line.strip()]
    if not lines:
        return False
    if FORWARDED.match(lines[0]) or INSTAGRAM_TOP.match(lines[0]):
        return True
    opening = sum(1 for line in lines if LEADING_EMOJI.match(line))
    return opening >= 3 and question_marker(lines) is not None


def question_marker(lines: list[str]) -> str | None:
    """The emoji that opens most lines ending in «؟», if it opens two or more."""
    markers = Counter(
        re.sub(KEYCAP, "#\u20e3", m.group().strip())
        for line in lines
        if (m := LEADING_EMOJI.match(line)) and line.rstrip().endswith(("؟", "?"))
    )
    if not markers:
        return None
    marker, count = markers.most_common(1)[0]
    return marker if count >= 2 else None


def post_text(raw: str) -> tuple[str, str, list[str]]:
    """The post as marked text («س: …» before each question), the channel it was forwarded
    from (empty when none), and warnings for what was left out."""
    lines = [line.strip() for line in raw.replace("\r\n", "\n").split("\n")]
    warnings: list[str] = []
    marker = question_marker([line for line in lines if line])
    source = ""
    handle = ""
    if lines and (top := INSTAGRAM_TOP.match(lines[0])):
        handle = top.group("handle")
        start = next((i for i, line in enumerate(lines) if i and line.startswith(handle + " ")), 0)
        lines = lines[start:]  # the account line and the location above the caption
        source = f"@{handle}"
    out: list[str] = []
    bylines: list[str] = []
    in_comment = False
    for number, line in enumerate(lines, start=1):
        if handle and line.startswith(handle + " "):
            line, in_comment = line[len(handle) :].strip(), False  # the caption, or the account's comment
        elif handle and re.match(rf"^{HANDLE}\s", line) and not re.match(r"^[A-Za-z0-9]+\s+[A-Za-z]", line):
            in_comment = True  # a reader's comment
        if in_comment:
            if not line:
                in_comment = False
            continue
        if forwarded := FORWARDED.match(line):
            source = source or forwarded.group("channel").split("|")[0].strip()
            continue
        bare = " ".join(EMOJI.sub(" ", re.sub(f"^{KEYCAP}", "", line)).split())
        if not bare.strip(" .・·•"):  # «.», «👇👇👇»: a spacer
            out.append("")
            continue
        if HASHTAG_LINE.match(bare) or SIGNATURE.match(bare) or AGO.match(bare) or SEE_REPLIES.match(bare):
            continue
        if CONTINUED.search(bare) and len(bare.split()) <= 8:
            continue
        opening = LEADING_EMOJI.match(line)
        asked = (
            marker is not None
            and opening is not None
            and re.sub(KEYCAP, "#\u20e3", opening.group().strip()) == marker
        )
        if PART.search(bare) and len(bare.split()) <= 12 and not asked and not bare.endswith(("؟", ".")):
            warnings.append(f"post:{number}: «{bare[:40]}» heads a part of the post: left out")
            continue
        if PART.search(bare) and bare.endswith(".") and len(bare.split()) <= 10 and "بخوانید" in bare:
            warnings.append(f"post:{number}: «{bare[:40]}» points to the next part: left out")
            continue
        if out and any(out) and BYLINE_START.match(bare) and len(bare.split()) <= 6:
            bylines.append(bare)  # «🎤 گفت‌وگو: …» under the answers: the byline
            continue
        out.append(f"س: {bare}" if asked else bare)
    first = next((i for i, line in enumerate(out) if line.startswith("س: ")), len(out))
    out[first:first] = [*bylines, ""] if bylines else []
    return "\n".join(out), source, warnings
