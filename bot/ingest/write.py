"""A draft written as an interview file: front matter, lead and questions, repaired."""

from __future__ import annotations

from bot.ingest.draft import Draft
from bot.ingest.repair import TERMINAL, repair, zwnj_damaged


def yaml_value(value: str) -> str:
    """A front-matter value that reads back as itself: as written when YAML reads it so, else
    quoted («<name>: …», a headline opening with «[» or «#», «yes»)."""
    import json

    import yaml

    try:
        if yaml.safe_load(f"k: {value}") == {"k": value}:
            return value
    except yaml.YAMLError:
        pass
    quoted = json.dumps(value, ensure_ascii=False)  # a JSON string is a double-quoted YAML scalar
    # YAML's other line breaks, which JSON leaves bare, escaped too (YAML reads \x85, \u2028 back)
    return quoted.replace("\x85", "\\x85").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


# What each field is, for the warning when the text does not say it; title and interviewee are
# required by the format, so a placeholder stands in for them until the editor sets them.
NEEDED = {
    "title": "the headline; «بی‌عنوان» written for now",
    "interviewee": "who answers; «ناشناخته» written for now",
    "interviewer": "who asks",
    "source": "the outlet",
    "date": "when it was published",
}


def missing_fields(draft: Draft, source: str) -> list[str]:
    """One warning for each field the text did not give, naming it."""
    return [
        f"{source}: metadata: no {key} found in the text ({what}): set `{key}:` by hand"
        for key, what in NEEDED.items()
        if not getattr(draft, key).strip()
    ]


def to_markdown(draft: Draft, interview_id: str, source: str) -> str:
    everything = " ".join([draft.title, *draft.lead, *(q + " " + " ".join(a) for q, a in draft.questions)])
    damaged = zwnj_damaged(everything)

    def fix(text: str) -> str:
        return repair(text, damaged)

    def paragraphs(lines: list[str]) -> str:
        """Blank lines in the source end a paragraph only after a full stop; elsewhere they are
        column breaks inside a sentence."""
        out: list[list[str]] = [[]]
        for line in lines:
            if not line:
                if out[-1] and out[-1][-1].endswith(TERMINAL):
                    out.append([])
                continue
            out[-1].append(line)
        return "\n\n".join(fix(" ".join(p)) for p in out if p)

    meta = [
        "---",
        # the file name on one line: a line break in it would start a field of its own
        f"# Imported by `interview-bot import` from {' '.join(source.split())}: check it, then edit freely.",
        f"id: {interview_id}",
        f"title: {yaml_value(fix(draft.title) or 'بی‌عنوان')}",
    ]
    for key in ("subtitle", "rubric", "interviewer", "interviewee", "role", "source", "date"):
        value = getattr(draft, key)
        if value:
            meta.append(f"{key}: {yaml_value(fix(value))}")
    if not draft.interviewee:
        meta.append("interviewee: ناشناخته")
    draft.warnings.extend(missing_fields(draft, source))
    last = draft.questions[-1][1] if draft.questions else []
    answer_text = " ".join(line for line in last if line)
    if answer_text and not answer_text.endswith(TERMINAL):
        number = len(draft.questions)
        meta.append(f"truncated: [{number}]")
        meta.append("note: پاسخ پرسش آخر در متن منبع ناتمام است.")
        draft.warnings.append(
            f"{source}: the answer to question {number} ends mid-sentence: marked truncated"
        )
    meta.append("---")
    body = []
    if draft.lead:
        body += ["", "## Lead", "", paragraphs(draft.lead)]
    for question, answer in draft.questions:
        body += ["", f"## Q: {fix(question)}", "", paragraphs(answer) if any(answer) else "…"]
    return "\n".join(meta + body) + "\n"
