"""The review queue of possible duplicates, and recent merges with undo."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, permission_required
from tumbuh.accounts.services import audit_record
from tumbuh.imports.linkage_services import link_decide, person_merge_undo
from tumbuh.imports.models import LinkCandidate, LinkStatus, PersonMerge
from tumbuh.registry.selectors import person_list

QUEUE_LENGTH = 50


@permission_required(Permission.REVIEW_DUPLICATES)
def review(request: HttpRequest) -> HttpResponse:
    visible = person_list(user=request.user)
    if request.method == "POST":
        action, pk = request.POST.get("action", ""), request.POST.get("pk", "")
        if not pk.isdigit():
            raise Http404
        if action in ("same", "different"):
            candidate = LinkCandidate.objects.filter(
                pk=int(pk), status=LinkStatus.PENDING, left__in=visible, right__in=visible
            ).first()
            if candidate is None:
                raise PermissionDenied
            link_decide(user=request.user, candidate=candidate, same=action == "same")
        elif action == "undo":
            merge = PersonMerge.objects.filter(pk=int(pk), survivor__in=visible).first()
            if merge is None:
                raise PermissionDenied
            person_merge_undo(user=request.user, merge=merge)
        return redirect(request.path)
    candidates = (
        LinkCandidate.objects.filter(status=LinkStatus.PENDING, left__in=visible, right__in=visible)
        .select_related(
            "left__family__kelurahan", "right__family__kelurahan", "left__mother", "right__mother"
        )
        .order_by("-match_probability")[:QUEUE_LENGTH]
    )
    merges = (
        PersonMerge.objects.filter(survivor__in=visible, undone_at__isnull=True)
        .select_related("survivor", "merged")
        .order_by("-merged_at")[:QUEUE_LENGTH]
    )
    audit_record(user=request.user, action=Action.VIEW_LIST, object_type="link_review")
    return render(request, "imports/review.html", {"candidates": candidates, "merges": merges})
