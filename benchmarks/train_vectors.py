"""Word vectors trained on a real amount of Persian text, keyed by the bot's own analyzer.

    # the corpora, as public repository snapshots (the `fetch` tool of these sessions, or git clone
    # at the commits below), under MIRROR/<owner>+<name>/repo:
    uv run --with gensim==4.4.0 python -m benchmarks.train_vectors --mirror /work/.mirror

What it does, deterministically (one worker, a fixed seed):
1. reads each source's files at the pinned commit (``git show COMMIT:PATH``; no work tree needed);
2. runs every paragraph through the analyzer (the chain that indexes passages and reads questions),
   so a vector's key is the key a question or a passage is looked up by; one line of keys per
   paragraph goes to ``WORK/keys.txt``;
3. trains skip-gram word2vec (gensim, a throw-away dependency: never one of the bot's) over them and
   saves the model in ``WORK/vectors.kv``, the corpus statistics in ``WORK/stats.json``.

``benchmarks.vectors_cv`` measures what the vectors do for ranking, leave-one-interview-out. The
sources (licences as their repositories state them):

- UD_Persian-PerDT (CC BY-SA 4.0): the dev and test treebanks and the NER-tagged training text;
- UD_Persian-Seraji (CC BY-SA 4.0): the dev and test treebanks (the train file is not in the
  snapshot);
- language-ml/course-nlp-ir-1-text-exploring (the repository is Apache-2.0; its texts were
  crawled from Fars News, Varzesh3 and Namnak, whose own terms are the sites'): the news, sports
  and health articles present in the snapshot, and the Persian «Little Prince» sentences.
"""

from __future__ import annotations

import argparse
import ast
import json
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing import Pool
from pathlib import Path

from bot.analysis.analyzer import Analyzer, build_analyzer
from bot.settings import load_settings

MIRROR = Path("/work/.mirror")
WORK = Path("/tmp/vectors")
DIM, WINDOW, MIN_COUNT, EPOCHS, SEED = 100, 5, 5, 10, 1


@dataclass(frozen=True)
class Source:
    repo: str  # owner/name
    commit: str
    licence: str
    files: tuple[tuple[str, str], ...]  # (path, kind): conllu, tokens, articles, amr


COURSE = "exploring-datasets/"
SOURCES = (
    Source(
        "UniversalDependencies/UD_Persian-PerDT",
        "d728a98d73bd2e52b693c582f249e162a76b6b8f",
        "CC BY-SA 4.0",
        (
            ("fa_perdt-ud-dev.conllu", "conllu"),
            ("fa_perdt-ud-test.conllu", "conllu"),
            ("not-to-release/train_ner.txt", "tokens"),
        ),
    ),
    Source(
        "UniversalDependencies/UD_Persian-Seraji",
        "e53af38f4adc0edcdc056b8a2378cad791dc322a",
        "CC BY-SA 4.0",
        (("fa_seraji-ud-dev.conllu", "conllu"), ("fa_seraji-ud-test.conllu", "conllu")),
    ),
    Source(
        "language-ml/course-nlp-ir-1-text-exploring",
        "48c7d56a33a6f75709e90b001529bf7705420674",
        "Apache-2.0 (repository); texts crawled from Fars News, Varzesh3, Namnak",
        (
            *((f"{COURSE}news/fars-news-{i}.json", "articles") for i in range(1, 6)),
            *((f"{COURSE}sports/varzesh3-{i}.json", "articles") for i in range(1, 6)),
            (f"{COURSE}health/namnak-5.json", "articles"),
            (f"{COURSE}literature/world/The-Little Prince-Persian-dataset.txt", "amr"),
        ),
    ),
)
# An experiment, not in the default corpus: classical poetry (public-domain poems as scraped from
# ganjoor; the repository states no licence of its own), a line (hemistich) at a time.
POEMS = Source(
    "amnghd/Persian_poems_corpus",
    "a5fd55f49cf7c82a4464da45b3930f7c093c1ee5",
    "none stated (public-domain poems)",
    tuple(
        (f"normalized/{poet}_norm.txt", "lines")
        for poet in [
            "abusaeed",
            "amir",
            "anvari",
            "asad",
            "asadi",
            "babaafzal",
            "bahaee",
            "bahar",
            "bidel",
            "eraghi",
            "farrokhi",
            "feyz",
            "ghaani",
            "gilani",
            "hafez",
            "hatef",
            "helali",
            "iqbal",
            "jami",
            "kamal",
            "khaghani",
            "khajoo",
            "khayyam",
            "khosro",
            "manoochehri",
            "moulavi",
            "naserkhosro",
            "nezari",
            "obeyd",
            "onsori",
            "orfi",
            "ouhadi",
            "parvin",
            "rahi",
            "razi",
            "roodaki",
            "saadi",
            "saeb",
            "salman",
            "sanaee",
            "seyf",
            "shabestari",
            "shahnematollah",
            "shahriar",
            "vahshi",
            "zahir",
        ]
    ),
)


