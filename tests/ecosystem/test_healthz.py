import pytest

from ecosystem.celery import app as celery_app

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_healthz_answers_200_when_database_and_broker_answer(client):
    response = client.get("/healthz", secure=True)

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] and body["checks"]["broker"]["ok"]


def test_healthz_answers_503_naming_the_broker_when_it_does_not_answer(client):
    saved = celery_app.conf.broker_url
    # A real connection attempt to a port nothing listens on.
    celery_app.conf.broker_url = "redis://127.0.0.1:9/0"
    try:
        response = client.get("/healthz", secure=True)
    finally:
        celery_app.conf.broker_url = saved

    assert response.status_code == 503
    assert response.json()["failing"] == ["broker"]
