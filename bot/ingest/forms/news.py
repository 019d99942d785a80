"""A news agency's report of an interview, where some questions are asked in reported speech:
«رحیمی در پاسخ به این پرسش که آیا … ، گفت: …». Such a paragraph becomes the direct question
(«آیا …؟») and the answer after «گفت:»; the reporter's «وی افزود:», «او ادامه داد:» before an
answer's next paragraph go. Sub-headings between the answers are left to ``draft`` (a short line
with no full stop before a question). The result is marked text, read by ``forms.text``.
"""

from __future__ import annotations

import re

from bot.ingest.forms.text import asked_in, bare_questions

SAID = r"(?:گفت|اظهار\s+(?:کرد|داشت)|پاسخ\s+داد|توضیح\s+داد|افزود|تصریح\s+کرد|عنوان\s+کرد|بیان\s+کرد)"
# «<who> در پاسخ به (این) پرسش/سؤال (خبرنگار ما) که <question>، گفت: <answer>»
# «<who> در پاسخ به (این) پرسش (خبرنگار ما) که <question>، گفت: …», «… سؤالی مبنی بر اینکه …»,
# «وقتی از <who> پرسیدیم (که) <question>، گفت: …»
REPORTED = re.compile(
    r"^(?:(?P<who>[^.؟!:]{2,80}?)\s+در\s+پاسخ\s+به\s+(?:این\s+|یک\s+)?(?:پرسش|سؤال|سوال)\S*(?:\s+[^\s،]+){0,3}?"
    r"\s+(?:که|مبنی\s+بر\s+(?:این\s*که|اینکه|این\u200cکه))"
    r"|(?:وقتی\s+|هنگامی\s+که\s+)?از\s+(?P<asked>[^.؟!:،]{1,40}?)\s+(?:پرسیدیم|پرسیدم|سؤال\s+کردیم|پرسیده\s+شد)(?:\s+که)?)"
    rf"\s+(?P<question>[^:]{{4,400}}?)[،,]?\s+{SAID}\s*[:：]\s*(?P<answer>.+)$"
)
# «وی افزود: …», «رحیمی ادامه داد: …», «این زلزله‌شناس در ادامه گفت: …»
GOES_ON = re.compile(
    r"^(?P<who>وی|او|ایشان|(?:این|آن)\s+\S+|\S+)(?:\s+در\s+ادامه|\s+همچنین)?\s+"
    r"(?:افزود|ادامه\s+داد|گفت|اظهار\s+(?:کرد|داشت)|تصریح\s+کرد|توضیح\s+داد|یادآور\s+شد|تأکید\s+کرد)\s*[:：]\s*"
)


def has_reported_questions(raw: str) -> bool:
    return any(REPORTED.match(line.strip()) for line in raw.splitlines())


def direct(question: str) -> str:
    """A reported question as it was asked: its last comma and spaces aside, a «؟» at its end."""
    question = question.strip().rstrip("،,. ")
    if question.startswith("«") and question.endswith("»") and question.count("«") == 1:
        question = question[1:-1].strip().rstrip("،,. ")  # «… که «…؟»، گفت:»
    return question if question.endswith(("؟", "?")) else question + "؟"


def news_text(raw: str) -> tuple[str, list[str]]:
    """The report as marked text: reported questions made direct, the reporter's «وی افزود:»
    taken off the answers that follow; and warnings saying what was turned."""
    out: list[str] = []
    warnings: list[str] = []
    asked = False
    # Who the report quotes: the surname before «در پاسخ به …» («رحیمی»); «وی», «او» and «این
    # زلزله‌شناس» too. «پدرم گفت: …» in an answer is what was said, and stays.
    quoted = {
        (m.group("who") or m.group("asked")).split()[-1]
        for line in raw.splitlines()
        if (m := REPORTED.match(line.strip()))
    }
    lines = raw.replace("\r\n", "\n").split("\n")
    # The direct questions: marked («* …؟», «س: …»), else lines of their own ending in «؟».
    bare = (
        set() if any(asked_in(line.strip()) for line in lines) else bare_questions([x.strip() for x in lines])
    )
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if number - 1 in bare:
            out.append(f"س: {text}")
            asked = True
            continue
        if reported := REPORTED.match(text):
            question = direct(reported.group("question"))
            out.extend([f"س: {question}", "", reported.group("answer").strip()])
            warnings.append(f"news:{number}: the reported question «{question[:40]}» made direct: check it")
            asked = True
            continue
        goes_on = GOES_ON.match(text) if asked else None
        if goes_on and (
            goes_on.group("who") in quoted
            or " " in goes_on.group("who")
            or goes_on.group("who") in ("وی", "او", "ایشان")
        ):
            text = text[goes_on.end() :]
        out.append(text)
    return "\n".join(out), warnings
