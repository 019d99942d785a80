"""Subtitle files (SubRip ``.srt``, WebVTT ``.vtt``) of a video interview.

Cue numbers, time lines, «WEBVTT» and styling tags go; a cue's lines are one run of text, and
cues are joined into sentences. A cue that opens with a dash («- …») or a question label
(«سؤال: …») starts a question, which runs to its «؟»; the cues after it are the answer. Cues
that are only a sound («[موسیقی]») are left out. Before the first question: the title card (the
first cue's lines, each a line of its own) and the lead. After the last answer: the closing
credits (a cue of «label: name» lines, an outlet and a date) are read for the interviewer, the
source and the date, not kept in the answer. The result is marked text, read by ``forms.text``.
"""

from __future__ import annotations

import re

from bot.ingest.blocks import QUESTION_MARK
from bot.ingest.header import BYLINE, CREDIT, DATE, LABELLED, OUTLET

TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}[,.]\d{1,3}"
CUE_TIME = re.compile(rf"^{TIME}\s*-->\s*{TIME}.*$")
TAG = re.compile(r"</?[a-zA-Z][^>]*>|\{\\[^}]*\}")  # <i>, <c.yellow>, {\an8}
SOUND = re.compile(r"^\s*[\[(][^\])]{1,30}[\])]\s*$")  # «[موسیقی]», «(خنده)»
DASH = re.compile(r"^[-–—]\s*")
# A cue the interviewer speaks: «خبرنگار: …», «مجری: …».
ASKER = re.compile(r"^(?:خبرنگار|مجری|میزبان|گزارشگر|مصاحبه\u200c?\s?(?:کننده|گر))\s*[:：]\s*(.+)$")
SPEAKER = re.compile(r"^([^:：]{1,30}?)\s*[:：]\s*")
VOICE = re.compile(r"^<v(?:\.[^\s>]*)?\s+([^>]+)>")  # WebVTT's «<v مجری>…»: who speaks


def looks_like_subtitles(raw: str) -> bool:
    """Two or more «00:00:01,000 --> 00:00:04,000» lines."""
    return sum(1 for line in raw.splitlines()[:400] if CUE_TIME.match(line.strip())) >= 2


def cues(raw: str) -> list[list[str]]:
    """Each cue's text lines, in order (numbers, times, WEBVTT headers and NOTE blocks aside)."""
    out: list[list[str]] = []
    current: list[str] | None = None
    for line in raw.replace("\r\n", "\n").lstrip("\ufeff").split("\n"):
        if voice := VOICE.match(line.strip()):  # the speaker's name as a label, as in a transcript
            line = f"{voice.group(1).strip()}: {line.strip()[voice.end() :]}"
        text = TAG.sub("", line).strip()
        if CUE_TIME.match(text):
            current = []
            out.append(current)
        elif not text:
            current = None
        elif current is not None:
            current.append(text)
    return [cue for cue in out if cue]


def _credits(lines: list[str]) -> bool:
    """A closing credits cue: every line a «label: name» pair, an outlet or a date, none a
    finished sentence."""
    for line in lines:
        if line.endswith((".", "؟", "?", "!")):
            return False
        parts = [p.strip() for p in re.split(r"\s[|—–]\s", line)]
        if not all(
            BYLINE.match(p) or CREDIT.match(p) or LABELLED.match(p) or OUTLET.match(p) or DATE.search(p)
            for p in parts
            if p
        ):
            return False
    return True


def subtitles_text(raw: str) -> tuple[str, list[str]]:
    """The subtitles as marked text, and warnings for what was left out."""
    warnings: list[str] = []
    found = cues(raw)
    header: list[str] = []
    credits: list[str] = []
    while found and _credits(found[-1]):
        credits[:0] = found.pop()
    if credits:
        warnings.append(
            f"subtitles: the closing credits «{credits[0][:40]}» read for the metadata, not the answer"
        )
    voices = {v.group(1).strip() for line in raw.splitlines() if (v := VOICE.match(line.strip()))}
    body: list[str] = []  # runs of text; a question starts a new one
    question = False
    for index, cue in enumerate(found):
        text = " ".join(cue)
        if SOUND.match(text):
            warnings.append(f"subtitles: cue «{text}» is a sound, not speech: left out")
            continue
        if index == 0 and not text.endswith((".", "؟", "?", "!")):
            header.extend(cue)  # the title card
            continue
        dashed = [i for i, line in enumerate(cue) if DASH.match(line)]
        if len(dashed) >= 2 and dashed[0] == 0:  # a dialogue cue: «- question؟» then «- answer»
            asked = " ".join(cue[: dashed[1]])
            body.extend(["", f"س: {DASH.sub('', asked)}", "", " ".join(cue[dashed[1] :]).lstrip("-–— ")])
            question = False
            continue
        labelled = QUESTION_MARK.match(text) or ASKER.match(text)
        if labelled is None and (speaker := SPEAKER.match(text)) and speaker.group(1) in voices:
            text = text[speaker.end() :]  # an answer's speaker label goes
        if DASH.match(text) or labelled:
            asked = labelled.group(1) if labelled else DASH.sub("", text)
            body.extend(["", f"س: {asked}"])
            question = not asked.rstrip().endswith(("؟", "?"))
            if not question:
                body.append("")
            continue
        if question:  # the question goes on to its «؟»
            body[-1] += " " + text
            question = not text.rstrip().endswith(("؟", "?"))
            if not question:
                body.append("")
            continue
        if body and body[-1]:
            body[-1] += " " + text
        else:
            body.append(text)
    lines = [*header, *[c for line in credits for c in re.split(r"\s\|\s", line)], "", *body]
    return "\n".join(lines), warnings
