"""Download my data: a zip of JSON and CSV files of everything that is the person's.

Accounts knows only its own tables; every other app adds its part through
`hooks.personal_data` (registered in its AppConfig.ready()). The zip is built by a task
that claims the export first (run twice, built once), kept under DATA_EXPORT_DIR, and
reached through a signed link that expires and opens only for its owner.
"""

import csv
import io
import json
import os
import tempfile
import zipfile
from datetime import timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from .hooks import data_export_ready, personal_data
from .models import DataExport, User

_SALT = "accounts.data-export"
# A builder that holds its claim longer than this was killed; another may take over.
CLAIM_SECONDS = 15 * 60

ACCOUNT_FIELDS = [
    "id",
    "email",
    "handle",
    "display_name",
    "time_zone",
    "region__slug",
    "language",
    "date_joined",
    "last_login",
]


def export_path(export: DataExport) -> Path:
    return Path(settings.DATA_EXPORT_DIR) / str(export.user_id) / export.file_name


def export_link(export: DataExport) -> str:
    """The signed download path of a built export: the same link wherever it is shown
    (the notification, the "Your data" page), expiring DATA_EXPORT_LINK_DAYS after the
    export was built (see `export_from_token`)."""
    token = signing.Signer(salt=_SALT).sign(str(export.pk))
    return reverse("accounts:data-download", args=[token])


class LinkExpired(Exception):
    """The link was genuine but its export is older than DATA_EXPORT_LINK_DAYS."""


def export_from_token(token: str, *, user) -> DataExport:
    """The built export a download link names, if it is `user`'s own.

    Raises DataExport.DoesNotExist for a forged link or someone else's export (the page
    answers 404, as for anything a person may not see) and LinkExpired for an old one.
    """
    try:
        export_id = int(signing.Signer(salt=_SALT).unsign(token))
    except (signing.BadSignature, ValueError) as bad:
        raise DataExport.DoesNotExist from bad
    export = DataExport.objects.visible_to(user).get(pk=export_id, finished_at__isnull=False)
    if export.finished_at + timedelta(days=settings.DATA_EXPORT_LINK_DAYS) < timezone.now():
        raise LinkExpired
    return export


def account_rows(*, user: User) -> dict:
    """Accounts' own part: the account and its email addresses."""
    return {
        "account": User.objects.filter(pk=user.pk).values(*ACCOUNT_FIELDS),
        "email_addresses": EmailAddress.objects.filter(user=user).values(
            "email", "verified", "primary"
        ),
    }


def sections(*, user: User) -> dict:
    """Every app's rows about this person, by file name (the account first), unread."""
    return {**account_rows(user=user), **personal_data.context(user=user)}


def personal_tables(user: User) -> dict[str, list[dict]]:
    return {name: list(rows) for name, rows in sections(user=user).items()}


def _csv(rows: list[dict]) -> str:
    columns = list(dict.fromkeys(column for row in rows for column in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                key: json.dumps(value, cls=DjangoJSONEncoder)
                if isinstance(value, dict | list)
                else value
                for key, value in row.items()
            }
        )
    return out.getvalue()


def write_zip(tables: dict[str, list[dict]], path: Path) -> None:
    """Write the zip beside its final place, then rename it there (a reader never sees a
    half-written file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                "README.txt",
                "Your data on the platform: each table as JSON (json/) and CSV (csv/).\n",
            )
            for name, rows in tables.items():
                archive.writestr(
                    f"json/{name}.json", json.dumps(rows, cls=DjangoJSONEncoder, indent=2)
                )
                archive.writestr(f"csv/{name}.csv", _csv(rows))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def data_export_build(*, export_id: int) -> bool:
    """Build one export and tell its owner. Claims it first: a second run (the broker
    delivers at least once) finds it claimed or built and does nothing. Returns whether
    this run built it."""
    now = timezone.now()
    claimed = DataExport.objects.filter(
        Q(started_at__isnull=True) | Q(started_at__lt=now - timedelta(seconds=CLAIM_SECONDS)),
        pk=export_id,
        finished_at__isnull=True,
    ).update(started_at=now)
    if not claimed:
        return False
    export = DataExport.objects.select_related("user").get(pk=export_id)
    file_name = f"data-{export.pk}-{now:%Y%m%d%H%M%S}.zip"
    export.file_name = file_name
    write_zip(personal_tables(export.user), export_path(export))
    with transaction.atomic():
        finished = DataExport.objects.filter(pk=export_id, finished_at__isnull=True).update(
            finished_at=timezone.now(), file_name=file_name
        )
        if finished:
            export.refresh_from_db()
            data_export_ready.send(sender=DataExport, export=export, link=export_link(export))
    return bool(finished)


def data_exports_remove(*, user: User) -> None:
    """Remove every export file of this person (their account is being deleted)."""
    folder = Path(settings.DATA_EXPORT_DIR) / str(user.pk)
    for path in folder.glob("*"):
        path.unlink(missing_ok=True)


def data_exports_sweep(*, now=None) -> dict[str, int]:
    """The periodic job: build the exports still waiting a minute after they were asked
    for (their task was lost, or the broker could not be reached), then remove the
    expired ones. Safe to run twice, and beside a task building the same export."""
    now = now or timezone.now()
    waiting = DataExport.objects.filter(
        finished_at__isnull=True, requested_at__lt=now - timedelta(minutes=1)
    ).values_list("pk", flat=True)
    built = sum(data_export_build(export_id=export_id) for export_id in list(waiting))
    return {"built": built, "purged": data_exports_purge_expired(now=now)}


def data_exports_purge_expired(*, now=None) -> int:
    """Remove the exports whose link has expired, files first. Running it again finds
    nothing more. Returns how many went."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.DATA_EXPORT_LINK_DAYS)
    expired = list(DataExport.objects.filter(finished_at__lt=cutoff))
    for export in expired:
        if export.file_name:
            export_path(export).unlink(missing_ok=True)
    DataExport.objects.filter(pk__in=[export.pk for export in expired]).delete()
    return len(expired)
