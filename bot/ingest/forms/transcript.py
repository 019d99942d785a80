"""Speaker-turn transcripts: «خبرنگار: …» asks, «<name>: …» answers."""

from __future__ import annotations

import re
from collections import Counter

from bot.ingest.draft import Draft, drop_closing_remark, is_rule
from bot.ingest.forms.pdftext import is_subtitle, read_subtitle
from bot.ingest.forms.text import TRANSCRIBER_MARK
from bot.ingest.header import Header, read_header

# Speaker turns: «خبرنگار: …» asks, «<name>: …» answers; the labels an interviewer goes by, and
# the header lines a transcript opens with.
TURN = re.compile(r"^(?P<label>[^\s:：][^:：]{0,30}?)\s*[:：]\s*(?P<text>.*)$")
INTERVIEWER_LABELS = frozenset({"خبرنگار", "مصاحبه‌کننده", "مصاحبه کننده", "مصاحبه‌گر", "مصاحبه گر", "مجری"})
BYLINE_LABELS = frozenset(
    {"مصاحبه‌کننده", "مصاحبه کننده", "مصاحبه‌گر", "مصاحبه گر"}
)  # the header's «…: <name>»
LEAD_LABELS = frozenset({"مقدمه", "پیش‌درآمد", "لید"})
TITLE_LABELS = frozenset({"عنوان", "تیتر"})
# «[خنده]», «[پایان فایل]»: a transcriber's marks, not what was said; «00:12:34» before a turn.
TIMESTAMP = re.compile(r"^\(?[0-9۰-۹]{1,2}[:：][0-9۰-۹]{2}(?:[:：][0-9۰-۹]{2})?\)?\s*[-–]?\s*")


def import_transcript(raw: str) -> Draft | None:
    """A speaker-turn transcript: a header of «label: value» lines («عنوان:», «گفت‌وگو با:»,
    «مصاحبه‌کننده:», «مقدمه:» before the lead), then turns. The interviewer's turns are the
    questions («خبرنگار:», or the interviewer's own name), every other speaker's the answers;
    an unlabelled paragraph continues the last speaker. None when fewer than two turns are the
    interviewer's."""
    lines = [
        TIMESTAMP.sub("", TRANSCRIBER_MARK.sub("", line).strip())
        for line in raw.replace("\r\n", "\n").split("\n")
    ]
    turns = [TURN.match(line) for line in lines]
    interviewer = next(
        (
            t.group("text").strip()
            for t in turns
            if t and t.group("label") in BYLINE_LABELS and t.group("text")
        ),
        "",
    )
    # The interviewer goes by a label, by name, or by a part of it («یزدانی:»), and «خبرنگار X:».
    labels = INTERVIEWER_LABELS | ({interviewer} if interviewer else set())
    labels |= {word for word in interviewer.split() if len(word) >= 3}

    def interviewer_label(label: str) -> bool:
        return label in labels or (label.split() or [""])[0] in INTERVIEWER_LABELS

    def asks(turn: re.Match[str] | None) -> bool:
        if turn is None or not interviewer_label(turn.group("label")) or not turn.group("text").strip():
            return False
        return not (turn.group("label") in BYLINE_LABELS and turn.group("text").strip() == interviewer)

    questions = [i for i, turn in enumerate(turns) if asks(turn)]
    if len(questions) < 2:
        return None
    # Who answers: a label that opens two turns or more («سپیده:»); «پدرم گفت: …» once is speech.
    said = Counter(t.group("label") for t in turns[questions[0] :] if t and not asks(t))
    speakers = {label for label, count in said.items() if count >= 2 and not interviewer_label(label)}
    draft = Draft(interviewer=interviewer)
    in_lead = False
    rest: list[tuple[int, str]] = []  # header lines the labels above do not read: date, outlet
    for number, (line, turn) in enumerate(zip(lines[: questions[0]], turns[: questions[0]], strict=True), 1):
        label = turn.group("label") if turn else ""
        if turn and label in TITLE_LABELS:
            draft.title = turn.group("text").strip()
        elif is_subtitle(line):
            read_subtitle(draft, line)
        elif turn and label in LEAD_LABELS:
            in_lead = True
            if turn.group("text").strip():
                draft.lead.append(turn.group("text").strip())
        elif in_lead and line and not is_rule(line):
            draft.lead.append(line)
        elif line and not in_lead:
            rest.append((number, line))
    header = read_header(rest, Header(title=draft.title or " ", interviewer=interviewer or " "))
    draft.date, draft.source = header.date, header.source
    speaker_asks = False
    for line, turn in zip(lines[questions[0] :], turns[questions[0] :], strict=True):
        if not line or is_rule(line):
            if not speaker_asks and draft.questions and draft.questions[-1][1]:
                draft.questions[-1][1].append("")  # a paragraph ends
            continue
        if asks(turn):
            assert turn is not None
            draft.questions.append((turn.group("text").strip(), []))
            speaker_asks = True
        elif turn is not None and turn.group("label") in speakers:
            draft.questions[-1][1].append(turn.group("text").strip())
            speaker_asks = False
        elif speaker_asks:
            question, answer = draft.questions[-1]
            draft.questions[-1] = (f"{question} {line}", answer)
        else:
            draft.questions[-1][1].append(line)
    drop_closing_remark(draft, "transcript")
    return draft
