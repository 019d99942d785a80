"""Secrets in a database URL (issue 28, item 6): hidden in every form a URL carries them, in
what ``publish`` prints and what ``run`` logs, and nothing else in a text is touched."""

from __future__ import annotations

import logging

import pytest

from bot.shared.urls import redact, redact_text, secrets_of
from handlers.app import RedactToken
from tests.telegram_fakes import TOKEN

SECRET = "s3cret-Pw@9"  # «@» percent-encoded in a URL


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "postgresql://bot@127.0.0.1:1/db?password=s3cret-Pw%409",
            "postgresql://bot@127.0.0.1:1/db?password=***",
        ),
        ("postgresql://bot:s3cret-Pw%409@db:5432/x", "postgresql://bot:***@db:5432/x"),
        (
            "postgresql://db/x?sslmode=require&PASSWORD=s3cret-Pw%409",
            "postgresql://db/x?sslmode=require&PASSWORD=***",
        ),
        (
            "postgresql://db/x?sslpassword=s3cret-Pw@9;application_name=bot",
            "postgresql://db/x?sslpassword=***;application_name=bot",
        ),
    ],
)
def test_every_form_of_a_secret_in_a_url_is_hidden(url: str, shown: str) -> None:
    assert redact(url) == shown
    assert SECRET in secrets_of(url)
    said = redact_text(f"cannot use {url}: bad password {SECRET} or s3cret-Pw%409", secrets_of(url))
    assert SECRET not in said and "s3cret-Pw%409" not in said and "cannot use postgresql://" in said


def test_a_one_letter_password_leaves_every_other_p_alone() -> None:
    url = "postgresql://user:p@host/db"
    record = logging.LogRecord("bot", logging.WARNING, "", 0, "database %s is away; pip apple", (url,), None)
    RedactToken(TOKEN, *secrets_of(url)).filter(record)
    assert record.getMessage() == "database postgresql://user:***@host/db is away; pip apple"


def test_run_logs_no_query_password(caplog: pytest.LogCaptureFixture) -> None:
    url = f"postgresql://bot@127.0.0.1:1/db?password={SECRET}"
    record = logging.LogRecord("bot", logging.WARNING, "", 0, "database %s is away (%s)", (url, SECRET), None)
    RedactToken(TOKEN, *secrets_of(url)).filter(record)
    assert SECRET not in record.getMessage() and "127.0.0.1:1/db?password=***" in record.getMessage()


def test_publish_prints_no_query_password(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main
    from tests.helpers import ROOT

    monkeypatch.setenv("DATABASE_URL", "postgresql://bot@127.0.0.1:1/db?password=s3cret-Pw%409")
    interview = sorted((ROOT / "corpus").glob("*.md"))[0]
    assert main(["publish", str(interview)]) == 2
    err = capsys.readouterr().err
    assert "cannot use the database" in err and "127.0.0.1:1" in err
    assert SECRET not in err and "s3cret-Pw%409" not in err
