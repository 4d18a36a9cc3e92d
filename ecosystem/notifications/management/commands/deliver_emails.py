from django.core.management.base import BaseCommand

from ecosystem.notifications.delivery import emails_send_pending


class Command(BaseCommand):
    help = (
        "Send, here and now, every notification email that is due (the Celery beat job "
        "notifications.deliver_emails sends the same ones, a batch per task)."
    )

    def handle(self, *args, **options):
        sent = 0
        while True:
            result = emails_send_pending()
            sent += result.sent
            if not result.full or not result.sent:  # all sent, or the mailer is down
                break
        self.stdout.write(f"Sent {sent} notification email(s).")
