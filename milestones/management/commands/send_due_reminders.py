from django.core.management.base import BaseCommand

from milestones.reminders import reminders_send_due


class Command(BaseCommand):
    help = (
        "Send the milestone reminders (start by, due soon, overdue) whose local time has "
        "come: the same job the Celery beat schedule runs every 5 minutes as "
        "milestones.send_due_reminders. Safe to run at any time, and twice."
    )

    def handle(self, *args, **options):
        result = reminders_send_due()
        self.stdout.write(
            f"Examined {result.examined} milestone reminder(s), decided {result.decided}, "
            f"offered {result.offered} notification(s)."
        )
