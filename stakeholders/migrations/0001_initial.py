"""The goal's ecosystem moves out of partners/ into its own app, keeping every row.

State only: Stakeholder and Advice join this app with the tables, indexes and constraints
they have today (partners_*); partners 0004 then forgets them, and 0002 here renames the
tables, indexes and constraints to this app's names."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('goals', '0003_playbook_organization'),
        ('milestones', '0001_initial'),
        ('partners', '0003_stakeholders_and_advice'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Advice',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('body', models.TextField(max_length=32000, verbose_name='advice (markdown)')),
                        ('body_html', models.TextField(editable=False)),
                        ('helpful', models.BooleanField(default=False, verbose_name='marked helpful by the owner')),
                        ('hidden', models.BooleanField(default=False, verbose_name='hidden by the owner')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='advice', to=settings.AUTH_USER_MODEL)),
                        ('milestone', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='advice', to='milestones.milestone')),
                    ],
                    options={
                        'verbose_name': 'advice',
                        'verbose_name_plural': 'advice',
                        'ordering': ['-created_at', '-id'],
                        'db_table': 'partners_advice',
                        'indexes': [models.Index(fields=['milestone', '-created_at'], name='partners_advice_ms_idx')],
                    },
                ),
                migrations.CreateModel(
                    name='Stakeholder',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('email', models.EmailField(blank=True, max_length=254, verbose_name='email address')),
                        ('role', models.CharField(choices=[('supplier', 'Supplier'), ('tutor', 'Tutor'), ('mentor', 'Mentor'), ('peer', 'Peer'), ('agency', 'Agency'), ('employer', 'Employer'), ('advisor', 'Advisor'), ('other', 'Other')], max_length=10, verbose_name='role')),
                        ('access', models.CharField(choices=[('view', 'View: sees the plan'), ('comment', 'Comment: also posts advice'), ('contribute', 'Contribute: also edits milestones and ticks tasks')], default='view', max_length=10, verbose_name='access')),
                        ('ends_on', models.DateField(blank=True, null=True, verbose_name='access ends on')),
                        ('status', models.CharField(choices=[('invited', 'Invited'), ('active', 'Active'), ('declined', 'Declined'), ('removed', 'Removed'), ('lapsed', 'Lapsed')], default='invited', max_length=10, verbose_name='status')),
                        ('invitation_key', models.CharField(blank=True, editable=False, max_length=64)),
                        ('invited_at', models.DateTimeField(auto_now_add=True, verbose_name='invited at')),
                        ('responded_at', models.DateTimeField(blank=True, null=True, verbose_name='answered at')),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('goal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='stakeholders', to='goals.goal')),
                        ('invited_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('milestones', models.ManyToManyField(blank=True, help_text='Leave empty to share the whole goal.', related_name='stakeholders', to='milestones.milestone', verbose_name='milestones in scope')),
                        ('organization', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='stakeholder_roles', to='partners.partnerorganization')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='stakeholder_roles', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'stakeholder',
                        'verbose_name_plural': 'stakeholders',
                        'ordering': ['goal', 'role', 'id'],
                        'db_table': 'partners_stakeholder',
                        'indexes': [models.Index(fields=['user', 'status'], name='partners_stakeholder_user_idx'), models.Index(fields=['organization', 'status'], name='partners_stakeholder_org_idx'), models.Index(fields=['email', 'status'], name='partners_stakeholder_email_idx'), models.Index(fields=['status', 'ends_on'], name='partners_stakeholder_lapse_idx')],
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('organization__isnull', True), models.Q(('email', ''), _negated=True)), models.Q(('organization__isnull', False), ('email', ''), ('user__isnull', True)), _connector='OR'), name='partners_stakeholder_person_or_organization'), models.UniqueConstraint(condition=models.Q(('status__in', ['invited', 'active']), models.Q(('email', ''), _negated=True)), fields=('goal', 'email'), name='partners_stakeholder_open_person_once'), models.UniqueConstraint(condition=models.Q(('status__in', ['invited', 'active']), ('organization__isnull', False)), fields=('goal', 'organization'), name='partners_stakeholder_open_organization_once')],
                    },
                ),
            ],
        ),
    ]
