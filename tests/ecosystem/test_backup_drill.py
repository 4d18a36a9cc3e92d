"""The backup and restore drill (`make backup-drill`): pg_dump, restore into a new
database, equal row counts for every table."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from ecosystem.accounts.models import User
from ecosystem.management.commands.backup_drill import compare, format_table, major_version
from goals.services import goal_create
from tests.conftest import REQUIRE_SERVICES
from tests.factories import UserFactory


def _postgres_only():
    if connection.vendor == "postgresql":
        return
    reason = "the backup drill runs pg_dump and pg_restore: it needs PostgreSQL (DATABASE_URL)"
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_drill_restores_every_table_with_equal_row_counts():
    _postgres_only()
    people = [UserFactory() for _ in range(3)]
    goal_create(by=people[0], title="Backed up", target_date=date(2031, 1, 1))
    out = io.StringIO()

    call_command("backup_drill", stdout=out)

    printed = out.getvalue()
    assert "Backup drill passed" in printed
    users = User.objects.count()
    user_line = next(line for line in printed.splitlines() if "public.accounts_user " in line)
    assert user_line.split()[1:] == [str(users), str(users), "ok"]
    assert "public.goals_goal " in printed and "DIFFERENT" not in printed
    with connection.cursor() as cursor:  # the restored copy is dropped afterwards
        cursor.execute("SELECT count(*) FROM pg_database WHERE datname LIKE %s", ["%_drill_%"])
        assert cursor.fetchone()[0] == 0


def test_the_drill_refuses_sqlite_with_a_clear_message(db):
    if connection.vendor != "sqlite":
        pytest.skip("checks the message given on SQLite")
    with pytest.raises(CommandError, match="runs on PostgreSQL"):
        call_command("backup_drill")


def test_a_difference_is_shown_and_counted():
    rows = compare({"public.a": 3, "public.b": 5}, {"public.a": 3, "public.b": 4, "public.c": 1})

    assert [same for *_, same in rows] == [True, False, False]
    printed = format_table(rows)
    assert "public.b" in printed and printed.count("DIFFERENT") == 2


def test_the_server_and_client_versions_are_read():
    assert major_version("15.20 (Debian 15.20-0+deb12u1)") == 15
    assert major_version("pg_dump (PostgreSQL) 16.4 (Debian 16.4-1)") == 16
