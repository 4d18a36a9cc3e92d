"""One way for pages to turn "not visible to you" into a 404."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404


def detail_or_404(selector, **lookup):
    """Call a `*_detail(user=..., pk=...)` selector; what it cannot find answers 404."""
    try:
        return selector(**lookup)
    except ObjectDoesNotExist:
        raise Http404 from None
