"""Each analyzer step alone, then the whole chain on the variants users type."""

from __future__ import annotations

import pytest

from bot.analysis.analyzer import Analyzer
from tests.helpers import FIXTURES, ROOT


@pytest.mark.parametrize(
    "variants",
    [
        ["می‌شود", "می شود", "میشود", "مي شود"],
        ["برنامه‌ها", "برنامه ها", "برنامهها", "برنامه", "برنامه‌های"],
        ["كشورهاي", "کشورهای", "کشور", "کشورها"],
        ["شــما", "شما"],
        ["۴۰", "٤٠", "40"],
        ["اتریش", "اتریشی"],
        ["بزرگ", "بزرگتر", "بزرگ‌ترین", "بزرگ تر"],
        ["کردیم", "کردید", "کردند", "می‌کنیم", "کرده‌اند"],
        ["رفتیم", "می‌رود", "رفتن", "میرین"],
        ["دیپلمات‌ها", "دیپلماتها", "دیپلمات ها"],
        ["مسئولان", "مسئولین", "مسئول"],
        ["دیپلماسی", "دیپلماسيِ", "دیپلماسی"],
        ["شعارشون", "شعارشان", "شعار"],
        ["اومده", "آمده", "آمد"],  # colloquial words take their written form (hazm's iwords.dat)
        ["خونه", "خانه"],
        ["شهردارا", "شهردارها", "شهردار"],  # the colloquial plural
        ["دریای", "دریا"],  # the most common shorter word, not the first suffix's («دری»)
        ["اجرای", "اجرا"],
        ["عمویش", "عموی", "عمو"],  # a pronoun after a vowel takes a glide: عمو + ی + ش
        ["دانشجویشان", "دانشجو"],
        ["نمایندگان", "نماینده"],  # a silent «ه» is written «گ» before «ان» and «ی»
        ["نویسندگان", "نویسنده"],
        ["هفتگی", "هفته"],
        # Spoken endings on a word the lexicon does not know: a plural with a pronoun or «یی»,
        # and the copula «ه».
        ["بلیتاشون", "بلیت‌هایشان", "بلیت"],
        ["شبایی", "شب‌هایی", "شب"],
        ["رایگانه", "رایگان"],
        # What readers hang on a noun in Telegram, peeled from a word the lexicon does not know:
        # a plural, a pronoun, the spoken object marker, with or without a ZWNJ or a space.
        ["دوستاش", "دوستامو", "دوست"],
        ["حرفاشو", "حرف‌هایش", "حرف"],
        ["کتابمو", "کتابم", "کتاب"],
        ["همکارام", "همکارانم", "همکار"],
        ["انگشتانش", "انگشت‌هایش", "انگشت"],
        ["بازیکناش", "بازیکنان", "بازیکن"],
        ["خانواده‌ام", "خانوادهام", "خانواده"],
        ["بچه‌هاشون", "بچه ها شون", "بچه‌هایشان", "بچه"],
        ["خونه‌مون", "خانه"],  # the spoken «خونه» under a pronoun is still «خانه», not «خواند»
        ["خانم", "خانمش"],  # … but a written word is not read as a spoken one («خان» is not «خوان»)
        ["تیمش", "تیم"],
        # A word hazm lists but never counted is a word of its own, and its plural comes back to it.
        ["جوان", "جوان‌ها", "جوانان", "جوان‌های", "جوانتر"],
        ["دانشجویان", "دانشجوها", "دانشجو"],  # the plural «ان» after a vowel, with its glide
        ["آقایان", "آقا"],
        ["خانواده‌ای", "خانواده"],  # «ای» after a silent «ه» is not the plural «های»
        ["تقاضای", "تقاضا"],  # after a vowel «ی» is the ezafe's glide
    ],
)
def test_variants_fold_to_one_key(analyzer: Analyzer, variants: list[str]) -> None:
    keys = {tuple(Analyzer(frozenset(), analyzer.lexicon).analyze(v)) for v in variants}
    assert len(keys) == 1, keys


def test_a_colloquial_word_may_stand_for_two_written_words(analyzer: Analyzer) -> None:
    assert analyzer.formalize(["اونم", "رفت"]) == ["ان", "هم", "رفت"]  # folded: آ → ا
    assert analyzer.words("اون خونه") == analyzer.words("آن خانه") == ["خانه"]


def test_lexicon_keeps_words_that_only_look_inflected(analyzer: Analyzer) -> None:
    assert analyzer.analyze("تهران") == ["تهران"]
    assert analyzer.analyze("جهان") == ["جهان"]
    assert analyzer.analyze("ایران") == ["ایران"]
    # Cutting «ان» would leave a stop word, and the word would vanish from the question.
    assert analyzer.analyze("درمان سرطان") == ["درمان", "سرطان"]
    assert analyzer.analyze("سازمان ملل") == ["سازمان", "ملل"]
    # «ـیش» is a pronoun after a vowel only: these nouns are more common whole.
    assert analyzer.analyze("نمایش افزایش آزمایش") == ["نمایش", "افزایش", "ازمایش"]
    assert analyzer.analyze("زندگی رایگان") == ["زندگی", "رایگان"]  # not «زنده», «رایه»


