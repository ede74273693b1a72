"""The work-list page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tumbuh.accounts.models import Action
from tumbuh.accounts.services import audit_record
from tumbuh.measurements.worklists import worklists_for

SHOWN = 200


@login_required
def worklists(request: HttpRequest) -> HttpResponse:
    lists = worklists_for(user=request.user, today=timezone.localdate())
    audit_record(user=request.user, action=Action.VIEW_LIST, object_type="worklists")
    context = {
        "due": lists.due[:SHOWN],
        "due_count": len(lists.due),
        "two_t": lists.two_t[:SHOWN],
        "refer": lists.refer[:SHOWN],
        "flagged": lists.flagged[:SHOWN],
    }
    return render(request, "measurements/worklists.html", context)
