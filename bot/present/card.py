"""Quote cards: a passage as a well-set Persian image. Pure: passage data and a style in, PNG out.

Two layout paths give the same card: Pillow's Raqm engine (HarfBuzz shaping and FriBiDi
reordering; needs the system's libfribidi0) and, where FriBiDi is missing, arabic-reshaper +
python-bidi, which join letters and reorder each line before Pillow's basic layout draws it.
Lines are wrapped by measured width at ordinary spaces (never at ZWNJ), balanced so the last line
is not a lone word, and the text shrinks until it fits; an over-long word is broken.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

from PIL import Image, ImageDraw, ImageFont, features

from bot.library.passages import Passage
from bot.present import messages
from bot.present.messages import persian_digits
from bot.resources import bundled

FONTS = bundled("fonts")
Engine = Literal["raqm", "basic"]
Font = ImageFont.FreeTypeFont
RGB = tuple[int, int, int]

_NBSP = "\u00a0"


@dataclass(frozen=True)
class CardText:
    """What a card says; plain data, built from a passage by the caller."""

    quote: str
    heading: str  # the question, or the interview's title for the lead
    speaker: str
    role: str = ""
    title: str = ""  # the interview's title, under the speaker
    handle: str = ""  # the bot's @username, bottom left
    truncated: bool = False


@dataclass(frozen=True)
class CardStyle:
    width: int = 1080
    height: int = 1080
    margin: int = 96
    background: RGB = (246, 241, 231)
    ink: RGB = (33, 37, 41)
    accent: RGB = (31, 78, 95)
    muted: RGB = (110, 110, 110)
    quote_sizes: tuple[int, int] = (58, 26)  # largest and smallest quote font size
    heading_size: int = 28
    speaker_size: int = 32
    small_size: int = 24


SQUARE = CardStyle()
WIDE = CardStyle(width=1200, height=675, margin=64, quote_sizes=(44, 22), heading_size=24, speaker_size=28,
                 small_size=20)  # fmt: skip
STYLES = {"square": SQUARE, "wide": WIDE}


def card_text(passage: Passage, role: str = "", handle: str = "") -> CardText:
    """What the card of a passage says: its question (or the title, for the lead) and speaker."""
    return CardText(
        quote=passage.text.replace("\n", " "),
        heading=passage.question or passage.interview_title,
        speaker=passage.speaker,
        role=role if passage.question is not None else "",
        title=passage.interview_title,
        handle=handle,
        truncated=passage.truncated,
    )


def raqm_available() -> bool:
    """Whether Pillow can shape with Raqm here (False where the system lacks libfribidi0)."""
    return bool(features.check("raqm"))


def default_engine() -> Engine:
    return "raqm" if raqm_available() else "basic"


@cache
def font(size: int, bold: bool, engine: Engine) -> Font:
    layout = ImageFont.Layout.RAQM if engine == "raqm" else ImageFont.Layout.BASIC
    name = "Vazirmatn-Bold.ttf" if bold else "Vazirmatn-Regular.ttf"
    return ImageFont.truetype(str(FONTS / name), size, layout_engine=layout)


# --- the two layout paths: measure a line, and draw it right-aligned -------------------------

_ISOLATES = re.compile("[\u2066\u2067\u2068\u2069]")


def visual_order(text: str) -> str:
    """For the basic path: letters joined and the line reordered for display."""
    import arabic_reshaper
    from bidi.algorithm import get_display

    # The old get_display mirrors «» and (), but asserts on isolates: map them to marks first.
    text = text.replace("\u2066", "\u200e").replace("\u2067", "\u200f")
    text = _ISOLATES.sub("", text)
    shaped = str(get_display(arabic_reshaper.reshape(text), base_dir="R"))
    return shaped.replace("\u200c", "").replace("\u200e", "").replace("\u200f", "")


REFERENCE_SIZE = 200


@lru_cache(maxsize=65_536)
def _reference_width(word: str, bold: bool, engine: Engine) -> float:
    face = font(REFERENCE_SIZE, bold, engine)
    if engine == "raqm":
        return float(face.getlength(word, direction="rtl", language="fa"))
    return float(face.getlength(visual_order(word)))


def measure_word(word: str, face: Font, engine: Engine) -> float:
    """A word's advance width, shaped once at a reference size and scaled (outlines scale
    linearly), so trying several font sizes does not shape every word again."""
    bold = "Bold" in str(face.path)
    return _reference_width(word, bold, engine) * face.size / REFERENCE_SIZE


def measure(text: str, face: Font, engine: Engine) -> float:
    """A line's width as the sum of its words and spaces.

    Persian letters never join across a space, so a word's shape does not depend on its
    neighbours; measuring words once each makes wrapping and balancing cheap.
    """
    words = text.replace(_NBSP, " ").split(" ")
    return sum(measure_word(w, face, engine) for w in words if w) + (len(words) - 1) * measure_word(
        " ", face, engine
    )


def draw_line(draw: ImageDraw.ImageDraw, right: float, baseline: float, text: str, face: Font,
              fill: RGB, engine: Engine) -> None:  # fmt: skip
    if engine == "raqm":
        draw.text((right, baseline), text, font=face, fill=fill, anchor="rs", direction="rtl", language="fa")
    else:
        draw.text((right, baseline), visual_order(text), font=face, fill=fill, anchor="rs")


# --- wrapping ----------------------------------------------------------------------------------


def break_word(word: str, width: float, fits: Callable[[str], float]) -> list[str]:
    """An over-long word (a URL, a long compound) in pieces that each fit."""
    pieces: list[str] = []
    current = ""
    for char in word:
        if current and fits(current + char) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    if current:
        pieces.append(current)
    return pieces


def greedy(words: list[str], widths: list[float], space: float, width: float) -> list[str]:
    """Fill each line while it fits; widths add up, as words never join across a space."""
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for word, advance in zip(words, widths, strict=True):
        grown = used + space + advance if current else advance
        if current and grown > width:
            lines.append(" ".join(current))
            current, used = [word], advance
        else:
            current.append(word)
            used = grown
    if current:
        lines.append(" ".join(current))
    return lines


# Written apart but never to be parted from their word at a line end: «مهم ترین», «می شود».
_SUFFIXES = frozenset({"ها", "های", "هایی", "تر", "ترین", "ای", "ام", "اند", "ایم", "اید"})
_PREFIXES = frozenset({"می", "نمی"})


def glue_affixes(words: list[str]) -> list[str]:
    glued: list[str] = []
    for word in words:
        if glued and (word in _SUFFIXES or glued[-1] in _PREFIXES):
            glued[-1] += _NBSP + word
        else:
            glued.append(word)
    return glued


def wrap(text: str, width: float, length: Callable[[str], float]) -> list[str]:
    """Lines of at most ``width``, as even as the greedy line count allows, no lone last word."""
    words: list[str] = []
    for word in glue_affixes([w for w in text.split(" ") if w]):
        words.extend(break_word(word, width, length) if length(word) > width else [word])
    if not words:
        return []
    widths, space = [length(w) for w in words], length(" ")
    lines = greedy(words, widths, space, width)
    # Balance: the narrowest width that still gives as many lines (binary search on width).
    low, high = max(widths), width
    while high - low > 4:
        middle = (low + high) / 2
        if len(greedy(words, widths, space, middle)) <= len(lines):
            high = middle
        else:
            low = middle
    lines = greedy(words, widths, space, high)
    if len(lines) > 1 and " " not in lines[-1]:
        previous = lines[-2].split(" ")
        if len(previous) > 2 and length(f"{previous[-1]} {lines[-1]}") <= width:
            lines[-2], lines[-1] = " ".join(previous[:-1]), f"{previous[-1]} {lines[-1]}"
    return [line.replace(_NBSP, " ") for line in lines]


# --- the card ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    quote_size: int
    quote_lines: list[str]
    heading_lines: list[str]
    show_title: bool


def _fixed_height(text: CardText, style: CardStyle, heading_lines: int, show_title: bool) -> float:
    """Everything on the card but the quote's lines, in the order it is drawn."""
    return (
        style.quote_sizes[0] * 1.2  # the quotation mark, above the quote's first line
        + style.speaker_size * 2.4  # the gap above the speaker, and the speaker
        + (style.small_size * 1.8 if show_title else 0)
        + (style.heading_size * 0.8 + heading_lines * style.heading_size * 1.6 if heading_lines else 0)
        + style.small_size * 2.5  # the handle's line at the bottom
    )


