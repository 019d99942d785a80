"""hazm's Persian lexicon as a stemmer: word frequencies and verb conjugations.

hazm ships a list of 190,000 words with their corpus frequencies and 700 verbs with their past and
present stems. We read those data files directly (importing hazm itself costs 1.5 s, its
Normalizer another 1.5 s) and use them to decide how far a word may be cut:

- a verb form, with or without «می»/«ن»/«ب», in any person or tense, becomes its past stem
  («می‌شود», «شدند», «نمی‌شویم» → «شد»), colloquial endings included («میرین» → «رفت»);
- a plural suffix is always removed («برنامه‌ها» → «برنامه»);
- other suffixes (ی، ان، ات، تر، ترین، pronoun endings, also after a glide as in «عمویش», the
  colloquial plural ا) only when the lexicon says the shorter word is the more common one (the
  most common, where several are) and is not a stop word: «اتریشی» → «اتریش», «زنان» → «زن»,
  «دریای» → «دریا», «شهردارا» → «شهردار», «عمویش» → «عمو», and a silent «ه» written «گ»
  before «ان» or «ی» back to «ه» («نمایندگان» → «نماینده»), but «تهران» and «جهان» stay whole,
  «نمایش» is not «نما» + «یش», and «درمان» does not become «در».

Measured on the public Persian QA sets this beats both hazm's Stemmer (which over-strips: ایران →
ایر) and its Lemmatizer (which knows only listed forms); see BENCHMARKS.md.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

# Suffixes removed whenever at least two letters remain.
PLURAL_SUFFIXES = (
    "هایمان", "هایتان", "هایشان", "هایی", "هایم", "هایت", "هایش", "های", "ها",
)  # fmt: skip
# Suffixes removed only when the lexicon prefers the shorter word.
LEXICAL_SUFFIXES = (
    "ترین", "مان", "تان", "شان", "شون", "تون", "مون", "تر", "ان", "ات", "ین", "یی", "ای", "ی",
    "ش", "م", "ت",
    "یشان", "یمان", "یتان", "یش",  # a pronoun after a vowel, with its glide: «عمویش» → «عمو»
    "ا",  # the colloquial plural: «شهردارا» → «شهردار»
)  # fmt: skip

# A word ending in a silent «ه» writes it as «گ» before «ان» and «ی»: «نماینده» → «نمایندگان»,
# «خسته» → «خستگی». Taken on the same terms as the suffixes above.
SILENT_HEH_SUFFIXES = (("گان", "ه"), ("گی", "ه"))
# Every (ending, what replaces it) the lexicon may undo, in the order ties are settled.
LEXICAL_ENDINGS = tuple((suffix, "") for suffix in LEXICAL_SUFFIXES) + SILENT_HEH_SUFFIXES

PAST_ENDINGS = ("", "م", "ی", "یم", "ید", "ند", "ین", "ن")
PRESENT_ENDINGS = ("م", "ی", "د", "یم", "ید", "ند", "ه", "ین", "ن")
PERFECT_ENDINGS = ("", "ام", "ای", "ایم", "اید", "اند", "است")
MIN_STEM = 2


def hazm_data_dir() -> Path:
    """hazm's data folder, found without importing hazm (whose import takes over a second)."""
    spec = importlib.util.find_spec("hazm")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("hazm is not installed: run `uv sync`")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


@dataclass(frozen=True)
class Lexicon:
    frequency: dict[str, int]
    verb_lemma: dict[str, str]
    # Colloquial words and their written forms, from hazm's iwords.dat: «اومد» → «آمد»,
    # «دیگه» → «دیگر», «اونم» → «آن» «هم». Folded and affix-joined like the text they replace.
    informal: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def stem(self, token: str, keep: frozenset[str] = frozenset()) -> str:
        """The key for one folded, affix-joined token. A suffix is never cut to leave a word in
        ``keep`` (the stop words): «درمان» must not become the stop word «در»."""
        lemma = self.verb_lemma.get(token)
        if lemma is not None:
            return lemma
        word = token
        for _ in range(3):  # «کشورهایشان»: a plural and a pronoun; at most three layers
            shorter = self._strip_once(word, keep)
            if shorter == word:
                break
            word = shorter
            lemma = self.verb_lemma.get(word)
            if lemma is not None:
                return lemma
        return word

    def _strip_once(self, word: str, keep: frozenset[str]) -> str:
        for suffix in PLURAL_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
                return word[: -len(suffix)]
        # Of the shorter words, the most common, if it is more common than the word itself:
        # «دریای» → «دریا», not the first suffix's «دری».
        best, most = word, self.frequency.get(word, 0)
        for suffix, ending in LEXICAL_ENDINGS:
            if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
                shorter = word[: -len(suffix)] + ending
                frequency = self.frequency.get(shorter, 0)
                if frequency > most and shorter not in keep:
                    best, most = shorter, frequency
        return best


