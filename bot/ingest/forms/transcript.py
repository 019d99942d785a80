"""Speaker-turn transcripts: «خبرنگار: …» asks, «<name>: …» answers."""

from __future__ import annotations

import re
from collections import Counter

from bot.ingest.draft import Draft, drop_closing_remark, is_rule
from bot.ingest.forms.pdftext import is_subtitle, read_subtitle
from bot.ingest.forms.text import TRANSCRIBER_MARK
from bot.ingest.header import Header, read_header
from bot.ingest.people import person_in, without_honorifics

# Speaker turns: «خبرنگار: …» asks, «<name>: …» answers; the labels an interviewer goes by, and
# the header lines a transcript opens with.
TURN = re.compile(r"^(?P<label>[^\s:：][^:：]{0,30}?)\s*[:：]\s*(?P<text>.*)$")
INTERVIEWER_LABELS = frozenset(
    {"خبرنگار", "مصاحبه‌کننده", "مصاحبه کننده", "مصاحبه‌گر", "مصاحبه گر", "مجری", "میزبان", "گزارشگر"}
)
BYLINE_LABELS = frozenset(
    {"مصاحبه‌کننده", "مصاحبه کننده", "مصاحبه‌گر", "مصاحبه گر"}
)  # the header's «…: <name>»
LEAD_LABELS = frozenset({"مقدمه", "پیش‌درآمد", "لید"})
TITLE_LABELS = frozenset({"عنوان", "تیتر"})
# «[خنده]», «[پایان فایل]»: a transcriber's marks, not what was said; «00:12:34» before a turn.
TIMESTAMP = re.compile(r"^\(?[0-9۰-۹]{1,2}[:：][0-9۰-۹]{2}(?:[:：][0-9۰-۹]{2})?\)?\s*[-–]?\s*")


# «س:» / «ج:» mark questions and answers, not speakers: a text so marked is read by ``forms.text``.
MARK_LABELS = frozenset({"س", "ج", "Q", "A", "پرسش", "پاسخ", "سؤال", "سوال", "جواب"})
BOLD_LABEL = re.compile(
    r"^\s*\*\*([^*:]{1,30}?)\s*[:：]\s*\*\*|^\s*\*\*([^*:]{1,30}?)\*\*\s*[:：]"
)  # «**مجری:**»
GUEST_LABELS = frozenset({"مهمان", "میهمان", "کارشناس", "مصاحبه‌شونده", "مصاحبه شونده"})
HOST_LABELS = frozenset(
    {"مجری", "خبرنگار", "گوینده", "میزبان", "گزارشگر"}
)  # a header's «مجری: <name>» is the interviewer
# A turn that only greets or keeps the floor: «سلام …», «خوش آمدید», «بله، بفرمایید».
GREETING = re.compile(
    r"(?:^|\s)(?:سلام|درود|خوش[\s\u200c]?آمدید|عرض\s+ادب|خسته\s+نباشید|(?:وقت|صبح|عصر|شب)(?:[\s\u200c]?تان)?\s+بخیر"
    r"|در\s+خدمت\s+شما(?:ست|یم)|شنونده[\s\u200c]?های\s+(?:خوب|عزیز)|بینندگان\s+(?:خوب|عزیز))(?![^\W\d_])"
)
SENTENCE_END = re.compile(r"(?<=[.!؟?])\s+")


# What a host says to keep the floor going, asking nothing: «بله، بفرمایید», «خب، ادامه بدهید».
BACKCHANNEL = frozenset(
    {"بله", "بلی", "آره", "خب", "خوب", "بفرمایید", "آهان", "عجب", "جالب", "جالبه", "جالب‌است", "درسته", "درست"}
    | {"است", "حتماً", "حتما", "ادامه", "بدهید", "بدید", "دهید", "لطفاً", "لطفا", "متوجهم", "که", "این‌طور"}
    | {"اینطور", "طور", "ممنون", "مرسی", "خیلی", "عالی", "باشه", "دقیقاً", "دقیقا", "بگویید", "بگید", "خواهش"}
    | {"می‌کنم", "می‌شنویم", "گوش", "می‌دهیم", "خب،", "پس"}
)
THANKS = re.compile(r"ممنون|متشکر|سپاس|تشکر|مرسی")


def _backchannel(text: str) -> bool:
    """A turn made only of words that keep the floor («بله، بفرمایید.»), asking nothing."""
    words = re.findall(r"(?:[^\W\d_]|\u200c)+", text)
    return bool(words) and not _asks(text) and all(word in BACKCHANNEL for word in words)