def layout(text: CardText, style: CardStyle, engine: Engine) -> Layout:
    """Choose the largest quote size at which everything fits, and the lines at that size."""
    inner = style.width - 2 * style.margin
    heading_face = font(style.heading_size, True, engine)
    heading_lines = wrap(persian_digits(text.heading), inner, lambda s: measure(s, heading_face, engine))
    if len(heading_lines) > 2:  # the question is context, not the quote: two lines at most
        heading_lines = [heading_lines[0], shorten(heading_lines[1] + " …", inner, heading_face, engine)]
    show_title = bool(text.title) and text.title != text.heading
    available = style.height - 2 * style.margin - _fixed_height(text, style, len(heading_lines), show_title)
    quote = persian_digits(text.quote + (" …" if text.truncated else ""))
    largest, smallest = style.quote_sizes

    def fitting(size: int) -> list[str] | None:
        face = font(size, False, engine)
        lines = wrap(quote, inner, lambda s: measure(s, face, engine))
        return lines if len(lines) * size * 1.75 <= available else None

    # The largest size (in steps of 2) that fits: a binary search, as fitting shrinks with size.
    sizes = list(range(smallest, largest + 1, 2))
    low, high, best = 0, len(sizes) - 1, None
    while low <= high:
        middle = (low + high) // 2
        lines = fitting(sizes[middle])
        if lines is not None:
            best, low = (sizes[middle], lines), middle + 1
        else:
            high = middle - 1
    if best is not None:
        return Layout(best[0], best[1], heading_lines, show_title)
    # Still too long at the smallest size: end at a whole line with an ellipsis, never clip.
    face = font(smallest, False, engine)
    lines = wrap(quote, inner, lambda s: measure(s, face, engine))
    keep = max(1, int(available // (smallest * 1.75)))
    lines = lines[:keep]
    lines[-1] = shorten(lines[-1] + " …", inner, face, engine)
    return Layout(smallest, lines, heading_lines, show_title)


def shorten(line: str, width: float, face: Font, engine: Engine) -> str:
    """The line, cut at a space and ended with an ellipsis if it is wider than ``width``."""
    if measure(line, face, engine) <= width:
        return line
    words = line.split(" ")
    while len(words) > 1 and measure(" ".join(words) + " …", face, engine) > width:
        words.pop()
    return " ".join(words) + " …"


def render_card(text: CardText, style: CardStyle = SQUARE, engine: Engine | None = None) -> bytes:
    """The card as PNG bytes."""
    engine = engine or default_engine()
    plan = layout(text, style, engine)
    image = Image.new("RGB", (style.width, style.height), style.background)
    draw = ImageDraw.Draw(image)
    right, inner = style.width - style.margin, style.width - 2 * style.margin
    top, bottom = style.margin, style.height - style.margin
    # An accent rule down the right edge, inside the margin.
    rule = style.width - style.margin // 2
    draw.rectangle((rule - 6, top, rule, bottom), fill=style.accent)

    # The block is centred vertically in the space above the handle's line.
    used = _fixed_height(text, style, len(plan.heading_lines), plan.show_title) - style.small_size * 2.5
    used += len(plan.quote_lines) * plan.quote_size * 1.75
    y = top + max(0.0, (bottom - style.small_size * 2.5 - top - used) / 2)

    mark = font(style.quote_sizes[0] * 2, True, "basic")
    # A lone glyph drawn left to right: in a right-to-left run «» would be mirrored.
    y += style.quote_sizes[0] * 1.2
    draw.text((right, y), "«", font=mark, fill=style.accent, anchor="rs")

    face = font(plan.quote_size, False, engine)
    for line in plan.quote_lines:
        y += plan.quote_size * 1.75
        draw_line(draw, right, y, line, face, style.ink, engine)

    y += style.speaker_size * 2.4
    speaker = f"— {text.speaker}" + (f"، {text.role}" if text.role else "")
    speaker_face = font(style.speaker_size, True, engine)
    draw_line(
        draw, right, y, shorten(speaker, inner, speaker_face, engine), speaker_face, style.accent, engine
    )
    if plan.show_title:
        y += style.small_size * 1.8
        small = font(style.small_size, False, engine)
        draw_line(
            draw,
            right,
            y,
            shorten(messages.quoted(text.title), inner, small, engine),
            small,
            style.muted,
            engine,
        )
    if plan.heading_lines:
        y += style.heading_size * 0.8
        heading_face = font(style.heading_size, True, engine)
        for line in plan.heading_lines:
            y += style.heading_size * 1.6
            draw_line(draw, right, y, line, heading_face, style.muted, engine)
    if text.handle:
        handle_face = font(style.small_size, False, "basic")  # Latin: no shaping needed
        draw.text((style.margin, bottom), text.handle, font=handle_face, fill=style.muted, anchor="ls")

    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=3)  # a third of the default's time, 10% larger
    return out.getvalue()
