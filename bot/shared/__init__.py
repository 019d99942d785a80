"""Several machines: the library and the replicas' shared state in PostgreSQL (``DATABASE_URL``).

Without a database URL nothing here is used and a single machine runs on SQLite as before.
"""
