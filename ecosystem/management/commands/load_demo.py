from django.core.management.base import BaseCommand

from ecosystem.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo data (idempotent: running it twice changes nothing)."

    def handle(self, *args, **options):
        load_demo()
        self.stdout.write(f"Demo data ready. Sign in as {DEMO_EMAIL} / {DEMO_PASSWORD}")
