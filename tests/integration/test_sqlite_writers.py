"""The embedded default (SQLite) serves several simultaneous writers without "database is locked".

Each writer runs what the services do: a transaction that reads, then writes (the next entry code,
a decision after reading the ranking). With SQLite's default deferred transactions two such
writers deadlock and SQLite fails one at once, whatever the busy timeout; the project's options
(WAL, busy timeout, BEGIN IMMEDIATE) make them queue instead.
"""

import threading
import time

import pytest
from django.db import OperationalError, connections, transaction

from portal.settings.base import SQLITE_OPTIONS

WRITERS = 8
TRANSACTIONS_EACH = 15


@pytest.fixture
def sqlite_file(tmp_path, django_db_blocker):
    """A file database (as in production) with the project's SQLite options, as its own alias.

    Not the test database: pytest-django's test case would forbid other threads; this one is ours.
    """
    alias = "concurrent_writers"
    django_db_blocker.unblock()
    connections.settings[alias] = {
        **connections.settings["default"],  # Django's defaults for every key (ATOMIC_REQUESTS, TIME_ZONE...)
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp_path / "portal.sqlite3"),
        "OPTIONS": dict(SQLITE_OPTIONS),
        "HOST": "",
        "PORT": "",
        "USER": "",
        "PASSWORD": "",
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
    }
    with connections[alias].cursor() as cursor:
        cursor.execute("CREATE TABLE entry_code (number INTEGER PRIMARY KEY, writer INTEGER NOT NULL)")
    connections[alias].close()
    yield alias
    connections[alias].close()
    del connections.settings[alias]
    django_db_blocker.restore()


def _writer(alias: str, number: int, errors: list, barrier: threading.Barrier):
    try:
        barrier.wait()
        for _ in range(TRANSACTIONS_EACH):
            with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                cursor.execute("SELECT COALESCE(MAX(number), 0) FROM entry_code")
                next_number = cursor.fetchone()[0] + 1
                time.sleep(0.002)  # the service's work between its read and its write
                cursor.execute(
                    "INSERT INTO entry_code (number, writer) VALUES (%s, %s)", [next_number, number]
                )
    except OperationalError as error:
        errors.append(str(error))
    finally:
        connections[alias].close()


def test_simultaneous_read_then_write_transactions_all_succeed(sqlite_file):
    errors: list[str] = []
    barrier = threading.Barrier(WRITERS)
    threads = [
        threading.Thread(target=_writer, args=(sqlite_file, n, errors, barrier)) for n in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    with connections[sqlite_file].cursor() as cursor:
        cursor.execute("SELECT COUNT(*), COUNT(DISTINCT writer), MAX(number) FROM entry_code")
        total, writers, highest = cursor.fetchone()
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
    # Every transaction committed, and each saw the one before it (no two took the same number).
    assert (total, writers, highest) == (WRITERS * TRANSACTIONS_EACH, WRITERS, WRITERS * TRANSACTIONS_EACH)
    assert journal == "wal"


def test_the_default_database_uses_these_options_when_it_is_sqlite(settings):
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("la base configurada no es SQLite")
    for option, value in SQLITE_OPTIONS.items():
        assert database["OPTIONS"][option] == value
