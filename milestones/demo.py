"""Demo goals and playbooks, drawn from the product's two stories.

An apple grower's orchard season and a learner's certificate: two public playbooks
written by the staff user, and the demo customer's goal started from each.
Idempotent: playbooks and goals are looked up by title and author or owner first, so a
second run changes nothing (not even dates that would have moved with today).
"""

from datetime import date, timedelta

from django.db import transaction

from goals.models import Goal, Playbook
from goals.playbooks import playbook_create

from .models import Milestone, Task
from .plans import playbook_start
from .services import milestone_update, task_update

ORCHARD_PLAYBOOK = {
    "title": "Orchard season: export-grade apples",
    "category": "pipfruit",
    "working_weekdays": [1, 2, 3, 4, 5, 6],  # an orchard works Monday to Saturday
    "description": (
        "A pipfruit grower's season worked back from the picking date: winter pruning, "
        "soil tests and fertiliser, thinning after fruit set, pest monitoring, the packhouse "
        "and the export paperwork. Durations are working days for a family-run block of "
        "about 10 hectares; adjust them to your orchard."
    ),
    "milestones": [
        {
            "title": "Soil and leaf tests",
            "duration_days": 2,
            "description": "Know what the trees need before ordering fertiliser.",
            "tasks": ["Take soil samples from each block", "Send the samples to the lab"],
        },
        {
            "title": "Winter pruning",
            "duration_days": 20,
            "description": "Prune for light and fruiting wood while the trees are dormant.",
            "tasks": [
                "Prune the Gala block",
                "Mulch the prunings",
                "Check tree ties and support wires",
            ],
        },
        {
            "title": "Order fertiliser",
            "duration_days": 1,
            "description": "Order from the lab results; allow a week for delivery.",
            "tasks": [
                "Get a quote from the fertiliser supplier",
                "Place the order",
                "Confirm the delivery date",
            ],
        },
        {
            "title": "Spread fertiliser",
            "duration_days": 2,
            "tasks": ["Calibrate the spreader", "Record the application in the spray diary"],
        },
        {
            "title": "Pest and disease monitoring",
            "duration_days": 40,
            "description": "Weekly trap counts and scouting until harvest.",
            "tasks": [
                "Set codling moth traps",
                "Check traps and record counts every week",
                "Keep the spray diary up to date",
            ],
        },
        {
            "title": "Fruit thinning",
            "duration_days": 15,
            "description": "Thin after fruit set for size and to avoid biennial bearing.",
            "tasks": [
                "Chemical thinning at petal fall",
                "Hand-thin to one fruit per cluster",
                "Count fruit on sample trees",
            ],
        },
        {
            "title": "Book the picking crew and bins",
            "duration_days": 1,
            "tasks": ["Confirm the crew with the contractor", "Order bins from the packhouse"],
        },
        {
            "title": "Export documents",
            "duration_days": 3,
            "description": "Orchard registration, spray diary and market access paperwork.",
            "offset_days_before_target": 14,
            "tasks": [
                "Check the market access requirements for each destination",
                "Submit the spray diary to the packhouse",
                "Confirm the orchard registration for export",
            ],
        },
        {
            "title": "Packhouse intake booking",
            "duration_days": 1,
            "tasks": ["Send the harvest estimate", "Book intake slots for each pick"],
        },
        {
            "title": "Maturity test",
            "duration_days": 0,
            "description": "Starch, firmness and sugar tests clear the first pick.",
            "tasks": ["Sample fruit from each block", "Get the packhouse's clearance to pick"],
        },
        {
            "title": "Picking",
            "duration_days": 10,
            "description": "Two or three picks for colour and size.",
            "tasks": ["First pick", "Second pick", "Final pick and bin count"],
        },
    ],
    "dependencies": [
        {"predecessor": 0, "successor": 2},  # tests -> order fertiliser
        {"predecessor": 2, "successor": 3, "lag_days": 5},  # delivery
        {"predecessor": 1, "successor": 3},  # pruning -> spread fertiliser
        # Fertiliser goes on before bud break, well ahead of bloom and thinning.
        {"predecessor": 3, "successor": 5, "lag_days": 30},
        {"predecessor": 1, "successor": 4},  # pruning -> monitoring
        # Bud break, bloom and fruit set come between pruning and thinning.
        {"predecessor": 1, "successor": 5, "lag_days": 60},
        # The fruit grows to size between thinning and the first maturity test.
        {"predecessor": 5, "successor": 9, "lag_days": 40},
        {"predecessor": 4, "successor": 7},  # the spray diary goes with the export papers
        {"predecessor": 4, "successor": 10},
        {"predecessor": 6, "successor": 10, "lag_days": 10},
        {"predecessor": 8, "successor": 10, "lag_days": 10},
        {"predecessor": 9, "successor": 10},
    ],
}

