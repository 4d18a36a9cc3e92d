"""The ecosystem's health, aggregated: needs met per stage, the biggest gaps, the trend by
month, who meets needs, and why goals are abandoned.

Every figure is over at least MIN_GROUP_SIZE customers (a group with fewer shows
nothing, so no one customer's answer can be read off a page). Staff see everything; a
partner sees only the customers who invited their organisation into a goal (answers on
those goals) or whose need one of its resources met. A fixed number of queries whatever
the data's size: each aggregate is one grouped query.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncMonth

from partners.models import PartnerOrganization
from stakeholders.models import Stakeholder

from . import charts
from .models import MIN_GROUP_SIZE, Leaving, NeedAnswer

TOP_GAPS = 10
TREND_MONTHS = 12
MET_RATING = 4  # a need rated 4 or 5 counts as met


def _invited_goals(organization: PartnerOrganization):
    """Goals whose customer invited the organisation (an invitation declined does not count)."""
    return (
        Stakeholder.objects.filter(organization=organization)
        .exclude(status=Stakeholder.Status.DECLINED)
        .values("goal_id")
    )


def answers_in_scope(organization: PartnerOrganization | None = None):
    answers = NeedAnswer.objects.answered().filter(milestone__goal__deleted_at__isnull=True)
    if organization is None:
        return answers
    return answers.filter(
        Q(milestone__goal_id__in=_invited_goals(organization))
        | Q(resource__organization=organization)
    )


def leavings_in_scope(organization: PartnerOrganization | None = None):
    leavings = Leaving.objects.filter(answered_at__isnull=False)
    if organization is None:
        return leavings
    return leavings.filter(
        Q(goal_id__in=_invited_goals(organization)) | Q(goal__playbook__organization=organization)
    )


def _grouped(queryset, *keys):
    return (
        queryset.values(*keys)
        .annotate(
            customers=Count("customer", distinct=True),
            answers=Count("id"),
            average=Avg("rating"),
            met=Count("id", filter=Q(rating__gte=MET_RATING)),
        )
        .filter(customers__gte=MIN_GROUP_SIZE)
    )


@dataclass(frozen=True)
class Group:
    label: str
    customers: int
    answers: int
    average: float
    met_share: int  # per cent of answers rated MET_RATING or more
    context: str = ""


def _group(row, label: str, context: str = "") -> Group:
    return Group(
        label=label,
        customers=row["customers"],
        answers=row["answers"],
        average=round(row["average"], 2),
        met_share=round(100 * row["met"] / row["answers"]),
        context=context,
    )


@dataclass(frozen=True)
class ReasonCount:
    label: str
    customers: int | None  # None: given by fewer than MIN_GROUP_SIZE customers


@dataclass
class HealthReport:
    organization: PartnerOrganization | None
    stages: list[Group] = field(default_factory=list)
    gaps: list[Group] = field(default_factory=list)
    trend: list[Group] = field(default_factory=list)
    met_by: list[Group] = field(default_factory=list)
    leaving_customers: int = 0  # 0 when fewer than MIN_GROUP_SIZE answered
    reasons: list[ReasonCount] = field(default_factory=list)
    min_group_size: int = MIN_GROUP_SIZE

    @property
    def is_empty(self) -> bool:
        return not (self.stages or self.gaps or self.trend or self.met_by or self.reasons)

    @property
    def stages_chart(self):
        return charts.bar_chart(
            [charts.BarInput(f"{g.context}: {g.label}", g.average) for g in self.stages],
            maximum=5,
        )

    @property
    def gaps_chart(self):
        return charts.bar_chart([charts.BarInput(g.label, g.average) for g in self.gaps], maximum=5)

    @property
    def trend_chart(self):
        return charts.line_chart(
            [charts.PointInput(g.label, g.average) for g in self.trend], maximum=5
        )


def _reasons(organization) -> tuple[int, list[ReasonCount]]:
    rows = list(leavings_in_scope(organization).values_list("customer_id", "reasons"))
    customers = {customer for customer, _reasons in rows}
    if len(customers) < MIN_GROUP_SIZE:
        return 0, []
    givers: dict[str, set] = {}
    for customer, reasons in rows:
        for reason in reasons or []:
            givers.setdefault(reason, set()).add(customer)
    counts = Counter({reason: len(people) for reason, people in givers.items()})
    return len(customers), [
        ReasonCount(
            label=str(label),
            customers=counts[value] if counts[value] >= MIN_GROUP_SIZE else None,
        )
        for value, label in Leaving.Reason.choices
        if counts[value]
    ]


def health_report(*, organization: PartnerOrganization | None = None) -> HealthReport:
    """The aggregates over the scope (everything, or one organisation's customers): five
    queries, whatever the number of answers."""
    answers = answers_in_scope(organization)
    report = HealthReport(organization=organization)
    report.stages = [
        _group(row, row["stage__title"], row["stage__playbook__title"])
        for row in _grouped(
            answers.filter(stage__isnull=False),
            "stage_id",
            "stage__title",
            "stage__position",
            "stage__playbook__title",
        ).order_by("stage__playbook__title", "stage__position", "stage_id")
    ]
    report.gaps = [
        _group(row, row["need__title"], row["stage__title"] or "")
        for row in _grouped(answers, "need_id", "need__title", "stage__title").order_by(
            "average", "need_id"
        )[:TOP_GAPS]
    ]
    trend = list(
        _grouped(answers.annotate(month=TruncMonth("answered_at")), "month").order_by("-month")[
            :TREND_MONTHS
        ]
    )
    report.trend = [_group(row, row["month"].strftime("%Y-%m")) for row in reversed(trend)]
    labels = dict(NeedAnswer.MetBy.choices)
    report.met_by = [
        _group(row, str(labels.get(row["met_by"], row["met_by"])))
        for row in _grouped(answers, "met_by").order_by("met_by")
    ]
    report.leaving_customers, report.reasons = _reasons(organization)
    return report
