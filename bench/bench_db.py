"""What bench/generate.py loads with: a database made anew, Django set up on it, and COPY
into a model's table with the ids given here and a progress line."""

import os
import sys
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse, urlunparse


class Progress:
    """One line per table, rewritten as rows stream, then the rate at the end."""

    def __init__(self, label: str, total: int):
        self.label, self.total, self.count = label, max(total, 1), 0
        self.started = time.perf_counter()
        self.shown = 0.0

    def step(self, rows: int = 1) -> None:
        self.count += rows
        now = time.perf_counter()
        if now - self.shown > 0.25:
            self.shown = now
            done = min(self.count / self.total, 1.0)
            bar = "#" * int(done * 30)
            sys.stderr.write(f"\r  {self.label:<22} [{bar:<30}] {self.count:>10,}")
            sys.stderr.flush()

    def close(self) -> None:
        seconds = time.perf_counter() - self.started
        rate = self.count / seconds if seconds else 0
        sys.stderr.write(
            f"\r  {self.label:<22} [{'#' * 30}] {self.count:>10,} rows "
            f"in {seconds:5.1f} s ({rate:,.0f}/s)\n"
        )


def database_name(url: str) -> str:
    return urlparse(url).path.lstrip("/")


def people_file_of(url: str) -> Path:
    """Where generate.py leaves, for bench_http.py, who to sign in as in that database."""
    return (
        Path(__file__).resolve().parent.parent / "var" / f"bench-people-{database_name(url)}.json"
    )


def recreate_database(url: str) -> None:
    import psycopg

    name = database_name(url)
    if not name.startswith("bench"):
        raise SystemExit(f"refusing to drop {name!r}: the database's name must start with bench")
    admin = urlunparse(urlparse(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecosystem.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


class Copier:
    """COPY rows into one model's table, the ids given here so no row is read back."""

    def __init__(self, model, now: datetime):
        from django.db import connection

        self.model = model
        self.now = now
        self.fields = list(model._meta.concrete_fields)
        self.columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        with connection.cursor() as cursor:
            table = model._meta.db_table  # a model's table name, never input
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")  # noqa: S608
            self.next_id = cursor.fetchone()[0] + 1

    def _filler(self, field):
        """How a column is filled when the row leaves it out: decided once per column."""
        from django.db import connection
        from django.db.models import JSONField

        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            constant = self.now
        elif field.has_default() and callable(field.default):
            return lambda: field.get_db_prep_save(field.get_default(), connection)
        else:  # the default, "" for a blank text field, else None
            constant = field.get_default()
        if isinstance(field, JSONField):
            constant = field.get_db_prep_save(constant, connection)
        return lambda: constant

    def copy(self, rows, *, label: str, total: int) -> list[int]:
        """Write rows (dicts of attname -> value, without id); returns their ids in order."""
        from django.db import connection

        ids = []
        progress = Progress(label, total)
        fillers = [(field.attname, self._filler(field)) for field in self.fields]
        with connection.cursor() as cursor:
            statement = f"COPY {self.model._meta.db_table} ({self.columns}) FROM STDIN"
            with cursor.cursor.copy(statement) as copy:
                for row in rows:
                    row = dict(row, id=self.next_id)
                    ids.append(self.next_id)
                    self.next_id += 1
                    copy.write_row([row[name] if name in row else fill() for name, fill in fillers])
                    progress.step()
            table = self.model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
        progress.close()
        return ids
