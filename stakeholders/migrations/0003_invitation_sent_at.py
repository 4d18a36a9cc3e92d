"""Invitations claim their email: invitation_sent_at is set when the email is sent.

Rows written before this migration keep it empty on purpose: an invitation whose task had
not run yet must still be emailed, and a missed email is worse than one sent twice."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('stakeholders', '0002_own_tables'),
    ]

    operations = [
        migrations.AddField(
            model_name='stakeholder',
            name='invitation_sent_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='invitation emailed at'),
        ),
    ]
