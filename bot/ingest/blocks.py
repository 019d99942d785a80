"""The blocks a structured source (Markdown, Word, HTML, PDF) is read into before the importer
sorts them into a header, questions and answers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

# A question or an answer labelled as such, in any form: «س: …», «پرسش: …», «Q: …»; «ج: …».
# A number may follow the label: «پرسش ۱:», «سؤال ۲)», «Q3.».
QUESTION_MARK = re.compile(
    r"^\s*(?:#+\s*)?(?:Q|س|پرسش|سؤال|سوال)\s*[0-9۰-۹]{0,3}\s*[:：.)]\s*(.+)$", re.IGNORECASE
)
ANSWER_MARK = re.compile(r"^\s*(?:A|ج|پاسخ|جواب)\s*[:：.]\s*")


class Kind(Enum):
    """What a block of a structured source is: a file's title (# heading, <h1>, Heading 1), a
    question, text (the lead before the first question, answers after it), a note left out (a
    photo caption, an image, an italic aside), a paragraph break, or a rule («---»)."""

    TITLE = "title"
    QUESTION = "question"
    TEXT = "text"
    NOTE = "note"
    BREAK = "break"
    RULE = "rule"


@dataclass(frozen=True)
class Block:
    kind: Kind
    text: str
    line: int  # where it is in the input (a line, a paragraph, a page's line): for warnings
