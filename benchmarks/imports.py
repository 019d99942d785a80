"""Importing what editors receive: each raw file of the development corpus against its gold file.

    uv run python -m benchmarks.imports            # print the table
    uv run python -m benchmarks.imports --write    # and put it in BENCHMARKS.md

For every raw form in ``../shared/interviews-dev`` (news-site text, HTML, transcript, س/ج text,
two-column PDF, damaged PDF text, Word, loose Markdown) ``import_file`` is run as
``interview-bot import`` runs it. Scored against ``NAME.md``: the gold questions found (an
imported question whose text is at least 0.8 like one), questions invented, the answers attached
to a found question with character similarity of at least 0.95 (difflib, ZWNJ and spacing
aside), and whether the title (quote marks round the whole of it aside) and the interviewee
are right. A file the importer refuses is
reported with its one line. Development figures: held-out files of the same forms measure the
result elsewhere.
"""

from __future__ import annotations

import argparse
import re
import time
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from benchmarks import dev
from benchmarks.dev import DEV
from benchmarks.questions import machine, publish
from bot.library.interview import Interview, parse_interview

RAW = {
    "kazemzadeh": "kazemzadeh.web.txt",
    "salehinia": "salehinia.html",
    "nowruzi": "nowruzi.transcript.txt",
    "ghasemi": "ghasemi.sj.txt",
    "farahmand": "farahmand.pdf",
    "nikpour": "nikpour.pdf-text.txt",
    "pakzad": "pakzad.docx",
    "malekzadeh": "malekzadeh.md-loose.md",
}
FOUND = 0.8  # a question this like a gold question is that question
ATTACHED = 0.95  # an answer this like the gold answer is attached right


def plain(text: str) -> str:
    """Text compared as a reader sees it: as the dev benchmark compares (ZWNJ, ي/ك aside), and
    runs of white space as one."""
    return re.sub(r"\s+", " ", dev.plain(text)).strip()


def headline(text: str) -> str:
    """A title compared without quote marks around the whole of it: a headline that quotes the
    interviewee is printed with «» by one outlet and without by another."""
    text = plain(text)
    return text[1:-1] if text.startswith("«") and text.endswith("»") and text.count("«") == 1 else text


def like(a: str, b: str) -> float:
    return SequenceMatcher(None, plain(a), plain(b), autojunk=False).ratio()


@dataclass(frozen=True)
class Result:
    name: str
    form: str
    gold_questions: int
    found: int = 0
    invented: int = 0
    attached: int = 0
    title: bool = False
    interviewee: bool = False
    refused: str = ""  # the importer's one line, when it refused the file


def answer_text(interview: Interview, number: int) -> str:
    segment = next(s for s in interview.segments if s.number == number)
    return "\n".join(segment.paragraphs)


def score(name: str, raw: Path, gold: Interview) -> Result:
    from bot.library.importer import import_file

    questions = gold.questions
    try:
        markdown, _ = import_file(raw, name)
        imported = parse_interview(markdown, raw)
    except Exception as exc:  # a refusal is a result here, whatever its kind
        said = str(exc).replace(f"{raw.parent}/", "")  # the file's name, not this machine's path
        return Result(name, raw.name, len(questions), refused=f"{type(exc).__name__}: {said}"[:160])
    found = attached = 0
    matched: set[int] = set()
    for segment in questions:
        best = max(
            imported.questions, key=lambda s: like(s.question or "", segment.question or ""), default=None
        )
        if best is None or like(best.question or "", segment.question or "") < FOUND:
            continue
        found += 1
        matched.add(best.number)
        attached += like(answer_text(imported, best.number), answer_text(gold, segment.number)) >= ATTACHED
    invented = sum(1 for s in imported.questions if s.number not in matched)
    return Result(
        name,
        raw.name,
        len(questions),
        found,
        invented,
        attached,
        headline(imported.title) == headline(gold.title),
        plain(imported.interviewee) == plain(gold.interviewee),
    )


def table(results: list[Result]) -> list[str]:
    rows = [
        "| raw file | questions found | invented | answers attached (≥ 0.95) | title | interviewee"
        " | refused with |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        if r.refused:
            rows.append(f"| `{r.form}` | 0/{r.gold_questions} | | | | | {r.refused} |")
            continue
        rows.append(
            f"| `{r.form}` | {r.found}/{r.gold_questions} | {r.invented} | {r.attached}/{r.gold_questions}"
            f" | {'yes' if r.title else 'no'} | {'yes' if r.interviewee else 'no'} | |"
        )
    found = sum(r.found for r in results)
    attached = sum(r.attached for r in results)
    total = sum(r.gold_questions for r in results)
    invented = sum(r.invented for r in results)
    rows.append(f"| **all** | **{found}/{total}** | {invented} | **{attached}/{total}** | | | |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="put the table in BENCHMARKS.md")
    args = parser.parse_args()
    if not DEV.is_dir():
        print(f"skipped: no development corpus at {DEV}")
        return
    results = []
    for name, raw in RAW.items():
        gold = parse_interview((DEV / f"{name}.md").read_text(encoding="utf-8"), DEV / f"{name}.md")
        results.append(score(name, DEV / raw, gold))
    lines = [
        "<!-- imports:begin -->",
        "## Importing what editors receive (development corpus)",
        "",
        f"`uv run python -m benchmarks.imports --write` on {time.strftime('%Y-%m-%d')}, {machine()}.",
        "",
        "Each raw file of `../shared/interviews-dev/` through `interview-bot import`, against its gold"
        " file: gold questions found (an imported question at least 0.8 like one), questions invented,"
        " answers attached with character similarity ≥ 0.95 (ZWNJ and spacing aside), title and"
        " interviewee right. Development figures.",
        "",
        *table(results),
        "<!-- imports:end -->",
    ]
    publish(lines, args.write)


if __name__ == "__main__":
    main()
