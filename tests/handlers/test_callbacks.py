"""Callback data: every kind reads back what it wrote, fits Telegram's 64 bytes or says so, and
refuses what is not its own."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.callbacks import (
    KINDS,
    CallbackData,
    ChooseInterview,
    FullAnswer,
    Move,
    OpenQuestion,
    SendCard,
    small_number,
)

VALUES: list[CallbackData] = [
    Move(0),
    Move(3, "architect"),
    FullAnswer("mirlohi", 2),
    OpenQuestion("mirlohi", 7),
    ChooseInterview("architect"),
    SendCard("mirlohi-q2-1"),
]


@pytest.mark.parametrize("value", VALUES, ids=lambda v: v.encode())
def test_each_kind_reads_back_what_it_wrote_and_no_other_kind_claims_it(value: CallbackData) -> None:
    data = value.encode()
    assert value.fits() and type(value).parse(data) == value  # type: ignore[attr-defined]
    assert [kind for kind in KINDS if kind.PATTERN.match(data)] == [type(value)]


def test_the_first_releases_buttons_still_parse() -> None:
    assert Move.parse("n:1") == Move(1, None)
    assert FullAnswer.parse("f:mirlohi:1") == FullAnswer("mirlohi", 1)
    assert OpenQuestion.parse("q:mirlohi:3") == OpenQuestion("mirlohi", 3)


def test_data_too_long_for_telegram_is_known_before_a_button_is_made() -> None:
    assert not FullAnswer("نام-پروندهٔ-بسیار-بلند-مجموعه‌ای-بیرونی", 1).fits()


@pytest.mark.parametrize("data", ["n:abc", "n:²", "n:99", "n:", "f:mirlohi:x", "q::", "x", "", "i:", "c:"])
def test_forged_data_parses_to_nothing(data: str) -> None:
    assert all(getattr(kind, "parse")(data) is None for kind in KINDS)  # noqa: B009


@given(st.text(max_size=80))
def test_any_data_parses_to_a_value_of_its_kind_or_to_nothing(data: str) -> None:
    for kind in KINDS:
        parsed = getattr(kind, "parse")(data)  # noqa: B009
        assert parsed is None or isinstance(parsed, kind)


def test_small_numbers_refuse_what_int_would_misread() -> None:
    assert small_number("3", 10) == 3
    assert small_number("²", 10) is None and small_number("۳", 10) is None and small_number("10", 10) is None