def read(mirror: Path, source: Source, path: str) -> str:
    git_dir = mirror / source.repo.replace("/", "+") / "repo"
    shown = subprocess.run(
        ["git", "--git-dir", str(git_dir), "show", f"{source.commit}:{path}"],
        capture_output=True,
        check=True,
    )
    return shown.stdout.decode("utf-8")


def paragraphs(text: str, kind: str) -> Iterator[str]:
    """A file's running text, a paragraph (or sentence) at a time."""
    if kind == "conllu":
        yield from (line[len("# text = ") :] for line in text.splitlines() if line.startswith("# text = "))
    elif kind == "amr":
        yield from (line[len("# ::snt ") :] for line in text.splitlines() if line.startswith("# ::snt "))
    elif kind == "tokens":  # a token a line, a blank line between sentences
        for block in text.split("\n\n"):
            if block.strip():
                yield " ".join(block.split())
    elif kind == "lines":
        yield from text.splitlines()
    elif kind == "articles":
        for article in json.loads(text):
            yield from (article.get("title") or "", article.get("abstract") or "")
            body = article.get("paragraphs") or "[]"
            yield from (ast.literal_eval(body) if isinstance(body, str) else body)
    else:
        raise ValueError(f"unknown kind {kind}")


def corpus(mirror: Path, poems: bool = False) -> Iterator[str]:
    for source in (*SOURCES, POEMS) if poems else SOURCES:
        for path, kind in source.files:
            yield from (p for p in paragraphs(read(mirror, source, path), kind) if p.strip())


_ANALYZER: Analyzer | None = None


def _keys(text: str) -> str:
    global _ANALYZER
    if _ANALYZER is None:
        _ANALYZER = build_analyzer(load_settings().stopwords_path)
    return " ".join(_ANALYZER.analyze(text))


def analyze(mirror: Path, out: Path, poems: bool = False) -> dict[str, int]:
    """Every paragraph's keys, a line each, in the sources' order (two processes, order kept)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    words = lines = 0
    with Pool(2) as pool, out.open("w", encoding="utf-8") as f:
        for keys in pool.imap(_keys, corpus(mirror, poems), chunksize=256):
            if keys:
                f.write(keys + "\n")
                lines += 1
                words += keys.count(" ") + 1
    return {"paragraphs": lines, "keys": words}


def train(keys_path: Path, fasttext: bool = False) -> object:
    from gensim.models import FastText, Word2Vec  # type: ignore[import-not-found,unused-ignore]
    from gensim.models.word2vec import LineSentence  # type: ignore[import-not-found,unused-ignore]

    if fasttext:  # character 3–5-grams too: a key the corpus never had still gets a vector
        return FastText(
            LineSentence(str(keys_path)), vector_size=DIM, window=WINDOW, min_count=MIN_COUNT, sg=1,
            negative=5, sample=1e-4, epochs=EPOCHS, seed=SEED, workers=1, min_n=3, max_n=5, bucket=200_000,
        )  # fmt: skip
    return Word2Vec(
        LineSentence(str(keys_path)),
        vector_size=DIM,
        window=WINDOW,
        min_count=MIN_COUNT,
        sg=1,
        negative=5,
        sample=1e-4,
        epochs=EPOCHS,
        seed=SEED,
        workers=1,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, default=MIRROR, help="where the snapshots are")
    parser.add_argument("--work", type=Path, default=WORK, help="where keys, model and stats go")
    parser.add_argument("--poems", action="store_true", help="add the classical poems (an experiment)")
    parser.add_argument("--fasttext", action="store_true", help="fastText (subwords) instead of word2vec")
    parser.add_argument("--reuse", action="store_true", help="reuse WORK/keys.txt if it is there")
    args = parser.parse_args()
    keys_path = args.work / "keys.txt"
    started = time.perf_counter()
    if args.reuse and keys_path.exists():
        counts = Counter(k for line in keys_path.open(encoding="utf-8") for k in line.split())
        stats: dict[str, object] = {
            "paragraphs": sum(1 for _ in keys_path.open(encoding="utf-8")),
            "keys": counts.total(),
        }
    else:
        stats = dict(analyze(args.mirror, keys_path, args.poems))
    stats["analyze_s"] = round(time.perf_counter() - started, 1)
    print(f"analyzed: {stats}", flush=True)
    started = time.perf_counter()
    model = train(keys_path, args.fasttext)
    stats["train_s"] = round(time.perf_counter() - started, 1)
    stats["vocabulary"] = len(model.wv)  # type: ignore[attr-defined]
    stats["model"] = "fastText" if args.fasttext else "word2vec"
    stats["corpus"] = "treebanks + news/sports/health" + (" + classical poems" if args.poems else "")
    model.wv.save(str(args.work / "vectors.kv"))  # type: ignore[attr-defined]
    (args.work / "stats.json").write_text(json.dumps(stats), encoding="utf-8")
    print(f"trained: {stats}")


if __name__ == "__main__":
    main()
