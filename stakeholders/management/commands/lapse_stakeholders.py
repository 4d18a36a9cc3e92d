from django.core.management.base import BaseCommand

from stakeholders.lifecycle import stakeholders_lapse_expired


class Command(BaseCommand):
    help = (
        "Record the stakeholders whose access has ended (the same job the Celery beat "
        "schedule runs as partners.lapse_stakeholders)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Lapsed {stakeholders_lapse_expired()} stakeholder(s).")
