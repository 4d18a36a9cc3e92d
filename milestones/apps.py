from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MilestonesConfig(AppConfig):
    name = "milestones"
    verbose_name = _("Milestones")

    def ready(self):
        from goals.hooks import goal_calendar_changed

        from . import personal_data, plan_version
        from .services import goal_replan

        goal_calendar_changed.connect(goal_replan, dispatch_uid="milestones.goal_replan")
        personal_data.connect()
        plan_version.connect()