CERTIFICATE_PLAYBOOK = {
    "title": "Data analyst certificate",
    "category": "data-analytics",
    "working_weekdays": [1, 2, 3, 4, 5],  # study on weekdays
    "description": (
        "A learner's path to a data analyst certificate and a first job: enrolment, the "
        "prerequisite course, three modules, a capstone project, the exam and job "
        "applications. Durations are working days studying part-time alongside work."
    ),
    "milestones": [
        {
            "title": "Choose a provider and enrol",
            "duration_days": 5,
            "tasks": [
                "Compare training providers",
                "Check fees and funding eligibility",
                "Submit the enrolment form",
            ],
        },
        {
            "title": "Prerequisite course: spreadsheets and statistics",
            "duration_days": 20,
            "tasks": ["Complete the spreadsheet unit", "Pass the statistics quiz"],
        },
        {
            "title": "Module 1: SQL and databases",
            "duration_days": 25,
            "tasks": ["Finish the weekly exercises", "Submit assignment 1"],
        },
        {
            "title": "Module 2: Python for data analysis",
            "duration_days": 30,
            "tasks": ["Set up Python and notebooks", "Submit assignment 2"],
        },
        {
            "title": "Module 3: Visualisation and storytelling",
            "duration_days": 20,
            "tasks": ["Build a dashboard", "Submit assignment 3"],
        },
        {
            "title": "Capstone project",
            "duration_days": 30,
            "description": "A real data set, a question worth answering, a report and a dashboard.",
            "tasks": [
                "Choose a data set",
                "Agree the brief with your tutor",
                "Submit the report and dashboard",
            ],
        },
        {
            "title": "Final exam",
            "duration_days": 0,
            "offset_days_before_target": 28,
            "tasks": ["Book the exam", "Sit a practice paper"],
        },
        {
            "title": "Portfolio and CV",
            "duration_days": 10,
            "tasks": ["Publish the capstone project", "Update your CV and profile"],
        },
        {
            "title": "Job applications",
            "duration_days": 20,
            "tasks": [
                "Apply for five roles",
                "Ask a peer further along for a mock interview",
            ],
        },
    ],
    "dependencies": [
        {"predecessor": 0, "successor": 1},
        {"predecessor": 1, "successor": 2},
        {"predecessor": 2, "successor": 3},
        {"predecessor": 3, "successor": 4},
        {"predecessor": 4, "successor": 5},
        {"predecessor": 4, "successor": 6, "lag_days": 10},  # revision before the exam
        {"predecessor": 5, "successor": 7},
        {"predecessor": 7, "successor": 8},
    ],
}

ORCHARD_GOAL_TITLE = "Export-grade Gala apples picked by 1 March"
CERTIFICATE_GOAL_TITLE = "Data analyst certificate"
# Milestones marked done at the start, so the dashboard shows progress.
EARLY_MILESTONES_DONE = 2


def next_first_of_march(today: date) -> date:
    this_year = date(today.year, 3, 1)
    return this_year if this_year > today else date(today.year + 1, 3, 1)


def _playbook(*, spec: dict, author, categories) -> Playbook:
    existing = Playbook.objects.filter(title=spec["title"], author=author).first()
    if existing is not None:
        return existing
    return playbook_create(
        by=author,
        title=spec["title"],
        description=spec["description"],
        category=categories[spec["category"]],
        public=True,
        working_weekdays=spec["working_weekdays"],
        milestones=spec["milestones"],
        dependencies=spec["dependencies"],
    )


def _mark_early_progress(goal: Goal, *, today: date) -> None:
    """Done: what should have finished before today, and at least the plan's first steps.

    In schedule order a milestone comes after its prerequisites, so nothing is marked done
    while a prerequisite stays open. The next open milestone is under way.
    """
    milestones = list(goal.milestones.order_by("latest_start", "position", "id"))
    for index, milestone in enumerate(milestones):
        if index < EARLY_MILESTONES_DONE or milestone.latest_finish < today:
            milestone_update(milestone=milestone, by=goal.owner, status=Milestone.Status.DONE)
            for task in Task.objects.filter(milestone=milestone):
                task_update(task=task, by=goal.owner, done=True)
    next_open = goal.milestones.open().order_by("latest_start", "position", "id").first()
    if next_open is not None:
        milestone_update(milestone=next_open, by=goal.owner, status=Milestone.Status.DOING)


def _goal(*, playbook: Playbook, owner, title: str, target_date: date, region) -> Goal:
    existing = Goal.objects.filter(owner=owner, title=title).first()
    if existing is not None:
        return existing
    # The goal gets the calendar a new goal gets: the playbook's week, the region's holidays.
    goal = playbook_start(
        playbook=playbook, by=owner, target_date=target_date, title=title, region=region
    )
    _mark_early_progress(goal, today=owner.today())
    return goal


@transaction.atomic
def load_goal_demo(*, categories, regions, demo_user, staff_user) -> dict:
    """The two story playbooks (public, by staff) and the demo customer's goal from each."""
    orchard = _playbook(spec=ORCHARD_PLAYBOOK, author=staff_user, categories=categories)
    certificate = _playbook(spec=CERTIFICATE_PLAYBOOK, author=staff_user, categories=categories)
    today = demo_user.today()
    orchard_goal = _goal(
        playbook=orchard,
        owner=demo_user,
        title=ORCHARD_GOAL_TITLE,
        target_date=next_first_of_march(today),
        region=regions["hawkes-bay"],
    )
    certificate_goal = _goal(
        playbook=certificate,
        owner=demo_user,
        title=CERTIFICATE_GOAL_TITLE,
        target_date=today + timedelta(days=270),
        region=regions["online"],
    )
    return {
        "playbooks": {"orchard": orchard, "certificate": certificate},
        "goals": {"orchard": orchard_goal, "certificate": certificate_goal},
    }
