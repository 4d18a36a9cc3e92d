import pytest

from partners.models import PartnerOrganization
from tests.webhooks.receiver import Receiver


@pytest.fixture(autouse=True)
def _local_targets(settings):
    """Tests send to a receiver on loopback: allowed here, refused in production."""
    settings.WEBHOOK_ALLOW_LOCAL_TARGETS = True
    settings.WEBHOOK_TIMEOUT_SECONDS = 2


@pytest.fixture
def receiver():
    started = []

    def start(statuses=(), **options) -> Receiver:
        server = Receiver(statuses, **options).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def supplier(partner_admin):
    return PartnerOrganization.objects.get(name="Orchard Supplies")
