"""Every page reads in Russian for a person who chose Russian: no sentence of ours is left
in English. The pages and their readers are the browser walk's (tests/e2e/test_every_page.py),
fetched here with the test client. What people wrote (goal titles, posts, names) stays as
they wrote it: text found in the database is theirs, not ours."""

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from tests.e2e.test_every_page import GOAL_PAGES, OTHER_PAGES, PAGES
from tests.e2e.world import build_world

ENGLISH_WORD = re.compile(r"\b[A-Za-z]{2,}\b")
CYRILLIC = re.compile("[\u0400-\u04ff]")
# Names that are the same in every language.
NAMES = {"API", "Ecosystem", "iCalendar", "HMAC", "JSON", "CSV", "ZIP", "Markdown", "URL"}


class VisibleText(HTMLParser):
    """The text a person reads, and the labels a screen reader speaks."""

    SKIPPED = {"script", "style", "code", "pre", "textarea", "template"}

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self.skipping += 1
        for name, value in attrs:
            if name in ("aria-label", "title", "placeholder", "alt") and value:
                self.texts.append(value)

    def handle_endtag(self, tag):
        if tag in self.SKIPPED and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.texts.append(data)


def written_by_people() -> str:
    """Every text value in the database, joined: what people and the demo wrote."""
    values = []
    for model in apps.get_models():
        fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.EmailField)
        ]
        if fields:
            for row in model._default_manager.values_list(*fields):
                values.extend(str(value) for value in row if value)
    return "\n".join(values)


def english_left(html: str, data: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    left = []
    for text in parser.texts:
        text = " ".join(text.split())
        words = [word for word in ENGLISH_WORD.findall(text) if word not in NAMES]
        if CYRILLIC.search(text) or len(words) < 2:
            continue
        parts = [text, *re.split(r"[·:|,()]", text)]
        # A title cut short ("Export-grade Gal…") or an @name is still what someone wrote.
        if any(part.strip(" @…") in data for part in parts):
            continue
        left.append(text)
    return left


@pytest.mark.django_db
def test_every_page_reads_in_russian(client):
    world = build_world()
    for person in world.people.values():
        if person is not None:
            person.language = "ru"
            person.save(update_fields=["language"])
    data = written_by_people()
    found = {}
    for route, (role, path) in {**PAGES, **GOAL_PAGES, **OTHER_PAGES}.items():
        client.logout()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
        if world.people[role] is not None:
            client.force_login(world.people[role])
        answer = client.get(path.format(**world.names))
        assert answer.status_code == 200, route
        left = english_left(answer.content.decode(), data)
        if left:
            found[route] = left
    assert found == {}, "\n".join(f"{route}: {texts}" for route, texts in found.items())
