from django.core.management.base import BaseCommand

from goals.services import goal_purge_expired


class Command(BaseCommand):
    help = (
        "Delete for good the goals left in the trash past the retention period "
        "(the same job the Celery beat schedule runs daily as goals.purge_trash)."
    )

    def handle(self, *args, **options):
        purged = goal_purge_expired()
        self.stdout.write(f"Purged {purged} goal(s) from the trash.")