def _verb_forms(past: str, present: str, informal_present: str | None) -> list[tuple[str, bool]]:
    """Every conjugated form of one verb, each with whether it starts with a mood/negation prefix.

    Prefixed forms («نشست» = ن + شست) can collide with ordinary words, so the caller lets them
    lose to a noun or adjective of the same spelling.
    """
    forms: list[tuple[str, bool]] = []
    for ending in PAST_ENDINGS:
        forms.append((past + ending, False))
        for prefix in ("می", "نمی"):
            forms.append((prefix + past + ending, False))
        forms.append(("ن" + past + ending, True))
    forms.append((past + "ن", False))  # infinitive
    for ending in PERFECT_ENDINGS:
        forms.append((past + "ه" + ending, False))
        forms.append(("ن" + past + "ه" + ending, True))
    presents = [present] if not informal_present else [present, informal_present]
    for stem in presents:
        for ending in PRESENT_ENDINGS:
            glide = "ی" if stem[-1:] in ("ا", "و") and ending[:1] in ("ی", "ه") else ""
            for with_glide in {"", glide}:
                form = stem + with_glide + ending
                for prefix in ("می", "نمی"):
                    forms.append((prefix + form, False))
                for prefix in ("ب", "ن"):
                    forms.append((prefix + form, True))
                forms.append((form, True))
    return forms


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "interview-bot"


@cache  # the code and data a process runs with do not change under it
def analysis_version() -> str:
    """Changes whenever a word's key may: hazm's data files, the lexicon's or the analyzer's code.
    A cached lexicon and a built index are only good for the version they were made with."""
    return _cache_key(hazm_data_dir())


def _cache_key(data: Path) -> str:
    """Changes when hazm's data files or the code that builds the lexicon from them change."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(Path(__file__).with_name("analyzer.py").read_bytes())  # the folding
    for name in ("words.dat", "verbs.dat", "iverbs.dat", "iwords.dat"):
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
        frequency, verb_lemma, informal = marshal.loads(path.read_bytes())
        return Lexicon(frequency=frequency, verb_lemma=verb_lemma, informal=informal)
    except (OSError, EOFError, ValueError, TypeError):
        pass
    lexicon = build_lexicon(hazm_data_dir())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_bytes(marshal.dumps((lexicon.frequency, lexicon.verb_lemma, lexicon.informal)))
        os.replace(temporary, path)
    except OSError:
        pass
    return lexicon


def build_lexicon(data: Path) -> Lexicon:
    """Read hazm's word and verb lists, folded the way the analyzer folds."""
    # The analyzer imports this module; its char filters are plain functions.
    from bot.analyzer import fold, fold_letters, join_affixes, strip_diacritics, tokenize

    frequency: dict[str, int] = {}
    nouns: set[str] = set()
    # Folding the whole file at once is ten times faster than folding 190,000 lines one by one.
    text = fold_letters(strip_diacritics((data / "words.dat").read_text(encoding="utf-8")))
    for line in text.replace("\u200c", "").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        word = parts[0].replace(" ", "")
        count = int(parts[1]) if parts[1].isdigit() else 0
        if count > frequency.get(word, -1):
            frequency[word] = count
        if count > 0 and len(parts) > 2 and parts[2] not in ("", "V"):
            nouns.add(word)

    informal: dict[str, str] = {}
    with (data / "iverbs.dat").open(encoding="utf-8") as lines:
        for line in lines:
            parts = line.split()
            if len(parts) >= 2 and "#" in parts[0]:
                informal[fold(parts[0].split("#")[0])] = fold(parts[1])

    verb_lemma: dict[str, str] = {}
    prefixed: dict[str, str] = {}
    with (data / "verbs.dat").open(encoding="utf-8") as lines:
        for line in lines:
            if "#" not in line:
                continue
            past, present = (fold(part.strip()) for part in line.split("#", 1))
            if not past or not present:
                continue
            for form, is_prefixed in _verb_forms(past, present, informal.get(past)):
                target = prefixed if is_prefixed else verb_lemma
                target.setdefault(form, past)
    for form, lemma in prefixed.items():
        if form not in verb_lemma and form not in nouns:
            verb_lemma[form] = lemma
    informal_words: dict[str, tuple[str, ...]] = {}
    for line in (data / "iwords.dat").read_text(encoding="utf-8").splitlines():
        colloquial, _, written = line.partition(" ")
        source = join_affixes(tokenize(fold(colloquial)))
        formal = tuple(join_affixes(tokenize(fold(written))))
        if len(source) == 1 and formal and formal != (source[0],):
            informal_words[source[0]] = formal
    return Lexicon(frequency=frequency, verb_lemma=verb_lemma, informal=informal_words)
