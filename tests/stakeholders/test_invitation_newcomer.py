"""The invited newcomer: an invitation link opened signed out shows the invitation, and it
is still in front of them after sign-up, address confirmation and sign-in. Signing up with
the invited address needs no confirmation email; confirming an address signs in."""

import html
import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from ecosystem.accounts.models import User
from goals.services import goal_create
from milestones.services import milestone_create
from partners.services import organization_create
from stakeholders.lifecycle import invitation_token
from stakeholders.models import Stakeholder
from stakeholders.services import stakeholder_invite
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def goal(customer):
    return goal_create(by=customer, title="Gala apples", target_date=date(2027, 3, 1))


@pytest.fixture
def invitation(goal, customer):
    thinning = milestone_create(goal=goal, by=goal.owner, title="Thinning project", duration_days=5)
    milestone_create(goal=goal, by=goal.owner, title="Order fertiliser", duration_days=2)
    return stakeholder_invite(
        goal=goal,
        by=customer,
        email="tui@tutors.example",
        role="tutor",
        access="comment",
        milestones=[thinning],
        ends_on=date(2027, 4, 30),
    )


@pytest.fixture
def link(invitation):
    return reverse("stakeholders:invitation", args=[invitation_token(invitation)])


def signup(client, email, next_url=None):
    url = reverse("account_signup") + (f"?next={next_url}" if next_url else "")
    return client.post(
        url,
        {
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "display_name": "Tui",
            **({"next": next_url} if next_url else {}),
        },
    )


def button(page: str, label: str) -> str:
    """The address of the link (styled as a button) with this label."""
    href = re.search(rf'<a class="button[^"]*" href="([^"]+)">{label}</a>', page).group(1)
    return html.unescape(href)


def confirmation_link(message) -> str:
    return re.search(r"https?://\S+(/accounts/confirm-email/\S+/)", message.body).group(1)


def test_signed_out_the_link_shows_the_invitation_with_create_an_account_and_sign_in(client, link):
    response = client.get(link)

    assert response.status_code == 200
    page = response.text
    assert "Casey Customer invites you to help with “Gala apples”" in page
    assert "Comment: also posts advice" in page
    assert "Thinning project" in page and "Order fertiliser" not in page
    assert "Fri 30 Apr 2027" in page
    assert "tui@tutors.example" in page
    create, sign_in = button(page, "Create an account"), button(page, "Sign in")
    assert urlsplit(create).path == reverse("account_signup")
    assert parse_qs(urlsplit(create).query) == {
        "next": [link],
        "email": ["tui@tutors.example"],
    }
    assert urlsplit(sign_in).path == reverse("account_login")
    assert parse_qs(urlsplit(sign_in).query) == {"next": [link]}
    assert 'value="accept"' not in page


def test_signing_up_with_the_invited_address_needs_no_confirmation_and_lands_on_it(
    client, link, invitation, mailoutbox
):
    create = button(client.get(link).text, "Create an account")
    # The sign-up form is already filled with the invited address.
    assert 'value="tui@tutors.example"' in client.get(create).text

    response = signup(client, "Tui@Tutors.example", next_url=link)

    assert mailoutbox == []
    assert response.status_code == 302 and response.url == link
    assert EmailAddress.objects.get(email="tui@tutors.example").verified
    page = client.get(link).text
    assert 'value="accept"' in page
    # Accepting stays the person's choice.
    assert Stakeholder.objects.get(pk=invitation.pk).status == "invited"


def test_signing_up_with_another_address_confirms_it_which_signs_in_and_lands_on_it(
    client, link, mailoutbox
):
    client.get(link)
    response = signup(client, "tui.home@example.org", next_url=link)

    assert response.status_code == 302
    assert [message.to for message in mailoutbox] == [["tui.home@example.org"]]
    # The invited address was not added to this account on the side.
    user = User.objects.get(email="tui.home@example.org")
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified")) == [
        ("tui.home@example.org", False)
    ]

    confirm = confirmation_link(mailoutbox[0])
    response = client.post(confirm)
    assert response.status_code == 302 and response.url == link
    assert client.get(link).context["user"] == user


def test_confirmed_elsewhere_then_signing_in_here_lands_on_the_invitation(client, link, mailoutbox):
    client.get(link)
    signup(client, "tui.home@example.org")  # no `next`: the session remembers
    # The confirmation link opened in another browser (the phone's mail app) does not
    # sign in there.
    elsewhere = Client()
    response = elsewhere.post(confirmation_link(mailoutbox[0]))
    assert response.status_code == 302 and response.url == reverse("account_login")

    response = client.post(
        reverse("account_login"), {"login": "tui.home@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302 and response.url == link


def test_an_existing_account_signs_in_and_lands_on_the_invitation(client, link):
    UserFactory(email="tui@tutors.example")
    client.get(link)
    response = client.post(
        reverse("account_login") + f"?next={link}",
        {"login": "tui@tutors.example", "password": PASSWORD, "next": link},
    )
    assert response.status_code == 302 and response.url == link

    # Once it was in front of them, it is forgotten: their next sign-in lands as usual.
    client.get(link)
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "tui@tutors.example", "password": PASSWORD}
    )
    assert response.url != link


def test_the_invited_address_is_proved_only_in_the_browser_that_opened_the_link(
    client, link, mailoutbox
):
    client.get(link)
    stranger = Client()
    signup(stranger, "tui@tutors.example")

    assert [message.to for message in mailoutbox] == [["tui@tutors.example"]]
    assert not EmailAddress.objects.get(email="tui@tutors.example").verified


def test_signed_out_answering_leads_to_sign_in_and_a_bad_link_says_why(client, link):
    response = client.post(link, {"answer": "accept"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login") + "?next=")

    response = client.get(link[:-3] + "xx/")
    assert response.status_code == 410
    assert "not valid" in response.text


def test_an_organisations_invitation_asks_an_admin_to_sign_in(client, goal, customer):
    admin = UserFactory(display_name="Pat Partner")
    supplier = organization_create(by=admin, name="Orchard Supplies", kind="supplier")
    invitation = stakeholder_invite(goal=goal, by=customer, organization=supplier, role="supplier")
    link = reverse("stakeholders:invitation", args=[invitation_token(invitation)])

    page = client.get(link).text

    assert "the admins of Orchard Supplies" in page
    assert "An admin of Orchard Supplies answers for it" in page
    assert "no confirmation email is needed" not in page


def test_signed_in_with_another_address_the_page_says_which_to_use(client, link):
    client.force_login(UserFactory(email="someone@example.org"))

    page = client.get(link).text

    assert "sent to tui@tutors.example, and you are signed in as someone@example.org" in page
