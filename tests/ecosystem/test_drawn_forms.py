"""Search and filter forms kept once drawn (ecosystem/drawn_forms.py): the library's search
box and category dropdown, the community list's search box. A kept form never shows
another reader's text, an old category or another language; one drawn for the same
facts is not drawn again."""

import re
import uuid

from django.urls import reverse

from tests.conftest import client_for
from tests.factories import CategoryFactory, UserFactory

LIBRARY = reverse("goals:playbook-list")
WIDGETS = {"django/forms/widgets/select.html", "django/forms/widgets/text.html"}


def options_of(response) -> list[str]:
    select = re.search(r'<select name="category".*?</select>', response.content.decode(), re.S)
    return re.findall(r"<option [^>]*>([^<]*)</option>", select.group(0))


def search_box_of(response) -> str:
    return re.search(r'<input type="text" name="q"[^>]*>', response.content.decode()).group(0)


def test_a_category_added_or_renamed_shows_in_the_library_filter_on_the_next_view(signed_in):
    CategoryFactory(name="Apiculture")
    assert "Apiculture" in options_of(signed_in.get(LIBRARY))

    added = CategoryFactory(name="Beekeeping for beginners")
    assert "Beekeeping for beginners" in options_of(signed_in.get(LIBRARY))

    added.name = "Beekeeping"
    added.save()
    assert options_of(signed_in.get(LIBRARY))[-2:] == ["Apiculture", "Beekeeping"]

    added.delete()
    assert "Beekeeping" not in options_of(signed_in.get(LIBRARY))


def test_each_reader_sees_their_own_search_and_choice_back(customer, other_customer):
    orchards = CategoryFactory(name="Orchards")
    first, second = client_for(customer), client_for(other_customer)

    assert 'value="apples"' in search_box_of(first.get(LIBRARY, {"q": "apples"}))
    answer = second.get(LIBRARY, {"q": "pears", "category": orchards.pk})
    assert 'value="pears"' in search_box_of(answer)
    assert f'<option value="{orchards.pk}" selected>Orchards</option>' in answer.content.decode()
    assert 'value="q"' not in search_box_of(second.get(LIBRARY))
    assert "value=" not in search_box_of(first.get(LIBRARY))


def test_an_unknown_category_keeps_its_message_when_drawn_again(signed_in):
    for _ in range(2):
        answer = signed_in.get(LIBRARY, {"category": "nope"})
        assert answer.status_code == 200
        assert "That category does not exist." in answer.content.decode()
    assert "That category does not exist." not in signed_in.get(LIBRARY).content.decode()


def test_the_filter_follows_the_readers_language(customer):
    CategoryFactory(name="Orchards")
    english = client_for(customer).get(LIBRARY).content.decode()
    russian = client_for(UserFactory(language="ru")).get(LIBRARY).content.decode()
    assert ">All categories</option>" in english
    assert ">Все категории</option>" in russian  # noqa: RUF001  (Russian)
    assert ">All categories</option>" not in russian


def test_a_form_drawn_for_the_same_facts_is_not_drawn_again(signed_in):
    search = {"q": f"kept {uuid.uuid4().hex}"}  # facts no earlier test drew
    first = signed_in.get(LIBRARY, search)
    assert {template.name for template in first.templates} >= WIDGETS
    again = signed_in.get(LIBRARY, search)
    assert not WIDGETS & {template.name for template in again.templates}
    assert search_box_of(again) == search_box_of(first)


def test_the_community_list_shows_its_search_box_in_the_readers_language(customer):
    english = client_for(customer).get(reverse("community:list")).content.decode()
    russian = client_for(UserFactory(language="ru")).get(reverse("community:list"))
    assert 'action="/communities/search/"' in english
    assert 'type="search" name="q"' in english
    assert ">Search threads:</label>" in english
    assert ">Search threads:</label>" not in russian.content.decode()
