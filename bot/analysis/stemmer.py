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
# The plural «ان» after a vowel takes a glide: «دانشجویان» → «دانشجو», «آقایان» → «آقا».
GLIDE_PLURAL = ("یان", "")
# Every (ending, what replaces it) the lexicon may undo, in the order ties are settled.
LEXICAL_ENDINGS = tuple((suffix, "") for suffix in LEXICAL_SUFFIXES) + SILENT_HEH_SUFFIXES + (GLIDE_PLURAL,)
# Endings that only ever make a plural («مشکلات», «محققین», «خوانندگان»): cut whenever the word
# they leave is the more common. Any other ending may be part of a word of its own: «مردم» is
# not «مرد» + «م», «روش» not «رو» + «ش», «کرمان» not «کر» + «ان», though the shorter word is the
# more common in hazm's counts; those are cut only when the shorter word is ``OTHER_WORD`` times
# as common (the adjective «خانوادگی» is a third as common as «خانواده», «مردم» five sixths of «مرد»).
PLURAL_ONLY = frozenset({"ات", "ین", "گان", "یان"})
OTHER_WORD = 2

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
NOUN_OVER_VERB = 1000  # hazm's count from which a noun outweighs a past form spelled like it
NOUN_STEM = 1_000_000  # hazm's count from which a present stem is first a noun («کار», «زن», «گوش»)
# The light verbs of compound verbs, whose present forms go without a prefix: «فکر کنم», «انجام
# دهیم», «تبدیل شود», «تصمیم بگیرم» / «تصمیم گیرم»; folded as the analyzer folds them.
LIGHT_VERBS = frozenset(
    {"کرد", "شد", "داد", "گرفت", "زد", "خورد", "اورد", "کشید", "داشت", "خواست", "توانست", "بود",
     "گشت", "نمود", "یافت", "رفت", "امد", "ساخت", "گذاشت", "انداخت", "دید", "برد"}
)  # fmt: skip
PERSONAL_PAST = frozenset(PAST_ENDINGS) - {"", "ن"}  # «ن» also makes the infinitive: «رفتن» is «رفت»


@dataclass(frozen=True)
class Lexicon:
    frequency: dict[str, int]
    verb_lemma: dict[str, str]
    # Colloquial words and their written forms, from hazm's iwords.dat: «اومد» → «آمد»,
    # «دیگه» → «دیگر», «اونم» → «آن» «هم». Folded and affix-joined like the text they replace.
    informal: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Words hazm lists as a noun, adjective or adverb of their own but never counted («جوان»):
    # nothing is cut from them (a count of 0 says nothing of how common they are, and «جو» is
    # not «جوان» less «ان»), and a longer word may be cut to them («جوانان» → «جوان»).
    lemmas: frozenset[str] = frozenset()
    # Present forms with no prefix that the stemmer reads as a noun with an ending («گویند»,
    # «کارم»): still a verb after «می», which is what the importer's ZWNJ repair asks.
    bare_verbs: frozenset[str] = frozenset()

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
        if word in self.lemmas and not self._ezafe(word):
            return word
        # Of the shorter words, the most common, if it is more common than the word itself:
        # «دریای» → «دریا», not the first suffix's «دری».
        own = self.frequency.get(word, 0)
        best, most = word, own
        for suffix, ending in LEXICAL_ENDINGS:
            if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
                shorter = word[: -len(suffix)] + ending
                if suffix in ("م", "ت", "ش") and shorter.endswith("ه"):  # «خانه‌ام»: «سهم» is no «سه» + «م»
                    continue
                after_vowel = shorter.endswith(("ا", "و"))
                if suffix == GLIDE_PLURAL[0] and (own or not after_vowel):  # «پایان» is no «پا» + «یان»
                    continue
                # a listed word with no count, for a suffix of two letters or more: «جوانان» →
                # «جوان»; a single letter too easily leaves one by chance («شماست» → «شماس»)
                frequency = self.frequency.get(shorter, 0) or int(len(suffix) > 1 and shorter in self.lemmas)
                # after a vowel, «ی» is the glide of the ezafe or of «ای»: «تقاضای» → «تقاضا»
                sure = suffix in PLURAL_ONLY or (after_vowel and suffix in ("ی", "یی"))
                needed = own if sure else OTHER_WORD * own
                if frequency > max(most, needed) and shorter not in keep:
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

    def _ezafe(self, word: str) -> bool:
        """A counted word ending in a vowel, with the ezafe's glide: «تقاضای», which hazm also lists."""
        return word.endswith(("ای", "وی")) and self.frequency.get(word[:-1], 0) > 0

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
        for form in sorted(_bare_present(stem)):
            for prefix in ("می", "نمی"):
                forms.append((prefix + form, False))
            for prefix in ("ب", "ن"):
                forms.append((prefix + form, True))
            forms.append((form, True))
    return forms


