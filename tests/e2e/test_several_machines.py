"""Two webhook replicas as on two machines (each its own corpus copy, index and files) on one real
PostgreSQL: stats add up, a card one uploaded the other sends by file_id, the quota is shared, a
publish on one machine reaches both replicas' answers, and the database stopped and started
under load loses no answer and no count. The database password never shows in their output."""

from __future__ import annotations

import contextlib
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.e2e.test_e2e import TOKEN, bot_env, deliver, free_port
from tests.e2e.test_operate_e2e import get, sample, up
from tests.fake_bot_api import FakeBotApi
from tests.helpers import FIXTURES, ROOT
from tests.postgres import PASSWORD, PostgresServer
from tests.waiting import wait_until

ADMIN = {"id": 4242, "is_bot": False, "first_name": "Admin", "language_code": "fa"}
SECRET = "replica-secret"
COMMAND = [{"type": "bot_command", "offset": 0, "length": 6}]
NEW_INTERVIEW = """---
id: baghban
title: باغ را باید با حوصله ساخت
interviewee: سیما رحیمی
---

## Q: باغ خوب از کجا شروع می‌شود؟

از خاک. من همیشه اول خاک را می‌بینم و بعد آب را، و درخت انجیر را آخر از همه می‌کارم.
"""


class Machines:
    """The fake Bot API, and two replicas that take updates in turn."""

    def __init__(self, api: FakeBotApi, ports: list[int]) -> None:
        self.api = api
        self.ports = ports
        self.turn = 0

    def send(self, kind: str, payload: dict[str, Any], replica: int | None = None) -> None:
        with self.api.changed:
            update = {"update_id": len(self.api.delivered) + 1000, kind: payload}
            self.api.delivered.append(update["update_id"])
        if replica is None:
            replica, self.turn = self.turn % 2, self.turn + 1
        assert deliver(self.ports[replica], update, SECRET) == 200

    def ask(self, who: dict[str, Any], text: str, replica: int | None = None) -> None:
        chat = {"id": who["id"], "type": "private", "first_name": who["first_name"]}
        self.send("message", self.api._message(chat, who, text=text), replica)

    def command(self, text: str, replica: int) -> str:
        chat = {"id": ADMIN["id"], "type": "private", "first_name": "A"}
        entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        self.send("message", self.api._message(chat, ADMIN, text=text, entities=entities), replica)
        return str(self.api.wait_for("sendMessage", chat_id=ADMIN["id"], timeout=30)["text"])


@contextlib.contextmanager
def two_machines(tmp_path: Path, url: str, **extra: str) -> Iterator[Machines]:
    ports = [free_port(), free_port()]
    with FakeBotApi(TOKEN) as api:
        replicas: list[subprocess.Popen[bytes]] = []
        try:
            for n, port in enumerate(ports):
                machine = tmp_path / f"machine{n}"
                shutil.copytree(FIXTURES / "corpus", machine / "corpus")  # each machine has its own copy
                env = bot_env(
                    api, machine, WEBHOOK_URL=f"https://bot.example/r{n}", WEBHOOK_PORT=str(port),
                    WEBHOOK_SECRET=SECRET, ADMIN_IDS="4242", DATABASE_URL=url, LOG_LEVEL="DEBUG",
                    INTERVIEW_BOT_CORPUS=str(machine / "corpus"), **extra,
                )  # fmt: skip
                env.pop("STATS_SALT", None)
                log = (machine / "bot.log").open("w")
                replicas.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "bot.cli", "run"],
                        cwd=ROOT,
                        env=env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                )
                api.wait_for("setWebhook", timeout=60)
            yield Machines(api, ports)
        finally:
            for replica in replicas:
                replica.send_signal(signal.SIGTERM)
            for replica in replicas:
                replica.wait(timeout=60)
        for n in range(2):
            output = (tmp_path / f"machine{n}" / "bot.log").read_text()
            assert PASSWORD not in output, "the database password leaked into a replica's output"
            assert TOKEN not in output


def count_rows(database_url: str, table: str) -> int:
    import asyncio

    import asyncpg

    async def count() -> int:
        connection = await asyncpg.connect(database_url)
        try:
            return int(await connection.fetchval(f"SELECT count(*) FROM {table}"))
        finally:
            await connection.close()

    return asyncio.run(count())


def shared_cards(database_url: str) -> int:
    return count_rows(database_url, "card_files")


def stored_questions(database_url: str) -> int:
    return count_rows(database_url, "questions")


def reader(n: int) -> dict[str, Any]:
    return {"id": 500 + n, "is_bot": False, "first_name": f"R{n}", "language_code": "fa"}


