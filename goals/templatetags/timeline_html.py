"""`{% load timeline_html %}`: the rows of the timeline picture and of its table, written
in Python. A plan of 50 milestones has about 1,500 values in these rows; through the
template engine they cost more than the whole rest of the goal page (issue 20: the page
renders in under 20 ms at 50 milestones). Every value goes through `format_html`, so it
is escaped exactly as `{{ }}` would escape it.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from ecosystem.templatetags.dates import day

register = template.Library()


def _state(row, *, goal_finished: bool) -> str:
    if row.is_late and not goal_finished:
        return "late"
    return "critical" if row.is_critical else ""


@register.simple_tag(takes_context=True)
def timeline_bars(context, timeline):
    """One <g> per bar: its title (name and state; the table below has the dates), label
    and shapes."""
    goal_finished = bool(context.get("goal_finished"))
    state_words = {"late": "; " + _("late"), "critical": "; " + _("critical"), "": ""}

    def shapes(bar):
        if bar.diamond_points:
            shape = format_html('<polygon points="{}" class="timeline-shape"/>', bar.diamond_points)
        else:
            shape = format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" rx="3" class="timeline-shape"/>',
                bar.x,
                bar.y,
                bar.width,
                bar.height,
            )
        if bar.earliest is None:
            return shape
        return shape + format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" rx="2" class="timeline-earliest"/>',
            bar.earliest.x,
            bar.earliest.y,
            bar.earliest.width,
            bar.earliest.height,
        )

    return format_html_join(
        "\n",
        '<g class="{}" data-milestone="{}"><title>{}{}</title>'
        '<text x="8" y="{}" class="timeline-label">{}</text>{}</g>',
        (
            (
                # An achieved or abandoned goal is over: none of its bars is drawn late.
                bar.css_class.replace(" is-late", "") if goal_finished else bar.css_class,
                bar.row.id,
                bar.row.title,
                state_words[_state(bar.row, goal_finished=goal_finished)],
                bar.label_y,
                bar.label,
                shapes(bar),
            )
            for bar in timeline.bars
        ),
    )


def _time(value):
    if value is None:
        return "—"
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), day(value))


@register.simple_tag(takes_context=True)
def timeline_table_rows(context, timeline):
    """One <tr> per milestone, every cell labelled by its column (`data-label`), so on a
    phone each row becomes a card with nothing hidden."""
    goal_finished = bool(context.get("goal_finished"))
    labels = [
        _("Status"),
        _("Latest start"),
        _("Latest finish"),
        _("Earliest start"),
        _("Earliest finish"),
        _("Slack (working days)"),
        _("After"),
    ]
    statuses = {"done": _("Done"), "skipped": _("Skipped"), "doing": _("Doing"), "todo": _("To do")}
    badges = {
        "late": format_html(' <span class="badge badge-late">{}</span>', _("Late")),
        "critical": format_html(' <span class="badge badge-critical">{}</span>', _("Critical")),
        "": "",
    }
    checkpoint = format_html(' <span class="badge badge-status">{}</span>', _("Checkpoint"))

    def row_class(row, state):
        classes = [f"is-{state}"] if state else []
        if row.is_closed:
            classes.append("is-closed")
        return " ".join(classes)

    def cells(bar):
        row = bar.row
        state = _state(row, goal_finished=goal_finished)
        return (
            row_class(row, state),
            row.id,
            row.title,
            badges[state],
            checkpoint if row.is_checkpoint else "",
            labels[0],
            statuses.get(row.status, statuses["todo"]),
            labels[1],
            _time(row.latest_start),
            labels[2],
            _time(row.latest_finish),
            labels[3],
            _time(row.earliest_start),
            labels[4],
            _time(row.earliest_finish),
            labels[5],
            "—" if row.slack_days is None else row.slack_days,
            labels[6],
            ", ".join(bar.prerequisites) or "—",
        )

    return format_html_join(
        "\n",
        '<tr class="{}" data-milestone="{}"><th scope="row">{}{}{}</th>'
        '<td data-label="{}">{}</td><td data-label="{}">{}</td><td data-label="{}">{}</td>'
        '<td data-label="{}">{}</td><td data-label="{}">{}</td><td data-label="{}">{}</td>'
        '<td data-label="{}">{}</td></tr>',
        (cells(bar) for bar in timeline.bars),
    )
