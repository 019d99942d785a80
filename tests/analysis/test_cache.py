"""The lexicon kept between processes."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_lexicon_cache_is_written_reused_and_survives_corruption(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.analysis import cache as lexicon

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    lexicon.load_lexicon.cache_clear()
    try:
        built = lexicon.load_lexicon()
        (cached,) = (tmp_path / "interview-bot").glob("lexicon-*.marshal")
        lexicon.load_lexicon.cache_clear()
        assert lexicon.load_lexicon() == built  # read back from the cache file
        cached.write_bytes(b"\x00garbage")
        lexicon.load_lexicon.cache_clear()
        assert lexicon.load_lexicon() == built  # a broken cache is rebuilt, not an error
    finally:
        lexicon.load_lexicon.cache_clear()
