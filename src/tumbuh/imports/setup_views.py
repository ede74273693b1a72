"""Setting up a region from the app: the three templates (facilities, decree annex, users) and
the users upload, whose new accounts' initial passwords are shown once on the answer page (never
stored in clear, never logged, the page not cached)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from tumbuh.accounts.permissions import Permission, has_permission, permission_required
from tumbuh.files import FileError
from tumbuh.imports.lock import import_lock
from tumbuh.imports.reasons import say
from tumbuh.imports.user_services import users_import
from tumbuh.imports.views import MAX_UPLOAD_BYTES, _kota, _xlsx
from tumbuh.ingest.setup_templates import users_template_xlsx
from tumbuh.ingest.users import UserFileError


class UsersForm(forms.Form):
    file = forms.FileField(label=_("Users file (.xlsx or .csv)"))

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in (".xlsx", ".csv"):
            raise forms.ValidationError(_("Upload an .xlsx or .csv file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        return upload


@never_cache
@permission_required(Permission.MANAGE_MASTER_DATA)
def setup(request: HttpRequest) -> HttpResponse:
    """The region's set-up: templates to download, and the users upload."""
    region = _kota(request)
    form = UsersForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {
        "region": region,
        "form": form,
        "can_teams": has_permission(request.user, Permission.MANAGE_TEAMS),
    }
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(upload.name).name
            with path.open("wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            try:
                with import_lock():
                    done = users_import(user=request.user, path=path, region=region)
            except (FileError, UserFileError) as error:
                form.add_error("file", str(error))
            else:
                context["summary"] = done.result.line()
                context["passwords"] = done.passwords
                context["rejected"] = [
                    (r.row, "; ".join(say(reason) for reason in r.reasons))
                    for r in done.result.rejected
                ]
    return render(request, "imports/setup.html", context)


@permission_required(Permission.MANAGE_MASTER_DATA)
def users_template(request: HttpRequest) -> HttpResponse:
    """The users template: one row per account, with role and scope."""
    return _xlsx(users_template_xlsx(), "tumbuh-akun.xlsx")
