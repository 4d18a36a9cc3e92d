"""The backup and restore drill: pg_dump the database, restore it into a new one, and
compare the row count of every table. Run it as `make backup-drill` (see README.md)."""

import os
import re
import shutil
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from psycopg import sql

TABLES = """
    SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg_toast%%'
    ORDER BY 1, 2
"""


def row_counts(connection) -> dict[str, int]:
    """Exact row counts of every table, by schema-qualified name."""
    counts = {}
    with connection.cursor() as cursor:
        cursor.execute(TABLES)
        for schema, table in cursor.fetchall():
            cursor.execute(
                sql.SQL("SELECT count(*) FROM {}.{}").format(
                    sql.Identifier(schema), sql.Identifier(table)
                )
            )
            counts[f"{schema}.{table}"] = cursor.fetchone()[0]
    return counts


def compare(original: dict[str, int], restored: dict[str, int]) -> list[tuple]:
    """(table, rows in the original, rows restored, same?) for every table of either."""
    return [
        (name, original.get(name), restored.get(name), original.get(name) == restored.get(name))
        for name in sorted(original.keys() | restored.keys())
    ]


def format_table(rows: list[tuple]) -> str:
    width = max([len("table"), *(len(name) for name, *_ in rows)])
    lines = [f"{'table':<{width}}  {'original':>9}  {'restored':>9}  ", "-" * (width + 26)]
    for name, original, restored, same in rows:
        shown = ["-" if value is None else str(value) for value in (original, restored)]
        lines.append(
            f"{name:<{width}}  {shown[0]:>9}  {shown[1]:>9}  {'ok' if same else 'DIFFERENT'}"
        )
    return "\n".join(lines)


def major_version(text: str) -> int:
    """The major version in "15.20 (Debian ...)" or "pg_dump (PostgreSQL) 15.20"."""
    found = re.search(r"(?:^|\) )(\d+)(?:\.\d+)?", text)
    return int(found.group(1)) if found else 0


class Command(BaseCommand):
    help = (
        "Back up the PostgreSQL database of DATABASE_URL with pg_dump, restore it into a "
        "new database, and compare the row count of every table (exits 1 on a difference)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="Django database alias.")
        parser.add_argument(
            "--keep", action="store_true", help="Keep the restored database (dropped otherwise)."
        )

    def handle(self, *args, database, keep, **options):
        settings_dict = connections[database].settings_dict
        if connections[database].vendor != "postgresql":
            raise CommandError(
                "The backup drill runs on PostgreSQL: set DATABASE_URL=postgres://... "
                f"(this database is {connections[database].vendor})."
            )
        tools = {tool: shutil.which(tool) for tool in ("pg_dump", "pg_restore")}
        for tool, path in tools.items():
            if path is None:
                raise CommandError(f"{tool} is missing: apt-get install postgresql-client.")
        params = {
            "host": settings_dict["HOST"] or "127.0.0.1",
            "port": str(settings_dict["PORT"] or 5432),
            "user": settings_dict["USER"] or "",
            "password": settings_dict["PASSWORD"] or "",
        }
        source = settings_dict["NAME"]
        environment = os.environ | {
            "PGHOST": params["host"],
            "PGPORT": params["port"],
            "PGUSER": params["user"],
            "PGPASSWORD": params["password"],
        }

        def connect(name, **extra):
            return psycopg.connect(dbname=name, **{k: v for k, v in params.items() if v}, **extra)

        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
        restored_name = f"{source}_drill_{stamp}"[:63]
        with tempfile.TemporaryDirectory(prefix="backup-drill-") as folder:
            dump = Path(folder) / f"{source}.dump"
            # The counts and the dump read one snapshot: a site that keeps writing during
            # the drill cannot make them disagree.
            with connect(source) as snapshot_holder:
                snapshot_holder.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                snapshot = snapshot_holder.execute("SELECT pg_export_snapshot()").fetchone()[0]
                server = snapshot_holder.execute("SHOW server_version").fetchone()[0]
                self._check_versions(tools["pg_dump"], server, environment)
                original = row_counts(snapshot_holder)
                dump_command = [tools["pg_dump"], "--format=custom", f"--snapshot={snapshot}"]
                self._run([*dump_command, "--file", str(dump), "--dbname", source], environment)
                snapshot_holder.rollback()
            size = dump.stat().st_size
            with connect("postgres", autocommit=True) as admin:
                admin.execute(
                    sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(
                        sql.Identifier(restored_name)
                    )
                )
            try:
                restore_command = [tools["pg_restore"], "--exit-on-error", "--no-owner"]
                self._run([*restore_command, "--dbname", restored_name, str(dump)], environment)
                with connect(restored_name) as restored_connection:
                    restored = row_counts(restored_connection)
            finally:
                if not keep:
                    with connect("postgres", autocommit=True) as admin:
                        admin.execute(
                            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                                sql.Identifier(restored_name)
                            )
                        )
        rows = compare(original, restored)
        self.stdout.write(format_table(rows))
        different = [name for name, *_, same in rows if not same]
        total = sum(count for count in original.values())
        self.stdout.write(
            f"\n{source}: {len(rows)} tables, {total} rows, dump {size / 1024:.0f} KiB, "
            f"restored into {restored_name} ({'kept' if keep else 'dropped'})."
        )
        if different:
            raise CommandError(
                f"Row counts differ in {len(different)} tables: {', '.join(different)}"
            )
        self.stdout.write(self.style.SUCCESS("Backup drill passed: every table restored whole."))

    def _check_versions(self, pg_dump: str, server: str, environment) -> None:
        """pg_dump refuses a server newer than itself: say which client to install."""
        client = subprocess.run(  # noqa: S603 (our own arguments, no shell)
            [pg_dump, "--version"], capture_output=True, text=True, check=True, env=environment
        ).stdout.strip()
        if major_version(client) < major_version(server):
            raise CommandError(
                f"{client} is older than the server ({server}): install the matching client, "
                f"e.g. apt-get install postgresql-client-{major_version(server)}."
            )

    def _run(self, command: list[str], environment) -> None:
        # Our own arguments (the tool's absolute path, a database name), no shell.
        result = subprocess.run(command, capture_output=True, text=True, env=environment)  # noqa: S603
        if result.returncode != 0:
            raise CommandError(f"{command[0]} failed: {result.stderr.strip()}")
