"""The editors' commands: ``import`` turns what editors receive into interview files (one file,
several, or a folder), ``publish`` stores interview files in the shared database for every
replica. ``bot.cli`` parses the command line and calls these."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from bot.library.interview import InterviewFileError
from bot.present.render import safe_text
from bot.settings import Settings
from bot.usage import UsageError

SOURCE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".srt", ".vtt", ".eml")


def _sources(paths: list[Path]) -> list[Path]:
    """The files named, and in each folder named the files of the forms import reads."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES)
        elif path.exists():
            files.append(path)
        else:
            raise UsageError(f"{path}: no such file or folder")
    if not files:
        raise UsageError(f"no files to import ({' '.join(SOURCE_SUFFIXES)}) in " + ", ".join(map(str, paths)))
    return files


def _progress(items: list[Path], what: str) -> Iterator[Path]:
    """The items, with a progress bar on a terminal (tqdm); quiet when stderr is not one."""
    if len(items) < 2 or not sys.stderr.isatty():
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(items, desc=what, unit="file", file=sys.stderr, leave=False)


async def import_sources(args: argparse.Namespace, settings: Settings) -> None:
    from bot.ingest.check import compare
    from bot.ingest.draft import Draft
    from bot.ingest.ids import ascii_id, fresh_id, ids_in
    from bot.ingest.importer import Imported, import_interviews
    from bot.library.interview import load_interview, parse_interview

    files = _sources(args.sources)
    named_folder = args.output is not None and args.output.endswith(("/", os.sep))
    args.output = Path(args.output) if args.output is not None else None
    if named_folder and not args.output.is_dir():
        raise UsageError(f"{args.output}: no such folder (create it first)")
    folder = args.output if args.output is not None and (args.output.is_dir() or len(files) > 1) else None
    if len(files) > 1 and args.output is None:
        raise UsageError(f"{len(files)} files to import: give -o FOLDER to write one interview file each")
    if folder is not None and not folder.exists():
        raise UsageError(f"{folder}: no such folder (create it first)")
    if args.id and len(files) > 1:
        raise UsageError("--id names one interview; several files get theirs from their names")
    if args.check and len(files) > 1:
        raise UsageError("--check compares one imported file with its gold file")
    taken = ids_in(folder) if folder else ids_in(args.output.parent) if args.output else set()

    def name_for(source: Path) -> Callable[[Draft, int, int], str]:
        stem = args.output.stem if args.output is not None and folder is None else source.stem

        def name_id(draft: Draft, index: int, count: int) -> str:
            wanted = args.id or ascii_id(stem) or ascii_id(draft.interviewee) or "interview"
            if count > 1:
                wanted = ascii_id(f"{wanted[:14]}-{index + 1}")
            chosen = fresh_id(wanted, taken)
            taken.add(chosen)
            return chosen

        return name_id

    done: list[tuple[Path, list[Imported]]] = []
    refused: list[str] = []
    for source in _progress(files, "import"):
        chosen = len(taken)
        try:
            found = import_interviews(source, name_for(source), settings.imports)
            if len(found) > 1 and folder is None:
                raise UsageError(
                    f"{source}: holds {len(found)} interviews: give -o FOLDER to write one file each"
                )
            if len(taken) == chosen and found[0].id in taken and folder is not None:  # a file in the format
                raise InterviewFileError(source, 1, f"its id {found[0].id!r} is taken in {folder}: change it")
        except (InterviewFileError, UsageError) as exc:
            if len(files) == 1:
                raise
            print(f"interview-bot: {safe_text(str(exc))}", file=sys.stderr)
            refused.append(source.name)
            continue
        taken.update(i.id for i in found)
        done.append((source, found))
    for source, found in done:
        for imported in found:
            print(f"read {source.name} as {imported.form}: {imported.questions} question(s)", file=sys.stderr)
            for warning in imported.warnings:
                print(f"warning: {warning}", file=sys.stderr)
            if args.check:
                gold = load_interview(args.check)
                summary = compare(parse_interview(imported.markdown, source), gold).summary()
                print(f"{summary}; read as {imported.form}")
                continue
            target = folder / f"{imported.id}.md" if folder else args.output
            if target is None:
                sys.stdout.write(imported.markdown)
                continue
            try:
                target.write_text(imported.markdown, encoding="utf-8")
            except OSError as exc:
                raise UsageError(f"cannot write {target}: {exc.strerror}") from None
            if len(files) == 1:
                print(f"wrote {target}; {len(imported.warnings)} warning(s) to check", file=sys.stderr)
    if len(files) > 1 or refused:
        interviews = [imported for _, found in done for imported in found]
        print(
            f"imported {len(done)} of {len(files)} file(s) into {folder}: {len(interviews)} interview(s),"
            f" {sum(i.questions for i in interviews)} question(s),"
            f" {sum(len(i.warnings) for i in interviews)} warning(s) to check"
            + (f"; refused: {', '.join(refused)}" if refused else ""),
            file=sys.stderr,
        )
    if refused:
        raise UsageError(f"{len(refused)} of {len(files)} file(s) refused: see above")


async def publish_files(args: argparse.Namespace, settings: Settings) -> None:
    """Validate the interview files, store the changed ones as new versions, tell the replicas."""
    from bot.library.interview import parse_interview, read_text

    if not settings.database_url:
        raise UsageError("publish needs DATABASE_URL (or [database] url): the shared database")
    files = [p for path in args.files for p in (sorted(path.glob("*.md")) if path.is_dir() else [path])]
    interviews: list[tuple[str, str]] = []
    seen: dict[str, Path] = {}
    for path in files:
        content = read_text(path)
        interview = parse_interview(content, path)  # a broken file stops here, before anything is stored
        if interview.id in seen:
            raise UsageError(f"{path}: id {interview.id!r} is also the id of {seen[interview.id]}")
        seen[interview.id] = path
        interviews.append((interview.id, content))
    if not interviews:
        raise UsageError("no interview files to publish")
    from bot.shared.database import Database, Unavailable
    from bot.shared.library import publish

    try:
        db = await Database.connect(settings.database_url)
    except Unavailable as exc:
        raise UsageError(str(exc)) from None
    try:
        done = await publish(db, interviews)
    except Unavailable as exc:
        raise UsageError(f"the database went away while publishing; nothing was stored: {exc}") from None
    finally:
        await db.close()
    stored = ", ".join(f"{i} (v{v})" for i, v in done.stored) or "nothing new"
    print(
        f"published {stored}; {len(done.unchanged)} unchanged; library version {done.library_version}"
        + ("; the replicas are told" if done.stored else "")
    )
