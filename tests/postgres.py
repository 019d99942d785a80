"""A real PostgreSQL server for the tests: a throwaway cluster on 127.0.0.1, stopped and started at will.

Debian's ``postgresql`` package gives the programs (``.ci/run`` installs it). The cluster lives in
a temporary folder; when the tests run as root it belongs to the ``postgres`` user, as
PostgreSQL refuses to run as root. The superuser has a password, so the URL carries a secret
like a real one. Without the programs the tests that need the server are skipped, unless
``REQUIRE_POSTGRES`` is set (CI), when they fail.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

PASSWORD = "pg-Secret-7f3a9c"  # a test secret: it must never show in the bot's output


def binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class PostgresServer:
    def __init__(self) -> None:
        bin_dir = binaries()
        if bin_dir is None:
            raise RuntimeError("PostgreSQL is not installed (Debian: apt-get install postgresql)")
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="interview-bot-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.root, "postgres")
        password_file = self.root / "password"
        password_file.write_text(PASSWORD)
        if self.as_root:
            shutil.chown(password_file, "postgres")
        self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "--auth=scram-sha-256",
            f"--pwfile={password_file}", "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        password_file.unlink()

    @property
    def url(self) -> str:
        return f"postgresql://postgres:{PASSWORD}@127.0.0.1:{self.port}/postgres"

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)

    def start(self) -> None:
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.root / "log"), "-w", "start")

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def wait_until_up(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 1):
                return
            time.sleep(0.1)
        raise RuntimeError("PostgreSQL did not start")

    def fresh_database(self, name: str) -> str:
        """A new, empty database on this server; its URL."""
        import asyncio

        import asyncpg

        async def create() -> None:
            connection = await asyncpg.connect(self.url)
            try:
                await connection.execute(f'CREATE DATABASE "{name}"')
            finally:
                await connection.close()

        asyncio.run(create())
        return self.url.rsplit("/", 1)[0] + f"/{name}"

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
