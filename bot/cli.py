"""The ``interview-bot`` command: ``ask`` a question, build an ``index``.

Exit status: 0 on success (also when nothing matched), 2 with one line on stderr for bad usage,
a bad input file or an unusable index.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from bot.analysis.analyzer import build_analyzer
from bot.cli_editing import SOURCE_SUFFIXES, import_sources, publish_files
from bot.library.interview import InterviewFileError
from bot.present.render import answer_json, answer_plain, safe_text
from bot.resources import version
from bot.search.build import build_from_files, ensure_index
from bot.search.query import SynonymsError
from bot.search.schema import IndexUnavailable
from bot.search.searcher import Searcher
from bot.settings import Settings, SettingsError, load_settings
from bot.stats_schema import STATS_SCHEMA, StatsSchemaError
from bot.usage import EXIT_USAGE, UsageError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not argparse's usage block
        raise UsageError(f"{message} (see `{self.prog} --help`)")  # prog: "interview-bot [ask]"


def _limit(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--limit takes a whole number, not {value!r}") from None
    if not 1 <= number <= 50:
        raise argparse.ArgumentTypeError("--limit takes a number from 1 to 50")
    return number


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="interview-bot", description="Answer questions from Persian interviews.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    ask = commands.add_parser("ask", help="print the passages that answer a question")
    ask.add_argument("query", help="the question; '-' reads one question per line from stdin")
    ask.add_argument("--json", action="store_true", help="print JSON (one object per line with '-')")
    ask.add_argument("--limit", type=_limit, default=None, help="how many passages at most (1-50)")
    ask.add_argument("--db", type=Path, help="answer from this index instead of the bundled corpus")
    ask.add_argument("--interview", help="only passages of this interview id")

    index = commands.add_parser("index", help="build an index from interview (.md) or passage (.jsonl) files")
    index.add_argument(
        "files",
        nargs="*",
        type=Path,
        help="interview files to add to the corpus folder (or, with --db, to index on their own);"
        " default: every interview in the corpus folder",
    )
    index.add_argument(
        "--db", type=Path, help="write this index from the files alone (default: the corpus's index)"
    )
    imports = commands.add_parser(
        "import", help=f"turn what an editor received ({' '.join(SOURCE_SUFFIXES)}) into interview files"
    )
    imports.add_argument("sources", nargs="+", type=Path, help="the files, or folders of them")
    imports.add_argument(
        "-o", "--output", help="the interview file, or a folder for several (default: stdout)"
    )  # a str: a trailing «/» says "a folder", which Path would forget
    imports.add_argument("--id", help="the interview id (default: from -o's name, else the source's)")
    imports.add_argument(
        "--check", type=Path, metavar="GOLD.md", help="compare the import with this interview file"
    )

    card = commands.add_parser("card", help="draw a passage as a quote card (PNG)")
    card.add_argument("passage", help="the passage id, e.g. mirlohi-q2-1")
    card.add_argument("-o", "--output", type=Path, help="the PNG to write (default: card-<id>.png)")
    card.add_argument("--style", choices=("square", "wide"), help="1080×1080 or 1200×675 (default: settings)")
    card.add_argument(
        "--engine", choices=("raqm", "basic"), help="layout path (default: Raqm when available)"
    )
    card.add_argument("--handle", default="", help="the bot's @username, printed at the bottom")
    card.add_argument("--db", type=Path, help="the index to read the passage from")

    publish = commands.add_parser(
        "publish", help="store interview files in the shared database and tell every replica (DATABASE_URL)"
    )
    publish.add_argument("files", nargs="+", type=Path, help="interview files (.md), or folders of them")

    judgments = commands.add_parser("judgments", help="readers' verdicts on the answers («این نبود», 👍)")
    what = judgments.add_subparsers(dest="action", required=True, parser_class=_Parser)
    export = what.add_parser("export", help="write them as a TSV in the development questions' shape")
    export.add_argument("-o", "--output", type=Path, help="the TSV file (default: standard output)")
    export.add_argument("--db", type=Path, help="the index whose passages they name (default: the bot's)")
    backup = commands.add_parser(
        "backup", help="copy the stats database (SQLite) to a file while the bot runs (online backup)"
    )
    backup.add_argument("output", type=Path, help="the copy to write, e.g. stats-2026-12-04.sqlite")
    backup.add_argument("--stats", type=Path, help="the stats file to copy (default: [stats] path)")

    commands.add_parser(
        "run", help="start the Telegram bot (TELEGRAM_BOT_TOKEN; webhook when WEBHOOK_URL is set)"
    )
    commands.add_parser(
        "rotate-salt", help="a new key for the askers' hashes in the stats (then restart the bot)"
    )
    return parser


def _run(settings: Settings) -> None:
    from bot.settings import load_bot_settings
    from handlers.app import BotStartError, run  # Telegram's libraries load only for the bot

    try:
        run(settings, load_bot_settings())
    except BotStartError as exc:
        raise UsageError(str(exc)) from None


def _corpus_folder(settings: Settings) -> Path:
    """The corpus folder, created (with the bundled interview in it) if it is missing, and said so."""
    from bot.library.corpus import prepare_corpus
    from bot.resources import bundled

    if prepare_corpus(settings.corpus_dir, bundled("corpus")):
        print(f"created the corpus folder {settings.corpus_dir} with the bundled interview", file=sys.stderr)
    return settings.corpus_dir


def _index_files(args: argparse.Namespace, settings: Settings) -> tuple[list[Path], list[Path]]:
    """``index [FILE…]`` without ``--db`` builds the default index, which is always the whole
    corpus folder (``ask`` rebuilds it from the folder when the folder changes): the files given
    are added to the folder first. The files to index, and those added."""
    from bot.library.corpus import corpus_files

    for path in args.files:
        if path.suffix not in (".md", ".jsonl"):
            raise UsageError(f"{path}: expected an interview file (.md) or passages (.jsonl)")
    folder = _corpus_folder(settings)
    added = _add_to_corpus(list(args.files), folder)
    for path in added:
        print(f"added {path.name} to the corpus folder {folder}", file=sys.stderr)
    return corpus_files(folder), added


def _add_to_corpus(files: list[Path], folder: Path) -> list[Path]:
    """``index FILE`` without ``--db``: the interview files go into the corpus folder (checked,
    never over another interview), so the default index, which ``ask`` keeps in step with the
    corpus, holds them from now on. The files written; on any refusal, none."""
    from bot.editing import corpus_ids
    from bot.library.corpus import add_interview
    from bot.library.interview import read_text

    for path in files:
        if path.suffix == ".jsonl":
            raise UsageError(
                f"{path}: passages (.jsonl) are not interview files and do not go into the corpus:"
                " build their own index with --db FILE, and ask it with `ask --db FILE`"
            )
    added: list[Path] = []
    try:
        for path in files:
            if path.resolve().parent == folder.resolve():
                continue  # in the corpus already
            written = add_interview(folder, read_text(path), path.stem, corpus_ids(folder))
            if written is not None:
                added.append(written)
    except InterviewFileError:
        for written in added:
            written.unlink(missing_ok=True)
        raise
    return added


async def _ask(args: argparse.Namespace, settings: Settings) -> None:
    analyzer = build_analyzer(settings.stopwords_path)
    if args.db is None:
        _corpus_folder(settings)
    db = args.db if args.db is not None else await ensure_index(settings, analyzer)
    searcher = await Searcher.open(db, settings, analyzer)
    try:
        if args.query == "-":
            sys.stdin.reconfigure(errors="surrogateescape")  # type: ignore[union-attr]
            for line in sys.stdin:
                await _answer(searcher, line.rstrip("\n"), args, separator=not args.json)
        else:
            await _answer(searcher, args.query, args, separator=False)
    finally:
        await searcher.close()


async def _answer(searcher: Searcher, query: str, args: argparse.Namespace, separator: bool) -> None:
    hits = await searcher.search(query, limit=args.limit, interview=args.interview)
    if args.json:
        print(json.dumps(answer_json(query, hits, searcher.reads_english(query)), ensure_ascii=False))
    else:
        if separator:
            print(f"» {safe_text(query)}\n")
        print(safe_text(answer_plain(hits)))
        if separator:
            print("\n════════\n")


async def _card(args: argparse.Namespace, settings: Settings) -> None:
    from bot.present.card import STYLES, card_text, raqm_available, render_card
    from bot.search.index import Index

    if args.engine == "raqm" and not raqm_available():
        raise UsageError(
            "--engine raqm needs Pillow's Raqm layout, which needs the system's FriBiDi"
            " (Debian: apt install libfribidi0); use --engine basic, or leave --engine out"
        )

    analyzer = build_analyzer(settings.stopwords_path)
    if args.db is None:
        _corpus_folder(settings)
    index = await Index.open(args.db if args.db is not None else await ensure_index(settings, analyzer))
    try:
        passage = await index.passage(args.passage)
        role = await index.role(passage.interview) if passage is not None else ""
    finally:
        await index.close()
    if passage is None:
        raise UsageError(f"no passage {args.passage!r} in the index (ids look like mirlohi-q2-1)")
    png = render_card(card_text(passage, role, args.handle),
                      STYLES[args.style or settings.card_style], args.engine)  # fmt: skip
    output = args.output or Path(f"card-{passage.id}.png")
    try:
        output.write_bytes(png)
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror}") from None
    print(f"wrote {output} ({len(png) / 1024:.0f} KiB)")


async def _rotate_salt(args: argparse.Namespace, settings: Settings) -> None:
    """A new random key beside the stats file: hashes made before it are linked to no one."""
    from bot.stats_key import rotate

    try:
        path = rotate(settings.stats_path)
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot rotate the stats key: {exc}") from None
    print(f"a new key for the askers' hashes is in {path} (0600); restart the bot to use it")


async def _backup(args: argparse.Namespace, settings: Settings) -> None:
    """SQLite's online backup of the stats file: a consistent copy while the bot writes to it."""
    from bot.stats_schema import backup

    source: Path = args.stats or settings.stats_path
    if not source.is_file():
        raise UsageError(f"no stats database at {source} (see [stats] path, or give --stats)")
    if args.output.is_dir():
        raise UsageError(
            f"{args.output} is a folder: give the file to write, e.g. {args.output / 'stats.sqlite'}"
        )
    try:
        copied = await asyncio.to_thread(backup, source, args.output)
    except OSError as exc:
        raise UsageError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    print(f"backed up {source} to {args.output}: {copied} question row(s), schema v{STATS_SCHEMA}")


