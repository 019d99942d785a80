"""Quote cards: size, format, text drawn inside the margins, both layout paths, reference images."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from bot.library.interview import Interview
from bot.library.passages import interview_passages
from bot.present.card import (
    SQUARE,
    WIDE,
    CardText,
    Engine,
    card_text,
    font,
    layout,
    measure,
    raqm_available,
    render_card,
    wrap,
)
from tests.helpers import FIXTURES

REFERENCES = FIXTURES / "cards"
ENGINES: list[Engine] = ["raqm", "basic"]


def cards(interview: Interview) -> dict[str, CardText]:
    return {p.id: card_text(p, interview.role, "@interview_bot") for p in interview_passages(interview)}


def image(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


@pytest.mark.raqm
def test_raqm_is_available_where_ci_installs_fribidi() -> None:
    assert raqm_available(), "install libfribidi0 (.ci/run does) for the Raqm layout path"


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("style", [SQUARE, WIDE])
def test_every_passage_makes_a_png_of_the_right_size_with_text_inside_the_margins(
    interview: Interview, engine: Engine, style: object
) -> None:
    assert style is SQUARE or style is WIDE
    for text in cards(interview).values():
        png = render_card(text, style, engine)
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        picture = image(png)
        assert picture.size == (style.width, style.height)
        background = Image.new("RGB", picture.size, style.background)
        drawn = ImageChops.difference(picture, background).convert("L").point(lambda v: 255 if v > 40 else 0)
        box = drawn.getbbox()
        assert box is not None, "the card is blank"
        band = style.margin // 3
        assert box[0] >= band and box[1] >= band, box
        assert box[2] <= style.width - band and box[3] <= style.height - band, box
        ink = sum(1 for v in drawn.get_flattened_data() if v)
        assert ink > style.width * style.height * 0.02, "too little drawn to be the quote"


@pytest.mark.parametrize("engine", ENGINES)
def test_lines_fit_the_width_and_the_last_line_is_not_a_lone_word(
    interview: Interview, engine: Engine
) -> None:
    inner = SQUARE.width - 2 * SQUARE.margin
    for text in cards(interview).values():
        plan = layout(text, SQUARE, engine)
        face = font(plan.quote_size, False, engine)
        assert all(measure(line, face, engine) <= inner for line in plan.quote_lines)
        assert " " in plan.quote_lines[-1]
        assert (
            "".join(plan.quote_lines).replace(" ", "")
            in text.quote.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")).replace(" ", "") + "…"
        )


@pytest.mark.raqm
def test_a_long_passage_shrinks_and_an_endless_one_ends_with_an_ellipsis(interview: Interview) -> None:
    short = cards(interview)["mirlohi-l-2"]
    long = CardText(**{**short.__dict__, "quote": "دیپلماسی شهری " * 60})
    endless = CardText(**{**short.__dict__, "quote": "دیپلماسی شهری " * 600})
    assert layout(long, SQUARE, "raqm").quote_size < layout(short, SQUARE, "raqm").quote_size
    plan = layout(endless, SQUARE, "raqm")
    assert plan.quote_size == SQUARE.quote_sizes[1] and plan.quote_lines[-1].endswith("…")
    render_card(endless, SQUARE, "raqm")  # and it still draws inside the card


@pytest.mark.raqm
def test_an_overlong_word_is_broken_to_fit() -> None:
    face = font(40, False, "raqm")
    lines = wrap("https://example.org/" + "a" * 300 + " پایان", 500, lambda s: measure(s, face, "raqm"))
    assert len(lines) > 2 and all(measure(line, face, "raqm") <= 500 for line in lines)


@pytest.mark.raqm
def test_written_apart_affixes_stay_with_their_word() -> None:
    face = font(40, False, "raqm")
    for width in range(150, 700, 10):
        for line in wrap(
            "از مهم ترین اهداف این نشست که می شود گفت", width, lambda s: measure(s, face, "raqm")
        ):
            assert not line.startswith(("ترین", "شود")) and not line.endswith(("مهم", " می"))


REFERENCE_CASES = [("mirlohi-q2-1", "raqm"), ("mirlohi-l-2", "raqm"), ("mirlohi-q1-1", "basic")]


@pytest.mark.parametrize(("passage", "engine"), REFERENCE_CASES)
def test_cards_match_their_reference_images(interview: Interview, passage: str, engine: Engine) -> None:
    """Committed references (regenerate: UPDATE_CARDS=1 uv run pytest tests/present/test_card.py)."""
    import os

    png = render_card(cards(interview)[passage], SQUARE, engine)
    reference = REFERENCES / f"{passage}-{engine}.png"
    if os.environ.get("UPDATE_CARDS"):
        reference.write_bytes(png)
    difference = ImageChops.difference(image(png), image(reference.read_bytes())).convert("L")
    changed = sum(1 for v in difference.get_flattened_data() if v > 48)
    assert changed / (SQUARE.width * SQUARE.height) < 0.005, f"{changed} pixels differ from {reference.name}"


def test_card_command_writes_a_png(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.cli import main

    monkeypatch.setenv("INTERVIEW_BOT_INDEX", str(tmp_path / "index.sqlite"))
    out = tmp_path / "card.png"
    assert main(["card", "mirlohi-q2-1", "-o", str(out), "--style", "wide"]) == 0
    assert image(out.read_bytes()).size == (1200, 675)
    assert main(["card", "nope-q9-9"]) == 2
    assert "no passage 'nope-q9-9'" in capsys.readouterr().err
