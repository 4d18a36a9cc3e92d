from django.core.management.base import BaseCommand

from webhooks.coming import milestones_coming_sweep


class Command(BaseCommand):
    help = (
        "Tell partners' webhooks of the milestones coming for them (the same job the "
        "Celery beat schedule runs hourly as webhooks.milestones_coming)."
    )

    def handle(self, *args, **options):
        recorded = milestones_coming_sweep()
        self.stdout.write(f"Recorded {recorded} coming milestone event(s).")