@pytest.mark.parametrize(
    ("word", "key", "not_key"),
    [
        ("جوان", "جوان", "جو"),  # young: hazm lists it, uncounted, and counts «جو» (air) 56 million times
        ("مردم", "مردم", "مرد"),  # people: not «مرد» + «م», nor the verb «مرد» (died), more common as it is
        ("کشتی", "کشتی", "کشت"),  # a ship, not «you killed»
        ("رایانه‌ای", "رایانه", "رای"),  # a computer's, not a vote
        ("درست", "درست", "درس"),
        ("کرمان", "کرمان", "کر"),
        ("پایان", "پایان", "پا"),  # «یان» is a plural only after a vowel, of a word hazm never counted
        ("رفتن", "رفت", "رفتن"),  # an infinitive is still its verb, though hazm counts it as a noun
        # A present form with no prefix, whose stem is a common noun, is the noun with an ending.
        ("گوشی", "گوش", "گوشید"),  # not «گوشیدن»
        ("روزی", "روز", "روزید"),
        ("فرهنگی", "فرهنگ", "فرهیخت"),
        ("کارش", "کار", "کاشت"),  # my work, not «I plant»
        ("نیازی", "نیاز", "یاخت"),  # nor another verb's prefix read into it
        # … but a light verb's is its verb: «فکر کنم», «انجام دهیم», «تبدیل شود».
        ("کنم", "کرد", "کن"),
        ("دهیم", "داد", "ده"),
        ("شود", "شد", "شو"),
        ("سهم", "سهم", "سه"),  # after a silent «ه» a pronoun is «ام», «ات», «اش»
        ("کاهش", "کاهش", "کاه"),
    ],
)
def test_a_word_is_not_cut_into_another_word_it_merely_contains(
    analyzer: Analyzer, word: str, key: str, not_key: str
) -> None:
    keys = Analyzer(frozenset(), analyzer.lexicon).analyze(word)
    assert keys == [key] and keys != [not_key]


def test_a_known_word_is_never_read_as_a_spoken_ending(analyzer: Analyzer) -> None:
    assert analyzer.analyze("خانه نامه") == ["خانه", "نامه"]  # not «خان» + «ه», «نام» + «ه»
    # Peeling stops at the fewest letters that leave a counted word: «خانه» + «ام», not «خان» + «هام».
    assert analyzer.analyze("خانه‌ام") == ["خانه"]
    assert analyzer.analyze("بلیتاشون چنده؟") == ["بلیت"]  # «چنده» is «چند» + «ه»: a stop word


def test_stopwords_are_dropped_content_words_kept(analyzer: Analyzer) -> None:
    assert analyzer.analyze("به کدام کشورها سفر کردید؟") == ["کشور", "سفر"]
    assert analyzer.analyze("چهار روز") == ["4", "روز"]  # a number is kept, as its digits


@pytest.mark.parametrize(
    ("question", "keys"),
    [
        ("ماشین های فرمول یک چجوری ان؟", ["ماشین", "فرمول"]),
        ("رنگ کبد چه جوریه؟", ["رنگ", "کبد"]),
        ("پایتخت ایران کدومه", ["پایتخت", "ایران"]),
        ("قیمتش چقدره", ["قیمت"]),
        ("اسمش همینه؟ اینو میخوام", ["اسم"]),
        ("شهردارا کجاس هستن", ["شهردار"]),
    ],
)
def test_colloquial_question_words_are_stop_words_too(
    analyzer: Analyzer, question: str, keys: list[str]
) -> None:
    assert analyzer.analyze(question) == keys


def test_word_spans_point_into_the_original_text(analyzer: Analyzer) -> None:
    text = "برنامه‌های جدید شــهردار"
    spans = list(analyzer.word_spans(text))
    assert [text[s:e] for s, e, _ in spans] == ["برنامه‌های", "جدید", "شــهردار"]
    assert [k for _, _, k in spans] == ["برنامه", "جدید", "شهردار"]


def test_analyzer_is_deterministic_and_cached(analyzer: Analyzer) -> None:
    assert analyzer.analyze("سفرهای شهرداران") == analyzer.analyze("سفرهای شهرداران") == ["سفر", "شهردار"]


def test_keys_of_words_are_the_whole_chain(analyzer: Analyzer) -> None:
    """The index builds keys from words (one pass over each text); the query path analyzes."""
    texts = (FIXTURES / "corpus" / "mirlohi.md").read_text(encoding="utf-8").splitlines()
    texts += (ROOT / "tests" / "questions.tsv").read_text(encoding="utf-8").splitlines()
    texts += ["اونم رفت خونه", "کتاب‌های ما و شما", "۴۰ ٤٠ 40 ی", "کردیم کرده‌اند"]
    for text in texts:
        assert analyzer.keys(analyzer.words(text)) == analyzer.analyze(text), text
