"""Fixtures of the customer's voice tests."""

import pytest

from tests.voice.helpers import orchard_playbook


@pytest.fixture
def playbook(staff):
    """A public orchard playbook with needs on its stages, by staff."""
    return orchard_playbook(staff)
