"""The one way to write the audit log."""

from django.contrib.contenttypes.models import ContentType

from .models import AuditEvent


def audit_record(*, actor, verb: str, target=None, payload: dict | None = None) -> AuditEvent:
    """Record that `actor` did `verb` to `target`, with a small JSON `payload` (the why).

    Call it inside the transaction of the change it records, so the log and the change
    land together or not at all.
    """
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        payload=payload or {},
    )
