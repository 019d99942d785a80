"""Who was interviewed, from the ordinary sentences of a lead, a kicker or a title, when no label
(«گفت‌وگو با …», «مهمان: …») says it.

Three ways a Persian report names its subject, tried in order:

- «<name>، <role>، …» at the start of a sentence («منصور رحیمی، دانشیار زلزله‌شناسی …، …»,
  «X، سرمربی این تیم، در گفت‌وگو با خبرنگار ما …»): the name and the role;
- «گفت‌وگو(ی …) با <honorific> <name>», «امروز با خانم <name> دربارهٔ …»: the name;
- a sentence that opens with a first name and a surname the text uses again on its own
  («جمشید حسین‌زاده در ۷۲ سالگی …» … «حسین‌زاده این روزها …»).

Never from a greeting or a site's line: only sentences, and the name must look like one (two or
three words, no digits, no little words, not the reporter: «خبرنگار ما»).
"""

from __future__ import annotations

import re
from collections import Counter

# Titles that come before a name and are not part of it («دکتر شیرین ملک‌زاده»).
HONORIFICS = frozenset(
    {"دکتر", "استاد", "مهندس", "پروفسور", "سرهنگ", "سردار", "سرتیپ", "سرلشکر", "سرگرد", "سروان"}
    | {"سرکار", "خانم", "آقای", "آقا", "حجت‌الاسلام", "آیت‌الله", "حاج", "حاجی", "شهید", "علامه"}
    | {"ناخدا", "دریادار", "تیمسار", "سپهبد", "سرتیپ‌دوم", "سرهنگ‌دوم", "سرگرد", "ستوان", "بانو"}
)

_HONORIFICS_JOINED = frozenset(h.replace("\u200c", "") for h in HONORIFICS)  # «حجت الاسلام» too


def without_honorifics(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[0].replace("\u200c", "") in _HONORIFICS_JOINED:
        words = words[1:]
    return " ".join(words)


WORD = r"(?:[^\W\d_]|\u200c)+"
HONORIFIC = "|".join(sorted((re.escape(h) for h in HONORIFICS), key=len, reverse=True))
NAME_ROLE = re.compile(
    rf"^(?:(?:{HONORIFIC})\s+)*(?P<name>{WORD}(?:\s+{WORD}){{1,2}})\s*،\s*(?P<role>[^،.؛:]{{3,90}}?)\s*،"
)
WITH = re.compile(
    rf"(?:گفت\u200c?\s?و\s?گو(?:ی\s+[^.،]{{1,40}}?)?|مصاحبه)\s+با\s+(?P<title>(?:(?:{HONORIFIC})\s+)*)"
    rf"(?P<name>{WORD}\s+{WORD})"
    rf"|\sبا\s+(?:(?:{HONORIFIC})\s+)+(?P<honoured>{WORD}\s+{WORD})"
)
# Words that are never part of a name: the reporter, little words, pronouns.
NOT_NAMES = frozenset(
    {"خبرنگار", "ما", "او", "وی", "این", "آن", "یک", "که", "در", "با", "به", "از", "و", "را", "برای", "تا"}
    | {"اما", "ولی", "هم", "نیز", "همه", "شما", "من", "ایشان", "آنها", "آن‌ها", "گزارش", "امروز", "امسال"}
    | {"پس", "بعد", "قبل", "وقتی", "اگر", "چون", "هر", "دو", "سه", "چند", "بیش", "کمتر", "بیشتر"}
)


def _name_like(name: str) -> bool:
    words = name.split()
    return 2 <= len(words) <= 3 and not any(w in NOT_NAMES or w in HONORIFICS for w in words)


def _sentences(texts: list[str]) -> list[str]:
    out = []
    for text in texts:
        for part in re.split(r"(?<=[.!؟?])\s+", text):
            part = re.sub(r"^به\s+گزارش\s+[^،]{3,80}،\s*", "", part.strip())
            if part:
                out.append(part)
    return out


def person_in(texts: list[str], not_them: tuple[str, ...] = ()) -> tuple[str, str]:
    """(name, role) of the person the texts are about; empty strings when none is named.
    ``not_them``: names that are someone else's (the outlet, the interviewer)."""
    sentences = _sentences(texts)
    others = {word for other in not_them for word in other.split()}

    def fits(name: str) -> bool:
        return _name_like(name) and not others & set(name.split())

    for sentence in sentences:
        if (found := NAME_ROLE.match(sentence)) and fits(found.group("name")):
            return without_honorifics(found.group("name")), found.group("role").strip()
    whole = " ".join(texts)
    withs = [
        (m.group("name") or m.group("honoured"), bool(m.group("honoured") or m.group("title")))
        for m in WITH.finditer(whole)
    ]
    for name, honoured in withs:
        if honoured and fits(name):
            return name, ""
    surnames: Counter[str] = Counter(re.findall(WORD, whole))
    for sentence in sentences:
        words = sentence.split()
        if len(words) < 3:
            continue
        name = " ".join(words[:2])
        alone = whole.count(words[1]) > whole.count(name)  # the surname alone, elsewhere
        if re.fullmatch(rf"{WORD}\s+{WORD}", name) and fits(name) and surnames[words[1]] >= 2 and alone:
            return name, ""
    for name, _ in withs:
        if fits(name) and whole.count(name.split()[-1]) >= 2:
            return name, ""
    return "", ""
