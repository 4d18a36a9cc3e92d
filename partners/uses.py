"""A resource used: a person marks a partner's resource helpful from the help panel of
one of their milestones. Recorded once per person, resource and milestone; the first
time, higher apps hear of it (partners.signals.resource_used, in the same transaction)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _

from milestones.models import Milestone

from .models import Resource, ResourceUse
from .selectors import resources_for_milestone
from .signals import resource_used


def check_can_use_resource(*, user, resource: Resource, milestone) -> None:
    """Seeing both is enough: the resource (404 otherwise) and the milestone, whose help
    panel showed it (404 otherwise)."""
    if not Resource.objects.visible_to(user).filter(pk=resource.pk).exists():
        raise Http404
    if not Milestone.objects.visible_to(user).filter(pk=milestone.pk).exists():
        raise Http404


@transaction.atomic
def resource_use(*, resource: Resource, milestone, by) -> tuple[ResourceUse, bool]:
    """Record that `by` found `resource` helpful for `milestone`; (use, created). Marking it
    again changes nothing and tells no one again."""
    check_can_use_resource(user=by, resource=resource, milestone=milestone)
    fits = resources_for_milestone(milestone=milestone, today=by.today()).filter(pk=resource.pk)
    if not fits.exists():
        raise ValidationError({"milestone": _("This resource is not offered for that milestone.")})
    existing = ResourceUse.objects.filter(resource=resource, milestone=milestone, user=by).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            use = ResourceUse.objects.create(resource=resource, milestone=milestone, user=by)
    except IntegrityError:  # the same mark, sent twice at once
        return ResourceUse.objects.get(resource=resource, milestone=milestone, user=by), False
    resource_used.send(sender=ResourceUse, use=use)
    return use, True