def _without_greetings(text: str) -> list[str]:
    """A welcome's paragraph without its greeting sentences, as lead lines."""
    kept = " ".join(s for s in SENTENCE_END.split(text) if not GREETING.search(s))
    return [kept, ""] if kept else []


def _sentence(text: str) -> bool:
    return text.rstrip().endswith((".", "؟", "?", "!", "…")) or len(text.split()) >= 25


def _asks(text: str) -> bool:
    return text.rstrip().endswith(("؟", "?"))


def _short_name(text: str) -> bool:
    return 1 <= len(text.split()) <= 4 and not text.rstrip().endswith((".", "؟", "?", "!"))


def import_transcript(raw: str) -> Draft | None:
    """A speaker-turn transcript: a header of «label: value» lines («عنوان:», «گفت‌وگو با:»,
    «مهمان: <name>، <role>», «مجری: <name>», «مقدمه:» before the lead), then turns. The
    interviewer's turns are the questions («خبرنگار:», «مجری:», the interviewer's own name, or
    else the speaker whose turns ask), every other speaker's the answers; an unlabelled
    paragraph continues the last speaker. The welcome before the first question is the lead
    (its greetings aside), the guest's greeting back is left out, a host's «بله، بفرمایید» in
    the middle of an answer is left out and the answer goes on, and the goodbye at the end is
    left out. None when fewer than two turns are the interviewer's."""
    lines = [
        TIMESTAMP.sub(
            "",
            TRANSCRIBER_MARK.sub("", BOLD_LABEL.sub(lambda m: f"{m.group(1) or m.group(2)}:", line)).strip(),
        )
        for line in raw.replace("\r\n", "\n").split("\n")
    ]
    turns = [TURN.match(line) for line in lines]
    # The header: the «label: value» lines before the first turn of a speaker who speaks again
    # and says a sentence («مهمان: <name>، <role>» is a header line; «مهمان: سلام، ….» a turn).
    spoken = Counter(t.group("label") for t in turns if t)
    body = next(
        (
            i
            for i, t in enumerate(turns)
            if t
            and t.group("label") not in LEAD_LABELS
            and (
                (spoken[t.group("label")] >= 2 and _sentence(t.group("text")))
                or (
                    (t.group("label").split() or [""])[0] in INTERVIEWER_LABELS
                    and not _short_name(t.group("text"))
                )
            )
        ),
        len(lines),
    )
    interviewer = next(
        (
            t.group("text").strip()
            for t in turns[:body]
            if t
            and (t.group("label") in BYLINE_LABELS or t.group("label") in HOST_LABELS)
            and _short_name(t.group("text"))
        ),
        "",
    )
    # The interviewer goes by a label, by name, or by a part of it («یزدانی:»), and «خبرنگار X:».
    labels = INTERVIEWER_LABELS | ({interviewer} if interviewer else set())
    labels |= {word for word in interviewer.split() if len(word) >= 3}
    said_by = Counter(t.group("label") for t in turns[body:] if t and t.group("text").strip())
    if not any(label in labels or (label.split() or [""])[0] in INTERVIEWER_LABELS for label in said_by):
        # No known label: the speaker whose turns ask («کارشناس:» answers, «X:» asks).
        asking = {
            label: sum(
                1
                for t in turns[body:]
                if t and t.group("label") == label and t.group("text").rstrip().endswith("؟")
            )
            / count
            for label, count in said_by.items()
            if count >= 2 and label.strip().upper() not in MARK_LABELS
        }
        if asking and max(asking.values()) >= 0.5:
            labels = labels | {max(asking, key=lambda label: asking[label])}

    def interviewer_label(label: str) -> bool:
        return label in labels or (label.split() or [""])[0] in INTERVIEWER_LABELS

    def asks(index: int) -> bool:
        turn = turns[index]
        if index < body or turn is None or not interviewer_label(turn.group("label")):
            return False
        return bool(turn.group("text").strip())

    questions = [i for i in range(len(turns)) if asks(i)]
    if len(questions) < 2:
        return None
    # Who answers: a label that opens two turns or more («سپیده:»); «پدرم گفت: …» once is speech.
    said = Counter(t.group("label") for i, t in enumerate(turns) if i >= body and t and not asks(i))
    speakers = {label for label, count in said.items() if count >= 2 and not interviewer_label(label)}
    draft = Draft(interviewer=interviewer, form="transcript")
    in_lead = False
    rest: list[tuple[int, str]] = []  # header lines the labels above do not read: date, outlet
    for number, (line, turn) in enumerate(zip(lines[:body], turns[:body], strict=True), 1):
        label = turn.group("label") if turn else ""
        value = turn.group("text").strip() if turn else ""
        if turn and (label in TITLE_LABELS or label.split()[0] in TITLE_LABELS):
            draft.title = value
        elif is_subtitle(line):
            read_subtitle(draft, line)
        elif (
            turn and (label.split() or [""])[0] in GUEST_LABELS and value
        ):  # «مهمان (برنامه): <name>، <role>»
            name, _, role = value.partition("،")
            draft.interviewee = draft.interviewee or without_honorifics(name.strip())
            draft.role = draft.role or role.strip()
        elif turn and label in HOST_LABELS | BYLINE_LABELS and value == interviewer:
            continue
        elif turn and label in LEAD_LABELS:
            in_lead = True
            if value:
                draft.lead.append(value)
        elif in_lead and line and not is_rule(line):
            draft.lead.append(line)
        elif line and not in_lead and not is_rule(line):
            rest.append((number, line))
    header = read_header(rest, Header(title=draft.title or " ", interviewer=interviewer or " "))
    draft.date, draft.source = header.date, header.source
    if draft.title == "" and header.title.strip():
        draft.title = header.title.strip()
    asked = [i for i, t in enumerate(turns) if t and asks(i) and _asks(t.group("text"))]
    first_asked, last_asked = (asked[0], asked[-1]) if asked else (questions[0], questions[-1])
    speaker_asks = welcome = False
    turns_in: dict[int, list[tuple[int, str]]] = {}  # question → (line of its answer, speaker) of each turn
    skipping = False  # a greeting's reply, or an answer after an interruption, is being read
    for index in range(body, len(lines)):
        line, turn = lines[index], turns[index]
        if not line or is_rule(line):
            if not speaker_asks and draft.questions and draft.questions[-1][1]:
                draft.questions[-1][1].append("")  # a paragraph ends
            continue
        if asks(index):
            assert turn is not None
            text = turn.group("text").strip()
            if index < first_asked and GREETING.search(text):  # the welcome: the lead, greetings aside
                welcome = not draft.lead
                if welcome:
                    draft.lead.extend(_without_greetings(text))
                draft.warnings.append(
                    f"transcript:{index + 1}: the welcome read as the lead, its greetings left out"
                )
                skipping, speaker_asks = True, False
                continue
            if draft.questions and _backchannel(text) and index < last_asked:
                draft.warnings.append(
                    f"transcript:{index + 1}: «{text}» interrupts an answer: left out, the answer goes on"
                )
                skipping, speaker_asks = False, False
                continue
            draft.questions.append((text, []))
            speaker_asks, skipping = True, False
        elif skipping and not draft.questions:
            if welcome and turn is None:  # the welcome goes on
                draft.lead.extend(_without_greetings(line))
                continue
            welcome = False
            reply = turn.group("text").strip() if turn is not None else line
            if GREETING.search(reply) or THANKS.search(reply) or len(reply.split()) <= 25:
                draft.warnings.append(f"transcript:{index + 1}: «{reply[:40]}» greets back: left out")
            else:  # more than a greeting, before any question: kept, in the lead
                draft.lead.extend([reply, ""])
                draft.warnings.append(
                    f"transcript:{index + 1}: «{reply[:40]}» answers no question: kept in the lead"
                )
            continue
        elif turn is not None and turn.group("label") in speakers:
            if draft.questions:
                answer = draft.questions[-1][1]
                turns_in.setdefault(len(draft.questions) - 1, []).append((len(answer), turn.group("label")))
                answer.append(turn.group("text").strip())
            speaker_asks = False
        elif speaker_asks:
            question, answer = draft.questions[-1]
            draft.questions[-1] = (f"{question} {line}", answer)
        elif draft.questions:
            draft.questions[-1][1].append(line)
    for number, starts in turns_in.items():  # two answer one question: each keeps its label
        if number < len(draft.questions) and len({label for _, label in starts}) >= 2:
            answer = draft.questions[number][1]
            for index, label in starts:
                answer[index] = f"{label}: {answer[index]}"
    drop_closing_remark(draft, "transcript")
    if not draft.interviewee:  # «امروز با خانم <name> دربارهٔ …» in the welcome
        draft.interviewee, role = person_in(
            [line for line in draft.lead if line] + [draft.title], (interviewer,)
        )
        draft.role = draft.role or role
    return draft
