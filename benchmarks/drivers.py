"""The PostgreSQL drivers measured before choosing: asyncpg against psycopg 3 (async, with its pool).

    uv run --with "psycopg[binary,pool]" python -m benchmarks.drivers

On a throwaway server (tests/postgres.py): the time to open a pool, and the round trip of the
quota's upsert (``INSERT … ON CONFLICT DO UPDATE … RETURNING``), the one database call on a
question's path, over ``--calls`` calls, each run twice in turn.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import time

from tests.postgres import PostgresServer

UPSERT = (
    "INSERT INTO {t} VALUES ({a}, {m}, 1) ON CONFLICT (asker, minute) DO UPDATE SET n = {t}.n + 1 RETURNING n"
)
TABLE = "CREATE TABLE {t} (asker text, minute bigint, n int, PRIMARY KEY (asker, minute))"


async def with_asyncpg(url: str, calls: int, table: str) -> tuple[float, float]:
    import asyncpg

    started = time.perf_counter()
    pool = await asyncpg.create_pool(url, min_size=1, max_size=4)
    opened = time.perf_counter() - started
    async with pool.acquire() as c:
        await c.execute(TABLE.format(t=table))
    started = time.perf_counter()
    for i in range(calls):
        async with pool.acquire() as c:
            await c.fetchval(UPSERT.format(t=table, a="$1", m="$2"), f"u{i % 50}", 1)
    each = (time.perf_counter() - started) / calls
    await pool.close()
    return opened, each


async def with_psycopg(url: str, calls: int, table: str) -> tuple[float, float]:
    from psycopg_pool import AsyncConnectionPool

    started = time.perf_counter()
    pool = AsyncConnectionPool(url, min_size=1, max_size=4, open=False)
    await pool.open(wait=True)
    opened = time.perf_counter() - started
    async with pool.connection() as c:
        await c.execute(TABLE.format(t=table))
    started = time.perf_counter()
    for i in range(calls):
        async with pool.connection() as c:
            cursor = await c.execute(UPSERT.format(t=table, a="%s", m="%s"), (f"u{i % 50}", 1))
            await cursor.fetchone()
    each = (time.perf_counter() - started) / calls
    await pool.close()
    return opened, each


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    args = parser.parse_args()
    server = PostgresServer()
    server.start()
    server.wait_until_up()
    try:
        print("| driver | pool open | quota upsert round trip |")
        print("|---|---|---|")
        for run in range(2):
            for name, measure, module in (
                ("asyncpg", with_asyncpg, "asyncpg"),
                ("psycopg 3", with_psycopg, "psycopg"),
            ):
                if importlib.util.find_spec(module) is None:
                    print(f"| {name} | not installed | |")
                    continue
                opened, each = asyncio.run(measure(server.url, args.calls, f"{module}_{run}"))
                print(f"| {name} | {opened * 1000:.1f} ms | {each * 1e6:.0f} µs |")
    finally:
        server.remove()


if __name__ == "__main__":
    main()
