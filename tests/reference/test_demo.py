import pytest
from django.apps import apps

from ecosystem.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo

pytestmark = pytest.mark.django_db


def _row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.smoke
def test_loading_the_demo_twice_changes_nothing():
    load_demo()
    first = _row_counts()
    load_demo()
    assert _row_counts() == first


def test_the_demo_login_works(client):
    load_demo()
    response = client.post(
        "/accounts/login/", {"login": DEMO_EMAIL, "password": DEMO_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/dashboard/"


def test_the_demo_customer_is_suggested_a_peer_further_along(client):
    load_demo()
    client.post("/accounts/login/", {"login": DEMO_EMAIL, "password": DEMO_PASSWORD})
    page = client.get("/peers/").content.decode()
    assert "Mere (finished last season)" in page
    assert "Finished Orchard" in page or "finished" in page.lower()
    assert "Mere (finished last season)" in client.get("/dashboard/").content.decode()
