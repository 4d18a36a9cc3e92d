"""Accounts' tasks. Thin: each calls one service that claims its work first."""

from celery import shared_task

from .data_export import data_export_build, data_exports_sweep


@shared_task(name="accounts.build_data_export")
def build_data_export(*, export_id: int) -> bool:
    """Build one "Download my data" zip and tell its owner (safe to run twice)."""
    return data_export_build(export_id=export_id)


@shared_task(name="accounts.sweep_data_exports")
def sweep_data_exports() -> dict[str, int]:
    """Build the exports still waiting, remove the expired ones (safe to run twice)."""
    return data_exports_sweep()
