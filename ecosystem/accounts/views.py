import copy

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from .forms import ProfileForm
from .hooks import person_page
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


@require_POST
def language(request):
    """The language switcher on every page: the chosen language is kept in a cookie (read
    before the browser's Accept-Language) and, for a signed-in person, in their profile,
    so emails and reminders follow it too. Then back to the page (`next`, on this site)."""
    chosen = request.POST.get("language", "")
    if request.user.is_authenticated and chosen in dict(settings.LANGUAGES):
        user_update_profile(user=request.user, language=chosen)
    return set_language(request)


@login_required
def person(request, handle):
    """A person as the community sees them: name, @name, and what the apps above add
    through `hooks.person_page` (their organisations, recent threads in communities the
    viewer may read)."""
    someone = get_object_or_404(User.objects.visible_to(request.user), handle=handle)
    return render(
        request,
        "accounts/person.html",
        {"person": someone, **person_page.context(person=someone, viewer=request.user)},
    )
