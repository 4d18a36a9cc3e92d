"""Webhooks' part of "Download my data": the endpoints the person set up for their
organisation (never their signing secret). Deleting the account keeps them: they are the
organisation's, and `created_by` empties itself (SET_NULL)."""

from ecosystem.accounts.hooks import personal_data

from .models import WebhookEndpoint


def personal_rows(*, user) -> dict:
    return {
        "webhook_endpoints_created": WebhookEndpoint.objects.filter(created_by=user).values(
            "id", "organization__name", "url", "description", "events", "enabled", "created_at"
        ),
    }


def connect() -> None:
    personal_data.register("webhooks", personal_rows)
