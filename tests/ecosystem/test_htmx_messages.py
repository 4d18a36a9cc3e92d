"""Messages added while answering an htmx request reach the page at once, through the live
region `#messages` that every page has (ecosystem.middleware.HtmxMessagesMiddleware)."""

import pytest
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import RequestFactory

from ecosystem.middleware import HtmxMessagesMiddleware
from tests.factories import UserFactory
from voice.services.ideas import idea_post

pytestmark = pytest.mark.django_db

OUT_OF_BAND = (
    '<div id="messages" class="messages" role="status" aria-live="polite" hx-swap-oob="innerHTML">'
)


@pytest.fixture
def idea():
    return idea_post(by=UserFactory(), title="Saturday delivery")


def test_every_page_has_the_live_region_even_with_no_message(client, customer):
    client.force_login(customer)
    page = client.get("/dashboard/").content.decode()
    assert '<div id="messages" class="messages" role="status" aria-live="polite"></div>' in page


def test_an_htmx_vote_says_so_out_of_band_and_the_next_page_does_not_repeat_it(
    client, customer, idea
):
    client.force_login(customer)
    answer = client.post(f"/ideas/{idea.pk}/", {"action": "vote"}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 200
    html = answer.content.decode()
    assert html.count('id="messages"') == 1
    assert (
        OUT_OF_BAND + '<p class="message message-success">Your vote is counted.</p></div>' in html
    )
    assert "Your vote is counted." not in client.get("/dashboard/").content.decode()


def test_without_htmx_the_message_waits_for_the_next_page(client, customer, idea):
    client.force_login(customer)
    answer = client.post(f"/ideas/{idea.pk}/", {"action": "vote"})
    assert answer.status_code == 302
    page = client.get(answer["Location"]).content.decode()
    assert '<p class="message message-success">Your vote is counted.</p>' in page
    assert "hx-swap-oob" not in page.split('id="messages"')[1].split(">")[0]


def _answered(response, *, htmx=True):
    """The middleware's answer to a request that added one message, answered `response`."""
    request = RequestFactory().post("/", headers={"HX-Request": "true"} if htmx else {})
    request._messages = CookieStorage(request)
    messages.info(request, "Saved.")

    def view(_request):
        return response

    return HtmxMessagesMiddleware(view)(request), request._messages


@pytest.mark.parametrize(
    "response",
    [
        HttpResponse("<p>gone</p>", status=400),
        HttpResponse(status=204),
        HttpResponse("{}", content_type="application/json"),
        HttpResponse("<p>x</p>", headers={"HX-Redirect": "/dashboard/"}),
        HttpResponse("<p>x</p>", headers={"HX-Refresh": "true"}),
        HttpResponse("<p>x</p>", headers={"HX-Location": "/dashboard/"}),
    ],
    ids=["not swapped", "no content", "not html", "redirect", "refresh", "location"],
)
def test_answers_htmx_does_not_swap_in_leave_the_message_for_the_next_page(response):
    answered, waiting = _answered(response)
    assert b"Saved." not in answered.content
    assert [str(message) for message in waiting] == ["Saved."]


def test_a_plain_request_leaves_the_message_for_the_page():
    answered, waiting = _answered(HttpResponse("<p>x</p>"), htmx=False)
    assert answered.content == b"<p>x</p>"
    assert [str(message) for message in waiting] == ["Saved."]


def test_an_htmx_answer_takes_the_message_and_keeps_its_length_right():
    response = HttpResponse("<p>x</p>")
    response["Content-Length"] = "8"
    answered, waiting = _answered(response)
    assert answered.content.startswith(b"<p>x</p>" + OUT_OF_BAND.encode())
    assert b'<p class="message message-info">Saved.</p>' in answered.content
    assert answered["Content-Length"] == str(len(answered.content))
    assert waiting.used
