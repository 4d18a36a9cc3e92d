from django import template

from ecosystem.notifications.selectors import unread_count_for

register = template.Library()


@register.inclusion_tag("notifications/partials/bell.html", takes_context=True)
def notification_bell(context):
    """The bell in the site header. Its count comes with the navigation's one query
    (`roles`, ecosystem/views/navigation.py) when the page has it; otherwise it is
    counted here (one indexed count)."""
    request = context.get("request")
    roles = context.get("roles")
    if roles is not None and hasattr(roles, "unread_notifications"):
        count = roles.unread_notifications
    else:
        user = getattr(request, "user", None)
        count = unread_count_for(user) if user is not None else 0
    return {"unread_count": count, "request": request}
