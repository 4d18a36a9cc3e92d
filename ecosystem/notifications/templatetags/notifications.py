from django import template

from ecosystem.notifications.selectors import unread_count_for

register = template.Library()


@register.inclusion_tag("notifications/partials/bell.html", takes_context=True)
def notification_bell(context):
    """The bell in the site header: one indexed count of the person's unread items."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "unread_count": unread_count_for(user) if user is not None else 0,
        "request": request,
    }
