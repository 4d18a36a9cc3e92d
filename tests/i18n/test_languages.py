"""English and Russian: the language is chosen per person, from the browser, or with the
switcher on every page; what is written for someone (notifications, reminders, emails)
is in their language, whoever caused it."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from community.selectors import search_threads
from community.services import community_create, community_join, post_create, thread_create
from ecosystem.notifications import services as notification_services
from ecosystem.notifications.models import Kind, Notification, NotificationPreference
from milestones import reminders
from milestones.models import Milestone
from partners.models import Membership
from partners.selectors import resource_search
from partners.services import resource_create, resource_publish
from stakeholders.services import stakeholder_invite
from tests.conftest import REQUIRE_SERVICES
from tests.factories import GoalFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_signed_out_browser_asking_for_russian_reads_russian(client):
    page = client.get(reverse("account_login"), headers={"accept-language": "ru-RU,ru;q=0.9"})
    html = page.content.decode()
    assert '<html lang="ru">' in html
    assert "Войти" in html
    assert "Sign in" not in html


def test_the_switcher_is_on_every_page_and_names_each_language_in_itself(client, customer):
    client.force_login(customer)
    html = client.get(reverse("dashboard")).content.decode()
    assert f'action="{reverse("accounts:language")}"' in html
    assert 'value="ru" class="link-button">Русский</button>' in html
    assert '<strong aria-current="true">English</strong>' in html


def test_switching_keeps_the_choice_for_a_signed_out_visitor(client):
    answer = client.post(
        reverse("accounts:language"), {"language": "ru", "next": "/communities/?page=2"}
    )
    assert answer.status_code == 302
    assert answer["Location"] == "/communities/?page=2"
    # The cookie wins over the browser's own preference.
    html = client.get(reverse("account_login"), headers={"accept-language": "en"}).content
    assert "Войти" in html.decode()


def test_switching_while_signed_in_is_kept_on_the_profile_for_every_browser(client, customer):
    client.force_login(customer)
    client.post(reverse("accounts:language"), {"language": "ru", "next": "/"})
    customer.refresh_from_db()
    assert customer.language == "ru"
    elsewhere = type(client)()
    elsewhere.force_login(customer)
    html = elsewhere.get(reverse("dashboard"), headers={"accept-language": "en"}).content
    assert '<html lang="ru">' in html.decode()


def test_a_language_the_site_does_not_offer_changes_nothing(client, customer):
    client.force_login(customer)
    answer = client.post(reverse("accounts:language"), {"language": "xx", "next": "/"})
    assert answer.status_code == 302
    customer.refresh_from_db()
    assert customer.language == "en"


def test_a_way_out_to_another_site_is_not_followed(client):
    answer = client.post(
        reverse("accounts:language"), {"language": "ru", "next": "https://evil.example/"}
    )
    assert answer.status_code == 302
    assert "evil.example" not in answer["Location"]


def test_signing_up_from_a_russian_page_keeps_russian(client):
    client.post(
        reverse("account_signup"),
        {
            "email": "new@example.com",
            "password1": "a long pass phrase 42",
            "password2": "a long pass phrase 42",
        },
        headers={"accept-language": "ru"},
    )
    from ecosystem.accounts.models import User

    assert User.objects.get(email="new@example.com").language == "ru"


def test_the_profile_offers_the_languages_by_their_own_names(client, customer):
    client.force_login(customer)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert '<option value="ru">Русский</option>' in html


# --- Written for someone else, in their language ------------------------------------------


@pytest.fixture
def growers(staff_user):
    return community_create(by=staff_user, name="Apple growers", purpose="Grow better apples")


def member_of(community, **fields):
    person = UserFactory(**fields)
    community_join(community=community, user=person)
    return person


def test_a_reply_is_told_in_the_thread_author_s_language_not_the_replier_s(growers):
    asker = member_of(growers, language="ru")
    helper = member_of(growers, language="en", display_name="Hana Helper")
    thread = thread_create(
        community=growers, author=asker, kind="question", title="Обрезка", body="Когда?"
    )
    post_create(thread=thread, author=helper, body="In late winter.")
    (told,) = Notification.objects.filter(recipient=asker, kind=Kind.THREAD_REPLY)
    assert told.title == "Новый ответ от Hana Helper в обсуждении «Обрезка»"


def test_reminders_are_written_in_each_recipient_s_language_with_russian_plurals_and_dates():
    russian = UserFactory(language="ru", time_zone="Europe/Moscow")
    english = UserFactory(language="en", time_zone="Europe/Moscow")
    for person in (russian, english):
        notification_services.preferences_update(by=person, reminder_lead_days=7)
        for days in (2, 5):
            finish = date(2027, 4, 1) + timedelta(days=days)
            goal = GoalFactory(owner=person, target_date=finish + timedelta(days=30))
            Milestone.objects.create(
                goal=goal,
                title=f"Этап {days}",
                latest_start=date(2027, 3, 1),
                latest_finish=finish,
                status="doing",
            )
    with time_machine.travel(datetime(2027, 4, 1, 9, 0, tzinfo=UTC), tick=False):
        reminders.reminders_send_due()
    told = dict(
        Notification.objects.filter(kind=Kind.MILESTONE_DUE_SOON, recipient=russian).values_list(
            "title", "body"
        )
    )
    assert set(told) == {
        "Срок этапа «Этап 2» — через 2 дня",
        "Срок этапа «Этап 5» — через 5 дней",
    }
    assert "6 апреля 2027" in told["Срок этапа «Этап 5» — через 5 дней"]
    in_english = Notification.objects.filter(kind=Kind.MILESTONE_DUE_SOON, recipient=english)
    assert sorted(in_english.values_list("title", flat=True)) == [
        "“Этап 2” is due in 2 days",
        "“Этап 5” is due in 5 days",
    ]


def test_a_notification_email_is_in_its_recipient_s_language(
    growers, django_capture_on_commit_callbacks, mailoutbox
):
    asker = member_of(growers, language="ru")
    NotificationPreference.objects.create(user=asker, kind=Kind.THREAD_REPLY, channel="email")
    thread = thread_create(
        community=growers, author=asker, kind="question", title="Обрезка", body="Когда?"
    )
    helper = member_of(growers, display_name="Hana Helper")
    with django_capture_on_commit_callbacks(execute=True):
        post_create(thread=thread, author=helper, body="In late winter.")
    (message,) = mailoutbox
    assert message.subject.endswith("Новый ответ от Hana Helper в обсуждении «Обрезка»")
    assert "Unsubscribe" not in message.body


def test_an_invitation_email_is_in_the_inviter_s_language(
    mailoutbox, django_capture_on_commit_callbacks
):
    owner = UserFactory(language="ru", display_name="Мария")
    goal = GoalFactory(owner=owner, title="Сад", target_date=date(2027, 4, 6))
    with django_capture_on_commit_callbacks(execute=True):
        stakeholder_invite(
            goal=goal, by=owner, email="helper@example.com", role="advisor", access="view"
        )
    (message,) = mailoutbox
    assert "Сад" in message.subject
    assert "6 апреля 2027" in message.body


# --- Search in both languages ---------------------------------------------------------------


def full_text_only():
    if connection.vendor == "postgresql":
        return
    reason = "full-text search with stemming runs on PostgreSQL (DATABASE_URL)"
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def test_community_search_finds_russian_and_english_words_by_their_stems(growers):
    full_text_only()
    member = member_of(growers)
    thread_create(
        community=growers, author=member, kind="question", title="Когда обрезать яблони?",
        body="Обрезка яблонь зимой или весной?",
    )  # fmt: skip
    thread_create(
        community=growers, author=member, kind="tip", title="Pruning young apple trees",
        body="Prune before the buds break.",
    )  # fmt: skip

    def titles(text):
        return {thread.title for thread in search_threads(user=member, text=text)}

    assert titles("яблоня") == {"Когда обрезать яблони?"}
    assert titles("обрезки") == {"Когда обрезать яблони?"}
    assert titles("pruned apples") == {"Pruning young apple trees"}


def test_resource_search_finds_a_russian_resource_by_another_form_of_its_words(partner_admin):
    full_text_only()
    organization = Membership.objects.get(user=partner_admin).organization
    resource = resource_create(
        by=partner_admin, organization=organization, kind="guide",
        title="Прореживание плодов", body="Как прореживать завязи яблонь.",
    )  # fmt: skip
    resource_publish(resource=resource, by=partner_admin)
    found = resource_search(user=UserFactory(), search="прореживанию яблони")
    assert [item.title for item in found] == ["Прореживание плодов"]


def test_the_goal_page_and_its_timeline_name_months_and_dates_in_russian(client):
    owner = UserFactory(language="ru")
    goal = GoalFactory(owner=owner, title="Сад", target_date=date(2027, 4, 29))
    Milestone.objects.create(
        goal=goal,
        title="Обрезка",
        latest_start=date(2027, 3, 1),
        latest_finish=date(2027, 3, 12),
        duration_days=10,
    )
    client.force_login(owner)
    html = client.get(reverse("goals:detail", args=[goal.pk])).content.decode()
    assert 'class="timeline-tick-label">Мар 2027</text>' in html
    assert "29 апреля 2027" in html
    assert "Mar 2027" not in html
