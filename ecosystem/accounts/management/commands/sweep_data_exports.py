from django.core.management.base import BaseCommand

from ecosystem.accounts.data_export import data_exports_sweep


class Command(BaseCommand):
    help = (
        'Build the "Download my data" exports still waiting and remove the expired ones '
        "(the same job the Celery beat schedule runs every 10 minutes)."
    )

    def handle(self, *args, **options):
        done = data_exports_sweep()
        self.stdout.write(
            f"Built {done['built']} waiting and removed {done['purged']} expired data export(s)."
        )
