"""Reachability checks for /healthz: each answers {"ok": bool, "detail": str}."""

from django.db import connection

from .celery import app as celery_app


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any driver error means "not reachable"
        return {"ok": False, "detail": f"{type(error).__name__}: {error}"[:300]}
    return {"ok": True, "detail": connection.vendor}


def check_broker() -> dict:
    try:
        with celery_app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, interval_start=0, interval_step=0.2, timeout=3)
            transport = broker.transport_cls
    except Exception as error:  # any transport error means "not reachable"
        return {"ok": False, "detail": f"{type(error).__name__}: {error}"[:300]}
    return {"ok": True, "detail": str(transport)}


def check_all() -> dict:
    return {"database": check_database(), "broker": check_broker()}
