import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import ProfileForm
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
