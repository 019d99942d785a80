"""The lexicon kept between processes, and the analysis version that says when it is stale.

Building the stemmer's tables from hazm's files takes half a second; a marshal file in the
user's cache folder brings that to 0.05 s. The same version stamps every built index, so a new
release of the bot or of hazm that may key a word differently triggers a rebuild.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from functools import cache
from pathlib import Path

from bot.analysis import dictionary
from bot.analysis.stemmer import Lexicon, build_lexicon

# The modules beside this one whose code decides a word's key: a change to any of them changes
# the version. Read as files, not imported: the analyzer imports this module.
KEYING_MODULES = ("chars.py", "dictionary.py", "stemmer.py", "numbers.py", "analyzer.py")


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "interview-bot"


@cache  # the code and data a process runs with do not change under it
def analysis_version() -> str:
    """Changes whenever a word's key may: hazm's data files or the analysis code.
    A cached lexicon and a built index are only good for the version they were made with."""
    return _version(dictionary.hazm_data_dir())


def _version(data: Path) -> str:
    digest = hashlib.sha256()
    for name in KEYING_MODULES:
        digest.update(Path(__file__).with_name(name).read_bytes())
    for name in dictionary.FILES:
        stat = (data / name).stat()
        digest.update(f"{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


@cache
def load_lexicon() -> Lexicon:
    """The lexicon, from a cache file when one matches (0.05 s), else built (0.5 s) and cached.

    A cache that cannot be read or written is ignored: it only ever saves time.
    """
    path = cache_dir() / f"lexicon-{analysis_version()}.marshal"
    try:
        frequency, verb_lemma, informal, lemmas, bare = marshal.loads(path.read_bytes())
        return Lexicon(frequency, verb_lemma, informal, frozenset(lemmas), frozenset(bare))
    except (OSError, EOFError, ValueError, TypeError):
        pass
    lexicon = build_lexicon(dictionary.hazm_data_dir())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_bytes(
            marshal.dumps(
                (lexicon.frequency, lexicon.verb_lemma, lexicon.informal, lexicon.lemmas, lexicon.bare_verbs)
            )
        )
        os.replace(temporary, path)
    except OSError:
        pass
    return lexicon
