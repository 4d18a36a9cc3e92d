from django.core.management.base import BaseCommand

from community.peers.sweep import suggest_peers


class Command(BaseCommand):
    help = (
        "Suggest peers further along to every findable customer with an active goal, once "
        "per ISO week (the job the Celery beat schedule runs weekly as community.suggest_peers)."
    )

    def handle(self, *args, **options):
        result = suggest_peers()
        self.stdout.write(
            f"Week of {result.week}: {result.written} suggestion(s) for "
            f"{len(result.people)} person(s) ({result.seekers} goal(s) looked at)."
        )
