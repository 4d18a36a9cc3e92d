"""Community.member_count: the active members, kept on the row (community/member_count.py),
counted here once for the communities that exist."""

from django.db import migrations, models
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count_members(apps, schema_editor):
    Community = apps.get_model("community", "Community")
    CommunityMembership = apps.get_model("community", "CommunityMembership")
    active = (
        CommunityMembership.objects.filter(community=OuterRef("pk"), status="active")
        .order_by()
        .values("community")
        .annotate(count=Count("pk"))
        .values("count")
    )
    Community.objects.update(
        member_count=Coalesce(Subquery(active, output_field=IntegerField()), 0)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0006_moderation_item_of_apps_above"),
    ]

    operations = [
        migrations.AddField(
            model_name="community",
            name="member_count",
            field=models.PositiveIntegerField(
                default=0, editable=False, verbose_name="active members"
            ),
        ),
        migrations.RunPython(count_members, migrations.RunPython.noop),
    ]
