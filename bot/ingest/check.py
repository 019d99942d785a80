"""An imported interview against the gold file it should equal: what ``import --check`` prints and
the import benchmark counts.

A gold question is found when an imported question is at least 0.8 like it (character
similarity, difflib); an imported question that matches none is invented; a found question's
answer is attached when it is at least 0.95 like the gold answer. Text is compared as a reader
sees it: ZWNJ, Arabic ي/ك and runs of white space aside; a title also without quote marks round
the whole of it (one outlet prints a quoted headline with «», another without).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from bot.library.interview import Interview

FOUND = 0.8  # a question this like a gold question is that question
ATTACHED = 0.95  # an answer this like the gold answer is attached right


def plain(text: str) -> str:
    text = text.replace("\u200c", "").replace("ي", "ی").replace("ك", "ک")
    return re.sub(r"\s+", " ", text).strip()


def headline(text: str) -> str:
    text = plain(text)
    return text[1:-1] if text.startswith("«") and text.endswith("»") and text.count("«") == 1 else text


def like(a: str, b: str) -> float:
    return SequenceMatcher(None, plain(a), plain(b), autojunk=False).ratio()


def answer_text(interview: Interview, number: int) -> str:
    segment = next(s for s in interview.segments if s.number == number)
    return "\n".join(segment.paragraphs)


@dataclass(frozen=True)
class Comparison:
    gold_questions: int
    found: int
    invented: int
    attached: int
    lowest: float  # the lowest answer similarity among found questions (1.0 when none)
    title: bool
    interviewee: bool
    lead: float  # the lead's similarity (1.0 when neither has one)
    lost: int = 0  # sentences of the gold answers found in no imported answer
    added: int = 0  # sentences of the imported answers that no gold answer has (chrome, captions…)

    @property
    def perfect(self) -> bool:
        return (
            self.found == self.attached == self.gold_questions
            and not self.invented
            and self.title
            and self.interviewee
        )

    def summary(self) -> str:
        total = self.gold_questions
        return (
            f"questions found {self.found}/{total}, invented {self.invented}, answers attached"
            f" {self.attached}/{total} (lowest similarity {self.lowest:.3f}), lead {self.lead:.3f},"
            f" title {'right' if self.title else 'wrong'}, interviewee"
            f" {'right' if self.interviewee else 'wrong'}, answer sentences lost {self.lost},"
            f" added {self.added}"
        )


def compare(imported: Interview, gold: Interview) -> Comparison:
    found = attached = 0
    lowest = 1.0
    matched: set[int] = set()
    for segment in gold.questions:
        best = max(
            imported.questions, key=lambda s: like(s.question or "", segment.question or ""), default=None
        )
        if best is None or like(best.question or "", segment.question or "") < FOUND:
            continue
        found += 1
        matched.add(best.number)
        similarity = like(answer_text(imported, best.number), answer_text(gold, segment.number))
        lowest = min(lowest, similarity)
        attached += similarity >= ATTACHED
    leads = [
        "\n".join(next((s.paragraphs for s in i.segments if s.number == 0), ())) for i in (imported, gold)
    ]
    mine = [answer_text(imported, s.number) for s in imported.questions]
    theirs = [answer_text(gold, s.number) for s in gold.questions]
    return Comparison(
        gold_questions=len(gold.questions),
        found=found,
        invented=sum(1 for s in imported.questions if s.number not in matched),
        attached=attached,
        lowest=lowest,
        title=headline(imported.title) == headline(gold.title),
        interviewee=plain(imported.interviewee) == plain(gold.interviewee),
        lead=like(*leads) if any(leads) else 1.0,
        lost=missing(theirs, mine),
        added=missing(mine, theirs),
    )


def _letters(text: str) -> str:
    """Only the letters and digits: spacing, ZWNJ and punctuation aside."""
    return re.sub(r"[\W_]+", "", plain(text))


def sentences(text: str) -> list[str]:
    """A text's sentences, as their letters and digits."""
    return [s for s in (_letters(x) for x in re.split(r"(?<=[.!؟?…])\s+|\n", text)) if s]


def missing(texts: list[str], within: list[str]) -> int:
    """How many sentences of ``texts`` are nowhere in ``within``."""
    everything = _letters(" ".join(within))
    return sum(1 for text in texts for sentence in sentences(text) if sentence not in everything)
