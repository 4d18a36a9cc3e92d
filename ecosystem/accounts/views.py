import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .forms import ProfileForm
from .models import User
from .services import user_update_profile


@login_required
def profile(request):
    # A copy: an invalid submission must not change the name shown in the navigation.
    form = ProfileForm(request.POST or None, instance=copy.copy(request.user))
    if request.method == "POST" and form.is_valid():
        user_update_profile(
            user=request.user, **{field: form.cleaned_data[field] for field in form.fields}
        )
        messages.success(request, _("Your profile was saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def person(request, handle):
    """A person as the community sees them: name, @name, organisations, recent threads
    in communities the viewer may read."""
    from community.models import Thread
    from partners.models import Membership

    someone = get_object_or_404(User.objects.visible_to(request.user), handle=handle)
    organizations = [
        membership.organization
        for membership in Membership.objects.filter(user=someone, accepted_at__isnull=False)
        .select_related("organization")
        .order_by("organization__name")
    ]
    threads = (
        Thread.objects.visible_to(request.user)
        .filter(author=someone)
        .select_related("community")
        .order_by("-created_at", "-id")[:10]
    )
    return render(
        request,
        "accounts/person.html",
        {"person": someone, "organizations": organizations, "threads": threads},
    )
