"""Machine tokens for the API, and the log of what was sent to SATUSEHAT."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A machine token of one user: only a SHA-256 hash of the secret is stored; ``prefix``
    (shown in lists, not secret) finds the row."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=16, unique=True)
    hashed = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class SubmissionKind(models.TextChoices):
    ACCESS_TOKEN = "access_token", _("Access token")
    OBSERVATION = "observation", _("Observation")


class SatusehatSubmission(models.Model):
    """One attempt to send something to SATUSEHAT, and what came back (identifiers only)."""

    kind = models.CharField(max_length=16, choices=SubmissionKind.choices)
    measurement = models.ForeignKey(
        "measurements.Measurement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="satusehat_submissions",
    )
    observation = models.CharField(max_length=40, blank=True)  # which Observation (LOINC code)
    attempt = models.PositiveSmallIntegerField(default=1)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_id = models.CharField(max_length=80, blank=True)
    error = models.CharField(max_length=200, blank=True)
    succeeded = models.BooleanField(default=False)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["measurement", "succeeded"])]