def _bare_present(present: str) -> set[str]:
    """A verb's present forms with no prefix at all («کارم», «زنم»), with a glide after a vowel."""
    bare = set()
    for ending in PRESENT_ENDINGS:
        glide = "ی" if present[-1:] in ("ا", "و") and ending[:1] in ("ی", "ه") else ""
        bare.update({present + ending, present + glide + ending})
    return bare


def build_lexicon(data: Path | None = None) -> Lexicon:
    """The stemmer's tables from hazm's word and verb lists, folded the way the analyzer folds."""
    frequency: dict[str, int] = {}
    nouns: set[str] = set()
    lemmas: set[str] = set()
    entries = dictionary.words(data)
    # Folding the whole list at once is ten times faster than folding 190,000 words one by one.
    folded = fold_letters(strip_diacritics("\n".join(e.word for e in entries))).replace(ZWNJ, "")
    for entry, spelled in zip(entries, folded.split("\n"), strict=True):
        word = spelled.replace(" ", "")
        if entry.count > frequency.get(word, -1):
            frequency[word] = entry.count
        if entry.count > 0 and entry.tag not in ("", "V"):
            nouns.add(word)
        elif entry.count == 0 and entry.tag not in ("", "0", "V") and "PL" not in entry.tag.split(","):
            lemmas.add(word)

    informal = {fold(past): fold(present) for past, present in dictionary.informal_verbs(data)}
    verb_lemma: dict[str, str] = {}
    prefixed: dict[str, str] = {}
    nouns_with_endings: set[str] = set()
    light: set[str] = set()
    for written_past, written_present in dictionary.verbs(data):
        past, present = fold(written_past), fold(written_present)
        if not past or not present:
            continue
        # A present form with no prefix is rare but for a few verbs («دارم», «خواهم») and the
        # light verbs of compound verbs («فکر کنم», «انجام دهم»); when its stem is a common noun
        # it is that noun with an ending: «کارم» is my work, not «I plant», «گوشی» a phone.
        unprefixed = _bare_present(present)
        if past in LIGHT_VERBS:
            light.update(unprefixed)
        noun_stem = past not in LIGHT_VERBS and frequency.get(present, 0) >= NOUN_STEM
        bare = unprefixed if noun_stem else set()
        nouns_with_endings.update(bare)
        for form, is_prefixed in _verb_forms(past, present, informal.get(past)):
            if not (is_prefixed and form in bare):  # «کند» is still «کندن»'s past
                target = prefixed if is_prefixed else verb_lemma
                target.setdefault(form, past)
    nouns_with_endings -= light  # «کنی» is «کرد»'s, though «کندن» (to dig) has «کن» for a stem
    for form, lemma in prefixed.items():  # nor another verb's prefix read into them («نیازی»)
        if form not in verb_lemma and form not in nouns and form not in nouns_with_endings:
            verb_lemma[form] = lemma
    # A past form with a personal ending that is also a common noun is read as the noun: «مردم»
    # (people) is not «مرد» (died) + «م», nor «کشتی» (ship) «کشت» + «ی». Rare nouns («ساختی», 16
    # in hazm's counts) do not outweigh the verb a reader more likely means.
    for form, lemma in list(verb_lemma.items()):
        if form in nouns and frequency[form] >= NOUN_OVER_VERB and form[len(lemma) :] in PERSONAL_PAST:
            del verb_lemma[form]
    informal_words: dict[str, tuple[str, ...]] = {}
    for colloquial, written in dictionary.informal_words(data):
        source = surface_words(colloquial)
        formal = tuple(surface_words(written))
        if len(source) == 1 and formal and formal != (source[0],):
            informal_words[source[0]] = formal
    lemmas -= {word for word, count in frequency.items() if count > 0}  # counted elsewhere in the list
    return Lexicon(frequency, verb_lemma, informal_words, frozenset(lemmas), frozenset(nouns_with_endings))
