"""The stemmer: hazm's lexicon (``dictionary``) as rules for how far a word may be cut.

hazm ships a list of 190,000 words with their corpus frequencies and 700 verbs with their past and
present stems; ``build_lexicon`` turns them into the tables ``Lexicon.stem`` reads:

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

from dataclasses import dataclass, field
from pathlib import Path

from bot.analysis import dictionary
from bot.analysis.chars import ZWNJ, fold, fold_letters, strip_diacritics, surface_words

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

# Endings of speech, undone only for a word the lexicon does not know, when it knows what is left:
# the colloquial plural with a pronoun or «یی» («بلیتاشون» → «بلیت», «سازایی» → «ساز») and the
# copula «ه» («رایگانه» → «رایگان», «چنده» → the stop word «چند»). A known word never changes.
COLLOQUIAL_ENDINGS = ("اشون", "اشان", "امون", "اتون", "ایی", "ه")

# What Telegram's readers hang on a noun, written together: a plural, then a pronoun, then the
# spoken object marker «و»/«رو» («دوستاش», «حرفاشو», «کتابمو», «همکارام», «انگشتانش», «تیمش»).
# Peeled only from a word the lexicon does not know, and only down to a word it
# does (or one of its colloquial words): the same analyzer keys the passages, so a rare name cut
# too far still meets itself, while a clitic left on a question's word meets nothing.
_PLURALS = ("", "ها", "های", "ا", "ان")
PRONOUN_ENDINGS = frozenset({"م", "ت", "ش", "مون", "تون", "شون", "مان", "تان", "شان", "ام", "ات", "اش"})
_PRONOUNS = ("", *sorted(PRONOUN_ENDINGS), "یم", "یت", "یش")  # with a glide after a vowel: «بازیش»
_OBJECTS = ("", "و", "رو")
CLITIC_ENDINGS = tuple(
    sorted(
        {p + n + o for p in _PLURALS for n in _PRONOUNS for o in _OBJECTS if n or o or p in ("ها", "های")},
        key=lambda e: (len(e), e),
    )
)

PAST_ENDINGS = ("", "م", "ی", "یم", "ید", "ند", "ین", "ن")
PRESENT_ENDINGS = ("م", "ی", "د", "یم", "ید", "ند", "ه", "ین", "ن")
PERFECT_ENDINGS = ("", "ام", "ای", "ایم", "اید", "اند", "است")
MIN_STEM = 2


@dataclass(frozen=True)
class Lexicon:
    frequency: dict[str, int]
    verb_lemma: dict[str, str]
    # Colloquial words and their written forms, from hazm's iwords.dat: «اومد» → «آمد»,
    # «دیگه» → «دیگر», «اونم» → «آن» «هم». Folded and affix-joined like the text they replace.
    informal: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def stem(self, token: str, keep: frozenset[str] = frozenset(), spoken: bool = True) -> str:
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
            # «خونهمون» → «خونه», the spoken «خانه»; not a written word that is also spoken
            # for another («خانم» → «خان», never «خوان»)
            written = self.informal.get(word) if spoken and not self.frequency.get(word) else None
            if written is not None and len(written) == 1:
                return self.stem(written[0], keep, spoken=False)
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
        if most == 0:  # a word the lexicon does not know: perhaps a spoken form of one it does
            for suffix in COLLOQUIAL_ENDINGS:
                shorter = word[: -len(suffix)]
                known = shorter in keep or shorter in self.frequency
                if word.endswith(suffix) and len(shorter) >= MIN_STEM and known:
                    return shorter
            if word not in self.frequency and word not in self.informal:
                return self._peel(word) or best
        return best

    def _peel(self, word: str) -> str | None:
        """An unknown word's clitics, peeled (see ``CLITIC_ENDINGS``): the fewest letters that
        leave a word the lexicon has counted («خانهام» → «خانه», not «خانها» or «خان»), else
        the fewest that leave a word it lists at all («تیمش» → «تیم»)."""
        listed = None
        for ending in CLITIC_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM + 1:
                shorter = word[: -len(ending)]
                written = self.informal.get(shorter)
                if shorter not in self.frequency and written is not None and len(written) == 1:
                    shorter = written[0]
                frequency = self.frequency.get(shorter)
                if frequency:
                    return shorter
                if frequency is not None and listed is None:
                    listed = shorter
        return listed


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


def build_lexicon(data: Path | None = None) -> Lexicon:
    """The stemmer's tables from hazm's word and verb lists, folded the way the analyzer folds."""
    frequency: dict[str, int] = {}
    nouns: set[str] = set()
    entries = dictionary.words(data)
    # Folding the whole list at once is ten times faster than folding 190,000 words one by one.
    folded = fold_letters(strip_diacritics("\n".join(e.word for e in entries))).replace(ZWNJ, "")
    for entry, spelled in zip(entries, folded.split("\n"), strict=True):
        word = spelled.replace(" ", "")
        if entry.count > frequency.get(word, -1):
            frequency[word] = entry.count
        if entry.count > 0 and entry.tag not in ("", "V"):
            nouns.add(word)

    informal = {fold(past): fold(present) for past, present in dictionary.informal_verbs(data)}
    verb_lemma: dict[str, str] = {}
    prefixed: dict[str, str] = {}
    for written_past, written_present in dictionary.verbs(data):
        past, present = fold(written_past), fold(written_present)
        if not past or not present:
            continue
        for form, is_prefixed in _verb_forms(past, present, informal.get(past)):
            target = prefixed if is_prefixed else verb_lemma
            target.setdefault(form, past)
    for form, lemma in prefixed.items():
        if form not in verb_lemma and form not in nouns:
            verb_lemma[form] = lemma
    informal_words: dict[str, tuple[str, ...]] = {}
    for colloquial, written in dictionary.informal_words(data):
        source = surface_words(colloquial)
        formal = tuple(surface_words(written))
        if len(source) == 1 and formal and formal != (source[0],):
            informal_words[source[0]] = formal
    return Lexicon(frequency=frequency, verb_lemma=verb_lemma, informal=informal_words)
