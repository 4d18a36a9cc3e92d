from django.core.management.base import BaseCommand

from webhooks.delivery import deliveries_sweep, delivery_attempt


class Command(BaseCommand):
    help = (
        "Send the webhook deliveries whose time has come, here and now (the Celery beat "
        "job webhooks.deliver_pending enqueues the same ones)."
    )

    def handle(self, *args, **options):
        states = [delivery_attempt(delivery_id=pk).state for pk in deliveries_sweep()]
        self.stdout.write(
            f"Attempted {len(states)} delivery(ies): {states.count('delivered')} delivered."
        )
