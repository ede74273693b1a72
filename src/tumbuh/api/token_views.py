"""The page where a user lists, creates (shown once) and revokes their API tokens."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tumbuh.accounts.permissions import Permission, permission_required
from tumbuh.api.tokens import DEFAULT_DAYS, MAX_DAYS, token_create, token_list, token_revoke


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=80, required=False)
    days = forms.IntegerField(
        label=gettext_lazy("Valid for (days)"),
        min_value=1,
        max_value=MAX_DAYS,
        initial=DEFAULT_DAYS,
    )


@permission_required(Permission.USE_API)
def tokens(request: HttpRequest) -> HttpResponse:
    owner = request.user
    assert isinstance(owner, User)
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = token_create(
                user=owner,
                owner=owner,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
            ).secret
        except ValidationError as error:
            form.add_error(None, error)
        form = TokenForm() if created else form
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "created": created,
            "tokens": token_list(user=owner, owner=owner),
            "now": timezone.now(),
        },
    )


@permission_required(Permission.USE_API)
@require_POST
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    owner = request.user
    assert isinstance(owner, User)
    token = token_list(user=owner, owner=owner).filter(pk=pk).first()
    if token is None:
        raise Http404
    token_revoke(user=owner, token=token)
    messages.success(request, _("The token was revoked."))
    return redirect("api:tokens")
