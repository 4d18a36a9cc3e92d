from django.core.management.base import BaseCommand

from ecosystem.notifications.delivery import digests_send_due


class Command(BaseCommand):
    help = (
        "Send the daily digests whose local time has come (the same job the Celery beat "
        "schedule runs as notifications.send_digests)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Sent {digests_send_due()} digest(s).")
