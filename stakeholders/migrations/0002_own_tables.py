"""The moved tables take this app's names: stakeholders_stakeholder (and its milestones
table), stakeholders_advice, and the indexes and constraints on them. Renames only, so
every row stays; the content types follow, so audit rows and permissions that name a
stakeholder or advice keep pointing at it."""

from django.db import migrations, models

MOVED = ("stakeholder", "advice")


def content_types_follow(apps, schema_editor, *, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MOVED:
        if not content_types.filter(app_label=target, model=model).exists():
            content_types.filter(app_label=source, model=model).update(app_label=target)


def forwards(apps, schema_editor):
    content_types_follow(apps, schema_editor, source="partners", target="stakeholders")


def backwards(apps, schema_editor):
    content_types_follow(apps, schema_editor, source="stakeholders", target="partners")


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('partners', '0004_stakeholders_move_out'),
        ('stakeholders', '0001_initial'),
    ]

    operations = [
        migrations.AlterModelTable(name='stakeholder', table=None),
        migrations.AlterModelTable(name='advice', table=None),
        migrations.RenameIndex(
            model_name='stakeholder', new_name='stakeholders_user_idx', old_name='partners_stakeholder_user_idx'
        ),
        migrations.RenameIndex(
            model_name='stakeholder', new_name='stakeholders_org_idx', old_name='partners_stakeholder_org_idx'
        ),
        migrations.RenameIndex(
            model_name='stakeholder', new_name='stakeholders_email_idx', old_name='partners_stakeholder_email_idx'
        ),
        migrations.RenameIndex(
            model_name='stakeholder', new_name='stakeholders_lapse_idx', old_name='partners_stakeholder_lapse_idx'
        ),
        migrations.RenameIndex(
            model_name='advice', new_name='stakeholders_advice_ms_idx', old_name='partners_advice_ms_idx'
        ),
        migrations.RemoveConstraint(model_name='stakeholder', name='partners_stakeholder_person_or_organization'),
        migrations.RemoveConstraint(model_name='stakeholder', name='partners_stakeholder_open_person_once'),
        migrations.RemoveConstraint(model_name='stakeholder', name='partners_stakeholder_open_organization_once'),
        migrations.AddConstraint(
            model_name='stakeholder',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('organization__isnull', True), models.Q(('email', ''), _negated=True)), models.Q(('organization__isnull', False), ('email', ''), ('user__isnull', True)), _connector='OR'), name='stakeholders_stakeholder_person_or_organization'),
        ),
        migrations.AddConstraint(
            model_name='stakeholder',
            constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['invited', 'active']), models.Q(('email', ''), _negated=True)), fields=('goal', 'email'), name='stakeholders_stakeholder_open_person_once'),
        ),
        migrations.AddConstraint(
            model_name='stakeholder',
            constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['invited', 'active']), ('organization__isnull', False)), fields=('goal', 'organization'), name='stakeholders_stakeholder_open_organization_once'),
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
