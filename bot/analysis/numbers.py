"""Number words as digits: «دو کشور» = «۲ کشور», «صد و بیست» = 120, «سومین» = 3, «یک و نیم» = 1.5.

A token filter of the analyzer, so a passage and a question agree whichever way each writes a
number. It runs on folded, affix-joined tokens (digits are already 0-9) and emits what the
tokenizer would make of the digits: «یک و نیم» becomes «1» «5», as «۱٫۵» does.

Words with a second meaning are read as numbers only where they cannot be anything else:
- «یک» ("a"), «نه» ("no") and «یکم» ("a little") alone stay words; inside a number
  («بیست و یک», «یک و نیم», «نه هزار») they count.
- «اول» / «اولین» / «نخست» stay words: "at first" is far more common than "the first";
  «سیم» is a wire, not the thirtieth («سی‌ام»).
- «میلیون» and «میلیارد» stay words after their count («سه میلیون» → «3 میلیون»), as texts
  write them with digits («۳ میلیون»); «هزار» multiplies («سه هزار» = «۳ هزار» = «3000»).
"""

from __future__ import annotations

from bot.analysis.chars import tokenize

CARDINALS = {
    "صفر": 0, "یک": 1, "دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "شیش": 6, "هفت": 7,
    "هشت": 8, "نه": 9, "ده": 10, "یازده": 11, "دوازده": 12, "سیزده": 13, "چهارده": 14,
    "پانزده": 15, "پونزده": 15, "شانزده": 16, "شونزده": 16, "هفده": 17, "هیفده": 17,
    "هجده": 18, "هیجده": 18, "نوزده": 19,
    "بیست": 20, "سی": 30, "چهل": 40, "پنجاه": 50, "شصت": 60, "هفتاد": 70, "هشتاد": 80, "نود": 90,
    "صد": 100, "یکصد": 100, "دویست": 200, "سیصد": 300, "چهارصد": 400, "پانصد": 500, "پونصد": 500,
    "ششصد": 600, "هفتصد": 700, "هشتصد": 800, "نهصد": 900,
}  # fmt: skip
THOUSAND = "هزار"
HALF = "نیم"
AND = "و"
AMBIGUOUS = frozenset({"یک", "نه", "یکم"})  # alone: "a", "no", "a little"


def _ordinals() -> dict[str, int]:
    forms: dict[str, int] = {}
    for word, value in {**CARDINALS, THOUSAND: 1000}.items():
        if value == 0:
            continue
        stem = "سو" if word == "سه" else word + "ا" if word == "سی" else word  # «سوم», «سیام»
        forms[stem + "م"] = value
        forms[stem + "مین"] = value
    return forms


ORDINALS = _ordinals()
# Every token a number can start or go on with, for the fast path.
NUMBER_TOKENS = frozenset({*CARDINALS, *ORDINALS, THOUSAND})


def _place(value: int) -> int:
    """The place a part fills: after «صد» come tens and units, after «بیست» only units."""
    if value >= 100:
        return 100
    return 10 if value >= 20 and value % 10 == 0 else 1


def _read(tokens: list[str], i: int) -> tuple[str, int] | None:
    """The number that starts at ``tokens[i]`` as digits, and the index after it; None when
    none starts there or the token is better left a word."""
    token, n = tokens[i], len(tokens)
    if token.isascii() and token.isdigit():
        # Digits take only «هزار» after them: «۳ هزار» is «3000».
        if i + 1 < n and tokens[i + 1] == THOUSAND and len(token) <= 3:
            return str(int(token) * 1000), i + 2
        return None
    if token in ORDINALS:
        return None if token in AMBIGUOUS else (str(ORDINALS[token]), i + 1)
    if token not in CARDINALS and token != THOUSAND:
        return None
    total = current = 0
    last = 10_000  # the place of the part read last: each next part must fill a smaller one
    j, parts, half = i, 0, False
    while j < n:
        word = tokens[j]
        if word == THOUSAND and total == 0:
            total, current, last = total + max(current, 1) * 1000, 0, 1000
        elif word in CARDINALS and _place(CARDINALS[word]) < last and (parts == 0 or tokens[j - 1] == AND):
            current += CARDINALS[word]
            last = _place(CARDINALS[word])
        elif word in ORDINALS and parts and tokens[j - 1] == AND and _place(ORDINALS[word]) < last:
            current += ORDINALS[word]  # «بیست و سوم»: the number ends with its ordinal
            j, parts = j + 1, parts + 1
            break
        else:
            break
        j, parts = j + 1, parts + 1
        if j + 1 < n and tokens[j] == AND:
            following = tokens[j + 1]
            if following == HALF:
                j, half = j + 2, True
                break
            if following in CARDINALS or following in ORDINALS:
                j += 1  # the «و» that joins the parts; the loop checks the part itself
                continue
        if j < n and tokens[j] != THOUSAND:
            break
    if j > i and tokens[j - 1] == AND:  # a «و» read but no part after it fitted
        j -= 1
    if parts == 1 and not half and token in AMBIGUOUS:
        return None
    value = total + current
    return (f"{value}.5" if half else str(value)), j


def numbers_to_digits(tokens: list[str]) -> list[str]:
    """Each number written in words becomes its digits: «صد و بیست هزار نفر» → «120000» «نفر»."""
    if NUMBER_TOKENS.isdisjoint(tokens):
        return tokens  # most sentences: one pass in C
    out: list[str] = []
    i, n = 0, len(tokens)
    while i < n:
        token = tokens[i]
        # Only a number word, or digits before «هزار», can start a number: the rest pass as they are.
        if token in NUMBER_TOKENS or (token[0].isdigit() and i + 1 < n and tokens[i + 1] == THOUSAND):
            read = _read(tokens, i)
            if read is not None:
                digits, i = read
                out.extend(tokenize(digits))
                continue
        out.append(token)
        i += 1
    return out
