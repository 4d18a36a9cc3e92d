"""The development outbox: under DEBUG with no mailer configured, each email is a file
under var/outbox/, and /dev/outbox/ lists them newest first and shows each with its links
whole and clickable. Without DEBUG the page does not exist; production keeps its mailer."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from ecosystem.outbox import outbox_names

pytestmark = pytest.mark.django_db

LONG_LINK = "http://127.0.0.1:8000/invitations/" + "eyJpZCI6MSwia2V5Ijoi" * 6 + ":1xa0yk:WxjPQ5d/"


@pytest.fixture
def outbox(settings, tmp_path):
    """The settings `make run` has: DEBUG on, no EMAIL_URL, no EMAIL_BACKEND."""
    settings.DEBUG = True
    settings.OUTBOX_DIR = tmp_path / "outbox"
    settings.MAILERS = {
        "default": {
            "BACKEND": "ecosystem.outbox.OutboxBackend",
            "OPTIONS": {"file_path": str(settings.OUTBOX_DIR)},
        }
    }
    return settings.OUTBOX_DIR


def send(subject, body, *, to="tui@example.org", html=""):
    message = EmailMultiAlternatives(subject=subject, body=body, to=[to])
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


def test_each_message_is_its_own_file_and_the_page_lists_them_newest_first(client, outbox):
    send("Confirm your address", f"Follow {LONG_LINK} to confirm.")
    send("Invitation", "Another one.", to="ari@example.org")

    names = outbox_names(outbox)
    assert len(names) == 2 and all(name.endswith(".eml") for name in names)
    assert not [name for name in os.listdir(outbox) if name.startswith(".")]  # no leftovers

    page = client.get(reverse("dev-outbox")).text
    assert page.index("Invitation") < page.index("Confirm your address")
    assert "to ari@example.org" in page


def test_a_message_shows_its_text_decoded_with_the_long_link_whole_and_clickable(client, outbox):
    send("Confirm your address", f"Hello Tui,\n\nFollow {LONG_LINK} to confirm.\n")
    raw = next(outbox.iterdir()).read_bytes()
    # On disk the long line is wrapped (quoted-printable or base64): copying it breaks it.
    assert LONG_LINK.encode() not in raw

    name = outbox_names(outbox)[0]
    page = client.get(reverse("dev-outbox-message", args=[name])).text

    assert f'<a href="{LONG_LINK}"' in page
    assert "Hello Tui," in page


def test_the_html_part_is_shown_in_a_sandboxed_frame_never_as_markup_of_the_page(client, outbox):
    send(
        "Digest",
        "Plain text.",
        html='<p>Hi <script>alert("x")</script><a href="http://example.org/">there</a></p>',
    )
    page = client.get(reverse("dev-outbox-message", args=[outbox_names(outbox)[0]])).text

    frame = re.search(r"<iframe [^>]*>", page).group(0)
    assert 'sandbox="allow-popups allow-popups-to-escape-sandbox"' in frame
    assert 'srcdoc="&lt;p&gt;Hi &lt;a href=&quot;http://example.org/&quot;' in frame
    assert "script" not in frame
    assert '<script>alert("x")' not in page


def test_without_debug_the_outbox_pages_do_not_exist(client, outbox, settings):
    send("Confirm your address", "Hello.")
    settings.DEBUG = False

    assert client.get(reverse("dev-outbox")).status_code == 404
    name = outbox_names(outbox)[0]
    assert client.get(reverse("dev-outbox-message", args=[name])).status_code == 404


@pytest.mark.parametrize("name", ["nothing-here.eml", "..%2Fsecret.eml", ".hidden.eml"])
def test_a_name_that_is_not_a_message_in_the_outbox_answers_404(client, outbox, name):
    (outbox.parent / "secret.eml").write_text("Subject: secret\n\nsecret")
    assert client.get(f"/dev/outbox/{name}/").status_code == 404


def _mailer(**environment) -> str:
    """The default mailer's backend, as a fresh process reads the settings."""
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'ecosystem.settings'; "
        "django.setup(); from django.conf import settings; "
        "print(settings.MAILERS['default']['BACKEND'])"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DEBUG", "EMAIL_URL", "EMAIL_BACKEND")
    }
    env.update(environment)
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_make_run_writes_to_the_outbox_and_production_keeps_its_mailer():
    assert _mailer(DEBUG="1") == "ecosystem.outbox.OutboxBackend"
    assert _mailer(DEBUG="1", EMAIL_URL="smtp://mail.example.org:25") == (
        "django.core.mail.backends.smtp.EmailBackend"
    )
    assert _mailer(DEBUG="1", EMAIL_BACKEND="anymail.backends.postmark.EmailBackend") == (
        "anymail.backends.postmark.EmailBackend"
    )
    production = {"DEBUG": "0", "ALLOWED_HOSTS": "example.org"}
    assert _mailer(**production, EMAIL_URL="smtp://mail.example.org:25") == (
        "django.core.mail.backends.smtp.EmailBackend"
    )
    assert _mailer(**production) != "ecosystem.outbox.OutboxBackend"