async def _index(args: argparse.Namespace, settings: Settings) -> None:
    from bot.library.corpus import corpus_files

    target: Path = args.db or settings.index_path
    if target.is_dir():
        raise UsageError(
            f"{target} is a folder: --db takes the index file to write, e.g. {target / 'index.sqlite'}"
        )
    analyzer = build_analyzer(settings.stopwords_path)
    files, added = _index_files(args, settings) if args.db is None else (list(args.files), [])
    files = files or corpus_files(settings.corpus_dir)
    for path in files:
        if path.suffix not in (".md", ".jsonl"):
            raise UsageError(f"{path}: expected an interview file (.md) or passages (.jsonl)")
    bar = None
    if sys.stderr.isatty():  # a 100k-passage build takes a while: show it on a terminal, not in a log
        from tqdm import tqdm

        bar = tqdm(desc="index", unit="passage", file=sys.stderr, leave=False)

    def progress(done: int, total: int) -> None:
        if bar is not None:
            bar.total = total
            bar.update(done - bar.n)

    try:
        stats = await build_from_files(files, target, analyzer, settings, progress)
    except InterviewFileError:
        for path in added:  # the corpus stays as it was: the old index serves on
            path.unlink(missing_ok=True)
        raise
    except OSError as exc:  # a folder that cannot be written, a full disk
        for path in added:
            path.unlink(missing_ok=True)
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        if bar is not None:
            bar.close()
    print(
        f"indexed {stats.passages} passages from {len(files)} file(s) into {stats.path}"
        f" in {stats.seconds:.2f} s ({stats.bytes / 1024:.0f} KiB)"
    )


