"""Help for one milestone, gathered from the apps above through a hook."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from goals.access import is_owner

from ..hooks import milestone_help as milestone_help_sections
from .plan import milestone_or_404


@login_required
@require_GET
def milestone_help(request, pk):
    """Help for this step: partners' resources that fit the milestone, tips and answers
    from public communities, and stakeholders' advice, each added by its app through
    `hooks.milestone_help`. Loaded on demand from the goal page (htmx), or as a page of
    its own without JavaScript; a fixed number of queries."""
    milestone = milestone_or_404(request.user, pk)
    goal = milestone.goal
    context = {
        "milestone": milestone,
        "goal": goal,
        **milestone_help_sections.context(user=request.user, milestone=milestone),
        "is_owner": is_owner(request.user, goal),
        "advice_next": f"{reverse('goals:detail', args=[goal.pk])}#milestone-{milestone.pk}",
    }
    template = "milestones/help.html#help" if request.htmx else "milestones/help.html"
    return render(request, template, context)
