"""Uploading an export in the web app: validate, link and commit, then show the outcome and
offer the rejection report (XLSX). Runs while the page waits; the CLI handles very large files."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tumbuh.accounts.models import Action, Role
from tumbuh.accounts.scope import profile_of
from tumbuh.accounts.services import audit_record
from tumbuh.files import FileError, read_table
from tumbuh.imports.family_services import families_import
from tumbuh.imports.models import Kind
from tumbuh.imports.report import report_frame
from tumbuh.imports.services import eppgbm_import
from tumbuh.ingest.eppgbm import EppgbmFileError
from tumbuh.ingest.families import FamilyFileError
from tumbuh.regions.models import Level, Region
from tumbuh.regions.selectors import home_region

UPLOAD_ROLES = frozenset({Role.ADMIN, Role.TPPS, Role.KECAMATAN, Role.PUSKESMAS})
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of file"), choices=Kind.choices)
    file = forms.FileField(label=_("File (.xlsx or .csv)"))

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in (".xlsx", ".csv"):
            raise forms.ValidationError(_("Upload an .xlsx or .csv file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 50 MB: use the tumbuh import command.")
            )
        return upload


def _kota(request: HttpRequest) -> Region:
    home = home_region(user=request.user)
    region = home
    while region is not None and region.level not in (Level.KABKOTA,):
        region = region.parent
    if region is None:
        region = Region.objects.filter(level=Level.KABKOTA).first()
    if region is None:
        raise PermissionDenied
    return region


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    profile = profile_of(request.user)
    if profile.role not in UPLOAD_ROLES:
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        kind = form.cleaned_data["kind"]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(upload_file.name).name
            path.write_bytes(upload_file.read())
            try:
                if kind == Kind.EPPGBM:
                    result = eppgbm_import(user=request.user, path=path, region=_kota(request))
                else:
                    result = families_import(
                        user=request.user,
                        path=path,
                        region=_kota(request),
                        kind=kind,
                        today=timezone.localdate(),
                    )
                report = report_frame(read_table(path), result)
            except (FileError, EppgbmFileError, FamilyFileError) as error:
                form.add_error("file", str(error))
                return render(request, "imports/upload.html", context)
        buffer = io.BytesIO()
        report.write_excel(buffer, worksheet="laporan_penolakan")
        request.session["import_report"] = buffer.getvalue().hex()
        audit_record(
            user=request.user,
            action=Action.CREATE,
            object_type=f"import:{kind}",
            object_id=result.batch.pk if result.batch else "",
        )
        context.update({"result": result, "report_rows": report.height})
    return render(request, "imports/upload.html", context)


@login_required
def rejection_report(request: HttpRequest) -> HttpResponse:
    data = request.session.get("import_report")
    if not data:
        raise PermissionDenied
    audit_record(user=request.user, action=Action.EXPORT, object_type="import_report")
    response = HttpResponse(
        bytes.fromhex(data),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="laporan-penolakan.xlsx"'
    return response
