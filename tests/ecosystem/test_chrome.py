"""The header and footer around every page are drawn once per set of facts and kept
(ecosystem/views/chrome.py): what they show follows each fact at once, and what belongs
to one reader (the form token) or one page (where the language switcher leads back) is
never another's."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from ecosystem.accounts.services import user_update_profile
from ecosystem.notifications import services as notifications
from ecosystem.notifications.models import Kind
from partners.services import organization_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def header(html: str) -> str:
    return re.search(r'<header class="site-header">.*?</header>', html, re.S).group(0)


def footer(html: str) -> str:
    return re.search(r'<footer class="site-footer">.*?</footer>', html, re.S).group(0)


def tokens(html: str) -> set[str]:
    """Every form token on a page: the page's own (htmx's header) and each form's."""
    return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)) | set(
        re.findall(r'"X-CSRFToken": "([^"]+)"', html)
    )


def page(client, url=None) -> str:
    return client.get(url or reverse("dashboard")).content.decode()


def test_the_header_follows_the_bell_the_name_and_the_roles_at_once(client, customer):
    client.force_login(customer)
    before = header(page(client))
    assert "0 unread" in before and "Casey Customer" in before
    assert "Partner dashboard" not in before

    notifications.notify(
        recipients=[customer], kind=Kind.MENTION, title="Hello", dedupe_key="chrome:1"
    )
    assert "1 unread" in header(page(client))

    user_update_profile(user=customer, display_name="Casey Grower")
    customer.refresh_from_db()
    assert ">Casey Grower</a>" in header(page(client))

    organization_create(by=customer, name="Orchard Supplies", kind="supplier")
    assert "Partner dashboard" in header(page(client))


def test_two_readers_of_the_same_header_each_get_their_own_token(customer):
    # Same name, same roles, same section: one kept drawing serves both.
    twin = UserFactory(display_name="Casey Customer")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(customer)
    second.force_login(twin)
    first_page, second_page = page(first), page(second)
    (first_token,), (second_token,) = tokens(first_page), tokens(second_page)
    assert first_token != second_token
    assert first_token in header(first_page) and second_token in header(second_page)
    # The drawings differ by the token alone.
    assert header(first_page).replace(first_token, "") == header(second_page).replace(
        second_token, ""
    )
    for one, other, client in ((first_page, second_page, first), (second_page, first_page, second)):
        own = tokens(one)
        assert len(own) == 1, "the header, the footer and the page carry one token"
        assert own.isdisjoint(tokens(other))
        # The header's own sign-out form works with the token it carries.
        answer = client.post(reverse("account_logout"), {"csrfmiddlewaretoken": own.pop()})
        assert answer.status_code == 302


def test_the_language_switcher_leads_back_to_the_page_itself_escaped(client, customer):
    client.force_login(customer)
    url = reverse("community:list") + '?q="><b>x</b>&page=1'
    html = page(client, url)
    next_input = re.search(r'<input type="hidden" name="next" value="([^"]*)">', footer(html))
    # The client sends the query percent-encoded; what is left to escape is escaped.
    assert next_input.group(1) == "/communities/?q=%22%3E%3Cb%3Ex%3C/b%3E&amp;page=1"
    assert "<b>x</b>" not in html
    # Another page, the same kept footer: its own path.
    assert 'name="next" value="/dashboard/"' in footer(page(client))


def test_the_header_speaks_the_reader_s_language(client, customer):
    client.force_login(customer)
    assert ">Dashboard</a>" in header(page(client))
    client.post(reverse("accounts:language"), {"language": "ru", "next": "/"})
    russian = header(page(client))
    assert ">Dashboard</a>" not in russian
    assert ">Главная</a>" in russian and "Выйти" in russian


def test_the_page_django_draws_on_a_refused_form_has_the_chrome_too(customer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(customer)
    answer = client.post(reverse("account_logout"))  # no form token
    assert answer.status_code == 403
    html = answer.content.decode()
    assert "Casey Customer" in header(html) and "Session expired" in html
    assert 'name="next" value="/accounts/logout/"' in footer(html)


def test_the_bell_is_marked_current_on_the_notification_centre_only(client, customer):
    client.force_login(customer)

    def bell(html):
        return re.search(r'<a href="/notifications/"[^>]*id="notification-bell"[^>]*>', html, re.S)

    assert 'aria-current="page"' in bell(page(client, reverse("notifications:centre"))).group(0)
    assert 'aria-current="page"' not in bell(page(client)).group(0)
