"""An interview that came back by email: headers, a greeting to the editor, the answers under
numbered questions («سؤال ۱) …» / «پاسخ: …»), a «پی‌نوشت», a signature and the editor's message
quoted below.

The headers give the title (the subject, without «Re:» and a prefix before «:») and the date;
the signature gives the interviewee (its first line, a name) and the quoted message's signature
the interviewer. Left out: the greeting and the letter's own paragraphs before the questions
(what is kept is the paragraph that speaks of the interviewee, the lead), quoted lines («> …»),
everything from «پی‌نوشت» or the signature («--», «با سپاس») on. The result is marked text,
read by ``forms.text``.
"""

from __future__ import annotations

import re

from bot.ingest.forms.text import asked_in
from bot.ingest.header import OUTLET
from bot.ingest.people import without_honorifics

HEADER = re.compile(r"^(?P<name>From|To|Cc|Subject|Date|Sent|از|به|موضوع|تاریخ)\s*:\s*(?P<value>.*)$", re.I)
REPLY_PREFIX = re.compile(r"^(?:(?:Re|Fwd?|پاسخ|ارجاع)\s*:\s*)+", re.I)
GREETING = re.compile(r"^(?:سلام|درود|با\s+سلام|وقت\s+بخیر|خدمت\s+|Dear\s|Hi\s|Hello)")
CLOSING = re.compile(
    r"^(?:با\s+سپاس|با\s+احترام|با\s+تشکر|ارادتمند|قربان\s+شما|سپاس\S*|ممنون\S*\s*$|Best|Regards|Thanks)"
)
POSTSCRIPT = re.compile(r"^(?:پی\u200c?\s?نوشت|پ\.?\s?ن|P\.?\s?S)\s*[:：.]", re.I)
QUOTE_INTRO = re.compile(r"(?:نوشت|wrote)\s*:\s*$", re.I)
RULE = re.compile(r"^[-–—_=*]{3,}$")


PERSIAN_MONTHS = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)  # fmt: skip


