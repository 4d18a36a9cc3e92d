from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_notifications_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="peers_version",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
    ]
