"""Editors' drafts (bot/editing.py) and their preview (bot/present/editing.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.editing import Draft, Drafts, UploadRefused, first_words, import_upload
from bot.present.editing import MESSAGE_LIMIT, preview_html
from bot.settings import ImportLimits
from tests.helpers import FIXTURES


def draft(questions: int = 3, warnings: int = 0, words: int = 12) -> Draft:
    return Draft(
        id="bike", title="دوچرخه <و> شهر", interviewee="مریم & معمار",
        questions=tuple(first_words(" ".join(["چرا"] * words)) for _ in range(questions)),
        warnings=tuple(f"bike.txt:{n}: a question without «؟» <b>" * 5 for n in range(warnings)),
        markdown="---\nid: bike\n---\n", source="bike.txt",
    )  # fmt: skip


def test_a_draft_is_kept_found_and_dropped_once(tmp_path: Path) -> None:
    drafts = Drafts(tmp_path / "drafts")
    key = drafts.keep(draft(), owner=4242)
    kept = drafts.get(key)
    assert kept is not None and kept.draft == draft() and kept.owner == 4242
    assert Drafts(tmp_path / "drafts").get(key) == kept  # another process (a restart) reads it too
    assert drafts.drop(key) and not drafts.drop(key) and drafts.get(key) is None


def test_forged_and_damaged_keys_find_nothing(tmp_path: Path) -> None:
    drafts = Drafts(tmp_path)
    assert drafts.get("../../etc/pa") is None and drafts.get("ABCDEF012345") is None
    assert not drafts.drop("../settings")
    (tmp_path / "0123456789ab.json").write_text("{not json", encoding="utf-8")
    assert drafts.get("0123456789ab") is None


def test_old_drafts_are_dropped_when_a_new_one_is_kept(tmp_path: Path) -> None:
    drafts = Drafts(tmp_path)
    old = drafts.keep(draft(), owner=1)
    stale = 1_000_000_000.0
    os.utime(tmp_path / f"{old}.json", (stale, stale))
    new = drafts.keep(draft(), owner=1)
    assert drafts.get(old) is None and drafts.get(new) is not None


def test_the_preview_escapes_and_fits_one_message() -> None:
    small = preview_html(draft(), "en")
    assert "دوچرخه &lt;و&gt; شهر" in small and "مریم &amp; معمار" in small and "<b>" not in small
    assert "3 questions:" in small and "No warnings." in small and small.endswith("Publish it?")
    assert "چرا چرا چرا چرا چرا چرا …" in small
    huge = preview_html(draft(questions=400, warnings=30, words=40), "fa")
    assert len(huge) <= MESSAGE_LIMIT and "… و 22 مورد دیگر" in huge and huge.endswith("منتشر شود؟")


def test_an_interview_file_whose_id_is_taken_is_refused(tmp_path: Path) -> None:
    seed = FIXTURES / "corpus" / "mirlohi.md"
    assert import_upload(seed, "mirlohi.md", ImportLimits(), set()).id == "mirlohi"
    with pytest.raises(UploadRefused, match="already has an interview with id 'mirlohi'"):
        import_upload(seed, "mirlohi.md", ImportLimits(), {"mirlohi"})
    raw = tmp_path / "mirlohi.txt"
    raw.write_text("گفت‌وگو با مریم معمار\n\nپرسش: چرا دوچرخه؟\nچون قلب شهر است.\n", encoding="utf-8")
    assert import_upload(raw, "mirlohi.txt", ImportLimits(), {"mirlohi"}).id == "mirlohi-2"
