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
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.dev import DEV
from benchmarks.questions import machine, publish
from bot.ingest.check import Comparison, compare, plain
from bot.ingest.header import Metadata
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
    "mahdavi": "mahdavi.radio.txt",
    "karimi": "karimi.srt",
    "tavakoli": "tavakoli.telegram.txt",
    "rahimi": "rahimi.news.txt",
    "shafiei": "shafiei.html",
    "bahrami": "bahrami.docx",
    "jafari": "jafari.email.txt",
    "nasiri": "nasiri.print.txt",
    "ebrahimi": "ebrahimi.blog.md",
    "soltani": "soltani.transcript.txt",
    "hosseinzadeh": "hosseinzadeh.web.txt",
    "yazdani": "yazdani.instagram.txt",
}


@dataclass(frozen=True)
class Result:
    name: str
    form: str
    gold_questions: int
    comparison: Comparison | None = None
    refused: str = ""  # the importer's one line, when it refused the file
    seconds: float = 0.0
    read_as: str = ""  # the form the importer said it read
    fields: tuple[int, int] = (0, 0)  # the NAME.meta.tsv phrases found in their field, of all


def score(name: str, raw: Path, gold: Interview) -> Result:
    from bot.ingest import import_one

    started = time.perf_counter()
    try:
        found = import_one(raw, name)
        imported = parse_interview(found.markdown, raw)
    except Exception as exc:  # a refusal is a result here, whatever its kind
        said = str(exc).replace(f"{raw.parent}/", "")  # the file's name, not this machine's path
        return Result(name, raw.name, len(gold.questions), refused=f"{type(exc).__name__}: {said}"[:160])
    seconds = time.perf_counter() - started
    fields = meta_fields(name, found.metadata)
    return Result(
        name, raw.name, len(gold.questions), compare(imported, gold), "", seconds, found.form, fields
    )


def meta_fields(name: str, metadata: Metadata) -> tuple[int, int]:
    """How many of the interview's four metadata questions (``NAME.meta.tsv``: who was interviewed,
    who asked, what about, where or when) the import's field holds the expected phrase for."""
    questions = DEV / f"{name}.meta.tsv"
    if not questions.exists():
        return 0, 0
    rows = [line.split("\t") for line in questions.read_text(encoding="utf-8").splitlines()[1:]]
    hits = sum(1 for _, key, phrase in rows if plain(phrase) in plain(getattr(metadata, key, "")))
    return hits, len(rows)


def table(results: list[Result]) -> list[str]:
    rows = [
        "| raw file | questions found | invented | answers attached (≥ 0.95) | lowest answer similarity"
        " | answer sentences lost / added | lead similarity | title | interviewee | meta.tsv fields | read as"
        " | seconds | refused with |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        c = r.comparison
        if c is None:
            rows.append(f"| `{r.form}` | 0/{r.gold_questions} | | | | | | | | | | | {r.refused} |")
            continue
        rows.append(
            f"| `{r.form}` | {c.found}/{c.gold_questions} | {c.invented} | {c.attached}/{c.gold_questions}"
            f" | {c.lowest:.3f} | {c.lost} / {c.added} | {c.lead:.3f} | {'yes' if c.title else 'no'}"
            f" | {'yes' if c.interviewee else 'no'} | {r.fields[0]}/{r.fields[1]} | {r.read_as}"
            f" | {r.seconds:.2f} | |"
        )
    done = [r.comparison for r in results if r.comparison is not None]
    found = sum(c.found for c in done)
    attached = sum(c.attached for c in done)
    total = sum(r.gold_questions for r in results)
    invented = sum(c.invented for c in done)
    titles = sum(c.title for c in done)
    people = sum(c.interviewee for c in done)
    lost, added = sum(c.lost for c in done), sum(c.added for c in done)
    rows.append(
        f"| **all** | **{found}/{total}** | {invented} | **{attached}/{total}** | | {lost} / {added} | |"
        f" {titles}/{len(results)} | {people}/{len(results)}"
        f" | {sum(r.fields[0] for r in results)}/{sum(r.fields[1] for r in results)} | | | |"
    )
    both = sum(c.title and c.interviewee for c in done)
    rows += [
        "",
        f"Goals: every question found ({found}/{total}), none invented ({invented}), at least 95% of answers"
        f" attached ({attached / total:.1%}), metadata (title and interviewee) right in at least 90% of files"
        f" ({both}/{len(results)}).",
    ]
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
        " file (`bot/ingest/check.py`, what `import --check` prints): gold questions found (an imported"
        " question at least 0.8 like one), questions invented, answers attached with character similarity"
        " ≥ 0.95 (ZWNJ, ي/ك and spacing aside) and the lowest such similarity, the sentences of the gold"
        " answers found in no imported answer (lost) and of the imported answers in no gold answer (added:"
        " chrome, captions, credits), the lead's similarity, title (quote marks round the whole of it"
        " aside) and interviewee right, how many of the file's four `NAME.meta.tsv` phrases (interviewee,"
        " interviewer, title or subtitle, source or date) its metadata holds (some are not in the raw file"
        " at all), the form the importer said it read, and the seconds each took. Development figures:"
        " held-out files of the same forms measure the result elsewhere.",
        "",
        *table(results),
        "<!-- imports:end -->",
    ]
    publish(lines, args.write)


if __name__ == "__main__":
    main()