def jalali(year: int, month: int, day: int) -> tuple[int, int, int]:
    """A Gregorian date in the Persian calendar (the arithmetic of the 33-year cycle)."""
    before = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)
    leap_year = year + 1 if month > 2 else year
    days = (
        355666 + 365 * year + (leap_year + 3) // 4 - (leap_year + 99) // 100 + (leap_year + 399) // 400
        + day + before[month - 1]
    )  # fmt: skip
    jy = -1595 + 33 * (days // 12053)
    days %= 12053
    jy += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        jy += (days - 1) // 365
        days = (days - 1) % 365
    if days < 186:
        return jy, 1 + days // 31, 1 + days % 31
    return jy, 7 + (days - 186) // 30, 1 + (days - 186) % 30


def persian_date(header: str) -> str:
    """A mail's «Date:» header as the format writes dates («۱۸ مهر ۱۴۰۳»); as it is when it
    does not parse."""
    from email.utils import parsedate_to_datetime

    try:
        sent = parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return header
    year, month, day = jalali(sent.year, sent.month, sent.day)
    digits = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    return f"{day} {PERSIAN_MONTHS[month - 1]} {year}".translate(digits)


def looks_like_email(raw: str) -> bool:
    """Two or more mail headers (From, To, Subject, Date) in the first lines."""
    names = {m.group("name").lower() for line in raw.splitlines()[:12] if (m := HEADER.match(line.strip()))}
    return len(names & {"from", "to", "subject", "date", "از", "به", "موضوع"}) >= 2


def _signature_name(lines: list[str]) -> str:
    """The first line of a signature that is a name: two to four words, no digits or «:»."""
    for line in lines:
        text = line.strip("> ").strip()
        if not text or RULE.match(text) or CLOSING.match(text) or text == "--":
            continue
        if 2 <= len(text.split()) <= 5 and not re.search(r"[\d۰-۹:@،]", text):
            return without_honorifics(text)
        return ""
    return ""


def _outlet(signature: list[str]) -> str:
    """The publication a signature names («…، هفته‌نامهٔ نیمکت»), or empty."""
    for line in signature[:6]:
        for part in re.split(r"[،,|—–]", line):
            if found := OUTLET.match(part.strip()):
                return found.group("outlet").strip()
    return ""


def _answered_inline(lines: list[str]) -> tuple[list[str], int]:
    """The lines without the quoted ones among them: a quoted question the answers follow (a reply
    written under each of the editor's questions) becomes the question; a quoted line that repeats
    the question above it, or quotes anything else, goes. Also how many went."""
    out: list[str] = []
    dropped = 0
    asked = ""  # the last question the unquoted text holds
    for line in lines:
        text = line.strip()
        if not text.startswith(">"):
            out.append(line)
            if found := asked_in(text):
                asked = found
            elif text:
                asked = ""
            continue
        quote = text.lstrip("> ").strip()
        question = asked_in(quote) or (
            re.sub(r"^[0-9۰-۹]{1,2}[.)-]\s*", "", quote) if quote.endswith("؟") else ""
        )
        if question and question != asked:
            out.append(f"س: {question}")
        elif quote:
            dropped += 1
    return out, dropped


def email_text(raw: str) -> tuple[str, dict[str, str], list[str]]:
    """The email as marked text, what its headers and signatures say (title, date, interviewee,
    interviewer), and warnings for what was left out."""
    lines = [line.rstrip() for line in raw.replace("\r\n", "\n").split("\n")]
    meta: dict[str, str] = {}
    warnings: list[str] = []
    start = 0
    sent_by = ""
    for i, line in enumerate(lines):
        header = HEADER.match(line.strip())
        if header is None:
            if line.strip():
                break
            continue
        start = i + 1
        name, value = header.group("name").lower(), header.group("value").strip()
        if name in ("subject", "موضوع"):
            subject = REPLY_PREFIX.sub("", value).strip()
            meta["title"] = subject.rsplit(":", 1)[-1].strip() if ":" in subject else subject
        elif name in ("from", "از"):
            sent_by = value
        elif name in ("date", "تاریخ"):
            meta["date"] = persian_date(value)
    body = lines[start:]
    # The quoted message: from «… نوشت:» or the first «>» line on; its signature names the interviewer.
    intro = next((i for i, line in enumerate(body) if QUOTE_INTRO.search(line)), None)
    trailing = len(body)  # the quoted block at the end: every line from it on is «>» or blank
    while trailing > 0 and (not body[trailing - 1].strip() or body[trailing - 1].lstrip().startswith(">")):
        trailing -= 1
    quoted = intro if intro is not None and intro >= trailing - 1 else trailing
    if intro is not None and intro < quoted:  # «… نوشت:» above questions answered one by one
        body = body[:intro] + body[intro + 1 :]
        quoted -= 1
    quote = [line.lstrip("> ").strip() for line in body[quoted:] if line.lstrip().startswith(">")]
    closing = next((i for i in range(len(quote) - 1, -1, -1) if CLOSING.match(quote[i])), None)
    if closing is not None and (name := _signature_name(quote[closing + 1 :])):
        meta["interviewer"] = name
        if outlet := _outlet(quote[closing + 1 :]):  # «دبیر سرویس خانواده، هفته‌نامهٔ نیمکت»
            meta["source"] = outlet
    if quoted < len(body):
        warnings.append(f"email: the quoted message ({len(body) - quoted} lines) left out")
    body, inline = _answered_inline(body[:quoted])
    if inline:
        warnings.append(f"email: {inline} quoted line(s) among the answers left out")
    # The signature: from «--» or a closing formula on; its first name line is the interviewee's.
    end = next(
        (i for i, line in enumerate(body) if line.strip() in ("--", "-- ") or CLOSING.match(line.strip())),
        len(body),
    )
    if name := _signature_name(body[end:]):
        meta["interviewee"] = name
    elif (sender := re.match(r"^\s*(?P<name>[^<@]+?)\s*<", sent_by)) and re.search(
        r"[\u0600-\u06ff]", sender["name"]
    ):
        meta["interviewee"] = without_honorifics(sender["name"].strip(' "'))  # «From: نام <…>»
    body = body[:end]
    postscript = next((i for i, line in enumerate(body) if POSTSCRIPT.match(line.strip())), len(body))
    if postscript < len(body):
        warnings.append(f"email: the postscript «{body[postscript].strip()[:40]}» left out")
    body = body[:postscript]
    # Before the first question: the letter's paragraphs, and the lead among them.
    first = next((i for i, line in enumerate(body) if asked_in(line.strip())), len(body))
    paragraphs: list[list[str]] = [[]]
    for line in body[:first]:
        if not line.strip() or RULE.match(line.strip()):
            paragraphs.append([])
        else:
            paragraphs[-1].append(line.strip())
    paragraphs = [p for p in paragraphs if p]
    surname = meta.get("interviewee", "").split()[-1:] or [""]
    naming = [i for i, p in enumerate(paragraphs) if surname[0] and surname[0] in " ".join(p)]
    lead_from = naming[0] if naming else len(paragraphs) - 1
    for paragraph in paragraphs[:lead_from]:
        warnings.append(f"email: the letter's «{paragraph[0][:40]}» is not the interview: left out")
    lead = [" ".join(p) for p in paragraphs[lead_from:] if not GREETING.match(p[0])]
    title = [f"# {meta['title']}", ""] if meta.get("title") else []
    out = [*title, *(f"{line}\n" for line in lead), *body[first:]]
    return "\n".join(out), meta, warnings
