"""The Celery app. Periodic jobs are a static beat schedule in code.

django-celery-beat does not support Django 6.1, and a schedule in code is reviewed like
any other change. Every job also has a management command calling the same service.
"""

import os

from celery import Celery
from celery.schedules import crontab

from ecosystem import broker  # noqa: F401  (registers the safefs:// transport)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecosystem.settings")

app = Celery("ecosystem")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {}
app.conf.beat_schedule["goals.purge_trash"] = {
    "task": "goals.purge_trash",
    # Daily, at a quiet hour (CELERY_TIMEZONE is UTC); `manage.py purge_trash` does the same.
    "schedule": crontab(hour=3, minute=15),
}

app.conf.beat_schedule["partners.lapse_stakeholders"] = {
    # stakeholders/tasks.py; the name is the one it had in partners/, so it stays stable.
    "task": "partners.lapse_stakeholders",
    # Access already stops at the end date on every request; this records the lapse.
    "schedule": crontab(hour=0, minute=20),
}

# Reminders fire at each person's own local time: a sweep every 5 minutes finds those
# whose time has come (`manage.py send_due_reminders` runs the same service).
app.conf.beat_schedule["milestones.send_due_reminders"] = {
    "task": "milestones.send_due_reminders",
    "schedule": crontab(minute="*/5"),
}
# Emails are enqueued after commit; this sends what waited (quiet hours ended, or the
# broker was unreachable when they were written) and releases claims of killed senders.
app.conf.beat_schedule["notifications.deliver_emails"] = {
    "task": "notifications.deliver_emails",
    "schedule": crontab(minute="*/5"),
}
# Invitations are emailed after commit; these send those whose message was lost (the
# broker was unreachable); `manage.py send_unsent_invitations` does the same.
app.conf.beat_schedule["stakeholders.send_unsent_invitations"] = {
    "task": "stakeholders.send_unsent_invitations",
    "schedule": crontab(minute="*/5"),
}
app.conf.beat_schedule["partners.send_unsent_member_invitations"] = {
    "task": "partners.send_unsent_member_invitations",
    "schedule": crontab(minute="*/5"),
}
app.conf.beat_schedule["notifications.send_digests"] = {
    "task": "notifications.send_digests",
    "schedule": crontab(minute="*/5"),
}
app.conf.beat_schedule["community.suggest_peers"] = {
    "task": "community.suggest_peers",
    # Weekly, Monday early (UTC); `manage.py suggest_peers` does the same. One set a week.
    "schedule": crontab(day_of_week="mon", hour=4, minute=30),
}
# "Download my data": builds what waits (a lost task, a broker that could not be reached)
# and removes expired zips; `manage.py sweep_data_exports` does the same.
app.conf.beat_schedule["accounts.sweep_data_exports"] = {
    "task": "accounts.sweep_data_exports",
    "schedule": crontab(minute="*/10"),
}

# Partner webhooks: deliveries whose message was lost or whose sender died are sent again;
# milestones coming for partners are told on each organisation's own day (each once per
# latest start): hourly, so an organisation hears within the first hour after its midnight
# wherever it is.
app.conf.beat_schedule["webhooks.deliver_pending"] = {
    "task": "webhooks.deliver_pending",
    "schedule": crontab(minute="*/5"),
}
app.conf.beat_schedule["webhooks.milestones_coming"] = {
    "task": "webhooks.milestones_coming",
    "schedule": crontab(minute=10),
}


@app.task(name="ecosystem.ping")
def ping(value: str = "pong") -> str:
    """Echo a value: proves a worker is listening and results come back."""
    return value
