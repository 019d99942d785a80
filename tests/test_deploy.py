"""The deployment files say what the code does: every setting the code reads is in .env.example
(with the default the code has), the image installs through deploy/install.sh (which
tests/test_wheel.py runs), and compose's bot takes its settings from .env."""

from __future__ import annotations

import re
import tomllib

from tests.helpers import ROOT

EXAMPLE = (ROOT / ".env.example").read_text(encoding="utf-8")
SOURCES = [p for folder in ("bot", "handlers") for p in (ROOT / folder).rglob("*.py")]
# Read by the environment but not settings of ours: where the user's data and cache go by default.
NOT_OURS = {"XDG_DATA_HOME", "XDG_CACHE_HOME", "HOME"}


def environment_names() -> set[str]:
    """Every environment variable the code reads: env.get("X"), os.environ["X"], integer("X", …)."""
    names: set[str] = set()
    for path in SOURCES:
        code = path.read_text(encoding="utf-8")
        names |= set(re.findall(r"""(?:env|environ)(?:\.get\(|\[)\s*["']([A-Z][A-Z0-9_]+)["']""", code))
        names |= set(re.findall(r"""\binteger\(\s*["']([A-Z][A-Z0-9_]+)["']""", code))
    return names - NOT_OURS


def test_every_environment_setting_the_code_reads_is_in_env_example() -> None:
    names = environment_names()
    assert {"TELEGRAM_BOT_TOKEN", "DATABASE_URL", "METRICS_PORT", "STATS_SALT"} <= names  # the scan works
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", EXAMPLE, re.MULTILINE))
    assert names - listed == set(), "add these to .env.example"


def test_env_example_shows_the_codes_defaults() -> None:
    from bot.settings import load_bot_settings

    defaults = load_bot_settings({"TELEGRAM_BOT_TOKEN": "123456:" + "A" * 30})
    shown = dict(re.findall(r"^#\s*([A-Z][A-Z0-9_]+)=(\S*)$", EXAMPLE, re.MULTILINE))
    assert shown["LOG_LEVEL"] == defaults.log_level
    assert int(shown["USER_RATE_PER_MINUTE"]) == defaults.user_rate
    assert int(shown["WEBHOOK_PORT"]) == defaults.webhook_port
    assert shown["WEBHOOK_LISTEN"] == defaults.webhook_listen
    assert int(shown["METRICS_PORT"]) == defaults.metrics_port
    assert shown["METRICS_LISTEN"] == defaults.metrics_listen


def test_every_settings_toml_key_is_in_env_example_with_its_default() -> None:
    shipped = tomllib.loads((ROOT / "config" / "settings.toml").read_text(encoding="utf-8"))
    listed = {
        (section, key): value.strip()
        for section, key, value in re.findall(r"^# \[(\w+)\] (\w+) = (\S+)", EXAMPLE, re.MULTILINE)
    }
    for section, table in shipped.items():
        for key, value in table.items():
            assert (section, key) in listed, f"[{section}] {key} is not in .env.example"
            assert tomllib.loads(f"v = {listed[(section, key)]}")["v"] == value, (section, key)
    read = set()  # and every key load_settings reads, even one the shipped file leaves out
    code = (ROOT / "bot" / "settings.py").read_text(encoding="utf-8")
    first_argument = r"(?:[^,()]|\([^()]*\))*"  # search, or raw.get("stats", {})
    read |= set(re.findall(rf'_(?:number|integer|path)\({first_argument},\s*"(\w+)"', code))
    read |= set(re.findall(r'(?:\)|table)\.get\("(\w+)"', code))  # raw.get("bot", {}).get("language"…)
    assert {"limit", "retention_days", "max_pages", "language", "style", "url", "folder"} <= read
    assert read - {key for _, key in listed} == set()


def test_the_image_installs_with_the_script_the_tests_run() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    runs = [line for line in dockerfile.splitlines() if line.startswith("RUN") and "install" in line]
    assert any("/tmp/install.sh --system" in line for line in runs)
    assert "COPY deploy/install.sh /tmp/install.sh" in dockerfile
    assert re.search(r"^USER (?!root)\w+", dockerfile, re.MULTILINE), "the bot must not run as root"
    assert 'VOLUME ["/corpus", "/data"]' in dockerfile


def test_compose_starts_the_bot_with_postgresql_behind_one_proxy() -> None:
    import yaml

    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert services["bot"]["env_file"] == ".env" and "ports" not in services["bot"]  # --scale needs no port
    assert services["bot"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["bot"]["environment"]["DATABASE_URL"].startswith("postgresql://bot:")
    assert services["proxy"]["profiles"] == ["webhook"]
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text(encoding="utf-8")
    assert "dynamic a" in caddyfile and "name bot" in caddyfile and "handle /telegram" in caddyfile