async def _judgments(args: argparse.Namespace, settings: Settings) -> None:
    """``judgments export``: the readers' verdicts as the development questions' TSV."""
    from bot.reply.judgments import Unreadable, export_tsv, read_judgments
    from bot.search.index import Index

    try:
        rows = await read_judgments(settings)
    except Unreadable as exc:
        raise UsageError(str(exc)) from None
    index = await Index.open(args.db or settings.index_path)
    try:
        lines, gone = await export_tsv(rows, index.passage)
    finally:
        await index.close()
    text = "\n".join(lines) + "\n"
    if args.output is None:
        sys.stdout.write(text)
    else:
        try:
            args.output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {args.output}: {exc.strerror}") from None
        print(f"wrote {len(lines) - 1} judgment(s) to {args.output}", file=sys.stderr)
    if gone:
        print(f"{gone} judgment(s) left out: their passage is no longer in the index", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = make_parser().parse_args(argv)
        settings = load_settings()
        if args.command == "run":
            _run(settings)
        else:
            commands = {
                "ask": _ask, "index": _index, "card": _card, "import": import_sources,
                "publish": publish_files, "judgments": _judgments, "backup": _backup,
                "rotate-salt": _rotate_salt,
            }  # fmt: skip
            asyncio.run(commands[args.command](args, settings))
    except (
        UsageError,
        SettingsError,
        InterviewFileError,
        IndexUnavailable,
        SynonymsError,
        StatsSchemaError,
    ) as exc:
        print(f"interview-bot: {safe_text(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `interview-bot ask - < q.txt | head`
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
