from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from ecosystem.accounts.models import User
from ecosystem.reference.models import Category, Region

PASSWORD = "correct-horse-battery-staple-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("name")
    time_zone = "UTC"
    password = factory.django.Password(PASSWORD)
    # Established accounts by default; newcomer-limit tests pass date_joined=now.
    date_joined = factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Users can sign in: their email is verified unless `verified=False`."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"category-{n}")
    name = factory.Sequence(lambda n: f"Category {n}")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"region-{n}")
    name = factory.Sequence(lambda n: f"Region {n}")


class GoalFactory(factory.django.DjangoModelFactory):
    """A bare goal row; use goals.services for anything that must schedule."""

    class Meta:
        model = "goals.Goal"

    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Goal {n}")
    target_date = factory.LazyFunction(lambda: __import__("datetime").date(2027, 3, 5))


class PlaybookFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "goals.Playbook"

    title = factory.Sequence(lambda n: f"Playbook {n}")
    author = factory.SubFactory(UserFactory)
    public = True
