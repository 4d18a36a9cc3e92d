"""Your data: download all of it, or delete the account."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .data_export import LinkExpired, export_from_token, export_link, export_path
from .forms import DeleteAccountForm
from .models import DataExport
from .services import account_delete, data_export_request


@login_required
def your_data(request):
    exports = list(DataExport.objects.visible_to(request.user)[:5])
    for export in exports:
        export.link = export_link(export) if export.finished_at else ""
    return render(
        request,
        "accounts/your_data.html",
        {"exports": exports, "link_days": settings.DATA_EXPORT_LINK_DAYS},
    )


@login_required
@require_POST
def data_export(request):
    data_export_request(by=request.user)
    messages.success(
        request,
        _("Your data is being gathered. You will be notified with a download link."),
    )
    return redirect("accounts:data")


@login_required
def data_download(request, token):
    try:
        export = export_from_token(token, user=request.user)
    except LinkExpired:
        messages.error(request, _("This download link has expired. Ask for a new one."))
        return redirect("accounts:data")
    except DataExport.DoesNotExist as missing:
        raise Http404 from missing
    path = export_path(export)
    if not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename="my-data.zip")


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        account_delete(user=request.user, by=request.user)
        logout(request)
        messages.success(request, _("Your account was deleted. Thank you for your time here."))
        return redirect("home")
    return render(request, "accounts/delete_account.html", {"form": form})
