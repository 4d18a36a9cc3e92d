"""Stakeholder and Advice now belong to the stakeholders app (its 0001 took them over
with their tables and rows): partners forgets them, the database is left as it is."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('partners', '0003_stakeholders_and_advice'),
        ('stakeholders', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name='Advice'),
                migrations.DeleteModel(name='Stakeholder'),
            ],
        ),
    ]