def test_two_replicas_share_stats_cards_quota_and_publications(tmp_path: Path, database_url: str) -> None:
    with two_machines(tmp_path, database_url, USER_RATE_PER_MINUTE="6") as machines:
        api = machines.api
        # 20 questions, 10 on each replica: /stats on either counts all of them.
        for n in range(20):
            machines.ask(reader(n), "قیمت دلار" if n % 4 == 0 else "به کدام کشورها سفر کردید؟")
            api.wait_for("sendMessage", chat_id=500 + n, timeout=30)
        wait_until(lambda: stored_questions(database_url) == 20, 30, "both replicas writing their counts")
        for replica in (0, 1):
            report = machines.command("/stats", replica)
            assert "۲۰" in report or "20" in report, report
            assert "5× قیمت دلار" in report or "۵× قیمت دلار" in report, report
        # A card replica 0 uploads, replica 1 sends by file_id.
        answer = next(
            m
            for (chat, _), m in list(api.messages.items())
            if chat == 501 and m["from"]["id"] == api.bot["id"]
        )
        press = {"from": reader(1), "chat_instance": "c", "data": "c:mirlohi-q2-1", "message": answer}
        machines.send("callback_query", {"id": "cb1", **press}, 0)
        first = api.wait_for("sendPhoto", chat_id=501, timeout=60)
        assert isinstance(first["photo"], bytes)
        # Replica 0 keeps the file_id Telegram gave once sendPhoto has answered: a press on replica 1
        # before that uploads again, by design (a cache, never a wait). The test presses after it.
        wait_until(lambda: shared_cards(database_url) == 1, 30, "replica 0 sharing the card's file_id")
        machines.send("callback_query", {"id": "cb2", **press}, 1)
        second = api.wait_for("sendPhoto", chat_id=501, timeout=60)
        assert isinstance(second["photo"], str), "replica 1 uploaded the card again"
        # The quota (6 a minute) is counted across both replicas: the 7th question gets «slow down».
        flooder, replies = reader(99), []
        for n in range(7):
            machines.ask(flooder, f"دیپلماسی شهری {n}")
            replies.append(str(api.wait_for("sendMessage", chat_id=599, timeout=30)["text"]))
        assert all("آهسته‌تر" not in text for text in replies[:6]) and "آهسته‌تر" in replies[6], replies[6]
        # An editor publishes from a third machine: both replicas answer from it within seconds.
        new = tmp_path / "baghban.md"
        new.write_text(NEW_INTERVIEW, encoding="utf-8")
        env = {"DATABASE_URL": database_url, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
        published = subprocess.run(
            [sys.executable, "-m", "bot.cli", "publish", str(new)], cwd=ROOT, env=env, capture_output=True,
            text=True, timeout=60,
        )  # fmt: skip
        assert published.returncode == 0, published.stderr
        assert "baghban (v1)" in published.stdout and PASSWORD not in published.stdout + published.stderr
        started = time.monotonic()
        for replica in (0, 1):
            asker = reader(200 + replica)
            for _ in range(60):  # until the replica has followed the publication
                machines.ask(asker, "درخت انجیر را کی می‌کارید؟", replica)
                text = str(api.wait_for("sendMessage", chat_id=asker["id"], timeout=30)["text"])
                if "انجیر" in text:
                    break
                time.sleep(0.5)  # a pause between two questions of a reader, not a wait for a result
            assert "انجیر" in text, f"replica {replica} never answered from the published interview"
        assert time.monotonic() - started < 30


def test_the_database_stopped_under_load_loses_no_answer(
    tmp_path: Path, postgres: PostgresServer, database_url: str
) -> None:
    with two_machines(tmp_path, database_url) as machines:
        api = machines.api
        asked = 0
        for n in range(10):
            machines.ask(reader(n), "به کدام کشورها سفر کردید؟")
            asked += 1
        postgres.stop()
        try:
            for n in range(10, 30):  # the database is away: answers go on
                machines.ask(reader(n), "به کدام کشورها سفر کردید؟")
                asked += 1
            away = machines.command("/stats", 0)  # one line, not an apology for a traceback
            assert "در دسترس نیست" in away and "/stats" in away, away
            # /healthz says so, and still answers 200: the replica serves from its own index.
            health = up(machines.ports[0])
            assert health is not None and health["status"] == "degraded", health
            assert health["database"] == "unreachable"
            metrics = get(machines.ports[0], "/metrics")[2]
            assert sample(metrics, "interview_bot_database_up") == 0
            assert sample(metrics, "interview_bot_database_outages_total") >= 1
        finally:
            postgres.start()
            postgres.wait_until_up()
        for n in range(30, 40):
            machines.ask(reader(n), "به کدام کشورها سفر کردید؟")
            asked += 1
        for n in range(40):
            api.wait_for("sendMessage", chat_id=500 + n, timeout=60)
        sent = [m for _, m in list(api.messages.items()) if m["from"]["id"] == api.bot["id"]]
        assert all(500 + n in {m["chat"]["id"] for m in sent} for n in range(40))
        assert not [m for m in sent if "مشکلی پیش آمد" in str(m.get("text"))], "a reader got an apology"
        # The counts kept in memory are written once it is back, and /healthz is ok again.
        wait_until(lambda: stored_questions(database_url) == 40, 60, "the counts that waited being written")
        wait_until(lambda: (up(machines.ports[0]) or {}).get("status") == "ok", 30, "/healthz ok again")
        report = machines.command("/stats", 0)
        assert "۴۰" in report or "40" in report, report
