"""The conversation set (tests/conversation.tsv): every message is read as what it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.analysis.analyzer import Analyzer
from bot.conversation import Conversation, reading_name
from bot.settings import Settings

SET = Path(__file__).resolve().parent.parent / "conversation.tsv"


def load_set() -> list[tuple[str, str, str]]:
    rows = []
    for line in SET.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, text, expected = line.split("\t")
            rows.append((kind, text, expected))
    return rows


@pytest.fixture(scope="module")
def conversation(settings: Settings, analyzer: Analyzer) -> Conversation:
    return Conversation.load(settings.smalltalk_path, analyzer)


def test_the_set_covers_every_kind() -> None:
    rows = load_set()
    assert {kind for kind, _, _ in rows} == {"smalltalk", "followup", "about", "question"}
    assert len(rows) >= 60


@pytest.mark.parametrize(("kind", "text", "expected"), load_set())
def test_each_message_is_read_as_what_it_is(
    conversation: Conversation, kind: str, text: str, expected: str
) -> None:
    assert reading_name(conversation.read(text)) == expected, f"{kind}: {text!r}"
