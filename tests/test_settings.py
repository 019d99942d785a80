"""Settings from the environment: one clear line for every bad value."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import SettingsError, load_bot_settings
from tests.telegram_fakes import (
    TOKEN,
)


@pytest.mark.parametrize(
    ("env", "message_part"),
    [
        ({}, "TELEGRAM_BOT_TOKEN is not set"),
        ({"TELEGRAM_BOT_TOKEN": "nonsense"}, "does not look like a bot token"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": "ftp://x"}, "TELEGRAM_API_URL"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "ADMIN_IDS": "me"}, "ADMIN_IDS"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "ADMIN_IDS": "12, -42"}, "ADMIN_IDS: '-42' is not a Telegram user id"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "ADMIN_IDS": "4_2"}, "ADMIN_IDS: '4_2' is not"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "ADMIN_IDS": "۴۲"}, "ADMIN_IDS: '۴۲' is not"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "USER_RATE_PER_MINUTE": "²"}, "USER_RATE_PER_MINUTE"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "WEBHOOK_URL": "https://x/telegram"}, "WEBHOOK_SECRET"),
    ],
)
def test_bad_bot_settings_are_one_clear_line(env: dict[str, str], message_part: str) -> None:
    with pytest.raises(SettingsError, match=message_part) as caught:
        load_bot_settings(env)
    assert TOKEN not in str(caught.value)


def test_admin_ids_are_ascii_user_ids() -> None:
    assert load_bot_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "ADMIN_IDS": "12, 34 56"}).admin_ids == {
        12,
        34,
        56,
    }


def test_run_without_token_exits_2_without_printing_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.cli import main

    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert main(["run"]) == 2
    assert "TELEGRAM_BOT_TOKEN is not set" in capsys.readouterr().err


def test_a_database_url_is_checked_and_never_shown(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from bot.settings import SettingsError, load_settings

    monkeypatch.setenv("DATABASE_URL", "postgresql://bot:s3cret-pw@db.internal:5432/interviews")
    settings = load_settings()
    assert settings.database_url.endswith("/interviews") and "s3cret-pw" not in repr(settings)
    monkeypatch.setenv("DATABASE_URL", "mysql://bot:s3cret-pw@db/interviews")
    with pytest.raises(SettingsError) as refused:
        load_settings()
    assert "postgresql://user:password@host" in str(refused.value) and "s3cret-pw" not in str(refused.value)
    monkeypatch.delenv("DATABASE_URL")
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text('[database]\nurl = "postgresql://a:b@127.0.0.1:99999/x"\n')
    with pytest.raises(SettingsError, match=r"\[database\] url must look like"):
        load_settings(config)
    (config / "settings.toml").write_text("[import]\nmax_pages = 0\n")
    with pytest.raises(SettingsError, match="max_pages"):
        load_settings(config)
