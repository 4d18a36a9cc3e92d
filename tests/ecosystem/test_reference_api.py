"""The reference lists of the API (categories, regions): the same queries whatever their size."""

import pytest

from tests.conftest import api_for, assert_max_queries
from tests.factories import CategoryFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "factory"),
    [("/api/v1/categories/", CategoryFactory), ("/api/v1/regions/", RegionFactory)],
)
def test_a_reference_list_makes_the_same_queries_for_few_and_many_rows(customer, path, factory):
    client = api_for(customer)
    parent = factory()
    counts = []
    for size in (2, 30):
        while factory._meta.model.objects.filter(parent=parent).count() < size:
            factory(parent=parent)
        with assert_max_queries(2) as queries:
            response = client.get(path)
        assert response.status_code == 200
        assert parent.slug in {row["parent"] for row in response.json()["results"]}
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1], counts
