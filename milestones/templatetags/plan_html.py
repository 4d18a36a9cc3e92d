"""`{% load plan_html %}`: one closed milestone of the goal page's list, written in Python.

A closed milestone is one line (title linking to ?open=<id>, its flags, finish-by date and
tasks); fifty of them through the template engine cost more than the rest of the list
(issue 20: the page renders in under 20 ms at 50 milestones). Every value goes through
`format_html`, escaped as `{{ }}` would escape it. The open milestone stays a template
(milestones/partials/milestone_open.html).
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from ecosystem.templatetags.dates import day

register = template.Library()


def _flags(item, *, goal_finished: bool):
    milestone, dates = item.milestone, item.dates
    flags = []
    if dates.is_late and not goal_finished:
        flags.append(("badge-late", _("Late")))
    if dates.is_critical:
        flags.append(("badge-critical", _("Critical")))
    if milestone.status != "todo":
        flags.append(("badge-status", milestone.get_status_display()))
    if milestone.is_checkpoint:
        flags.append(("badge-status", _("Checkpoint")))
    if not flags:
        return ""
    return format_html(
        '<p class="plan-flags">{}</p>',
        format_html_join("", '<span class="badge {}">{}</span>', flags),
    )


@register.simple_tag(takes_context=True)
def closed_milestone(context, item):
    """The one-line <li> of a closed milestone; its link opens it (with htmx: the region
    comes back with it open, and the focus moves to it)."""
    goal_finished = bool(context.get("goal_finished"))
    milestone, dates = item.milestone, item.dates
    classes = ["plan-item", "is-closed-item"]
    if dates.is_late and not goal_finished:
        classes.append("is-late")
    elif dates.is_critical:
        classes.append("is-critical")
    if not milestone.is_open:
        classes.append("is-closed")
    open_url = f"{context['open_prefix']}{milestone.pk}"
    tasks = f" · {item.tasks_label}" if milestone.task_count else ""
    return format_html(
        '<li id="milestone-{}" class="{}"><div class="plan-item-head"><h3>'
        '<a href="{}#milestone-{}" hx-get="{}" aria-expanded="false">{}</a></h3>{}</div>\n'
        '<p class="plan-dates">{} <time datetime="{}">{}</time>{}</p></li>',
        milestone.pk,
        " ".join(classes),
        open_url,
        milestone.pk,
        open_url,
        milestone.title,
        _flags(item, goal_finished=goal_finished),
        _("On") if milestone.is_checkpoint else _("Finish by"),
        dates.latest_finish.isoformat(),
        day(dates.latest_finish),
        tasks,
    )
