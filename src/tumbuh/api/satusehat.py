"""Send new measurements to SATUSEHAT: one FHIR Observation per measured quantity, the child named
by NIK, with OAuth2 client credentials, retries with back-off, and every attempt logged in
``SatusehatSubmission`` (status and the server's resource id or a short error; never personal
data). Measurements of children without a NIK wait until they have one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django_tasks import task

from tumbuh.api.fhir import Quantity, observation, patient_reference, quantities
from tumbuh.api.models import SatusehatSubmission, SubmissionKind
from tumbuh.measurements.models import Measurement

TOKEN_PATH = "/oauth2/v1/accesstoken"
FHIR_PATH = "/fhir-r4/v1"
TIMEOUT_SECONDS = 30
RETRIED_STATUS = frozenset({401, 429, 500, 502, 503, 504})
MEASURED_FIELDS = ("weight_kg", "lenhei_cm", "head_cm", "muac_cm")


class SendError(Exception):
    """An attempt failed; ``retry`` says whether trying again may help."""

    def __init__(self, message: str, *, status: int | None = None, retry: bool = True) -> None:
        super().__init__(message)
        self.status = status
        self.retry = retry


@dataclass
class SendResult:
    measurements: int = 0
    sent: int = 0  # Observations accepted
    failed: int = 0  # Observations given up on (for now)


@dataclass
class SatusehatClient:
    base_url: str
    client_id: str
    client_secret: str
    attempts: int = 3
    backoff_seconds: float = 1.0
    sleep: Callable[[float], None] = time.sleep
    session: requests.Session = field(default_factory=requests.Session)
    _token: str = ""

    def _logged(
        self, kind: str, send: Callable[[], requests.Response], **log: Any
    ) -> dict[str, Any]:
        """Try ``send`` up to ``attempts`` times, logging each attempt; the answer's JSON."""
        for attempt in range(1, self.attempts + 1):
            entry = SatusehatSubmission(kind=kind, attempt=attempt, **log)
            try:
                answer = _answer(_send(send))
            except SendError as error:
                entry.status_code, entry.error = error.status, str(error)[:200]
                entry.save()
                if error.status == 401:
                    if kind == SubmissionKind.ACCESS_TOKEN:
                        raise  # wrong credentials: asking again will not help
                    self._token = ""  # expired: the next attempt asks for a new one
                if not error.retry or attempt == self.attempts:
                    raise
                self.sleep(self.backoff_seconds * 2 ** (attempt - 1))
                continue
            entry.status_code, entry.succeeded = 200, True
            entry.response_id = str(answer.get("id", ""))[:80]
            entry.save()
            return answer
        raise AssertionError("unreachable")

    def token(self) -> str:
        if not self._token:
            answer = self._logged(
                SubmissionKind.ACCESS_TOKEN,
                lambda: self.session.post(
                    self.base_url + TOKEN_PATH,
                    params={"grant_type": "client_credentials"},
                    data={"client_id": self.client_id, "client_secret": self.client_secret},
                    timeout=TIMEOUT_SECONDS,
                ),
            )
            self._token = str(answer.get("access_token", ""))
        return self._token

    def send_observation(
        self, measurement: Measurement, quantity: Quantity, resource: dict[str, Any]
    ) -> str:
        """POST one Observation; the id SATUSEHAT gave it."""
        answer = self._logged(
            SubmissionKind.OBSERVATION,
            lambda: self.session.post(
                f"{self.base_url}{FHIR_PATH}/Observation",
                json=resource,
                headers={
                    "Authorization": f"Bearer {self.token()}",
                    "Content-Type": "application/fhir+json",
                },
                timeout=TIMEOUT_SECONDS,
            ),
            measurement=measurement,
            observation=quantity.loinc,
        )
        return str(answer.get("id", ""))


def _answer(response: requests.Response) -> dict[str, Any]:
    if response.status_code in RETRIED_STATUS:
        raise SendError(f"HTTP {response.status_code}", status=response.status_code)
    if response.status_code >= 400:
        raise SendError(f"HTTP {response.status_code}", status=response.status_code, retry=False)
    try:
        data = response.json()
    except ValueError as error:
        raise SendError("answer is not JSON", status=response.status_code) from error
    return data if isinstance(data, dict) else {}


def _send(session_call: Callable[[], requests.Response]) -> requests.Response:
    try:
        return session_call()
    except requests.RequestException as error:
        raise SendError(type(error).__name__) from error


def unsent(limit: int) -> QuerySet[Measurement]:
    """Measurements of children with a NIK with a quantity SATUSEHAT has not accepted yet."""
    measured = sum(
        (
            Case(When(**{f"{f}__isnull": False}, then=Value(1)), default=Value(0))
            for f in MEASURED_FIELDS
        ),
        Value(0),
    )
    accepted = Count(
        "satusehat_submissions",
        filter=Q(
            satusehat_submissions__succeeded=True,
            satusehat_submissions__kind=SubmissionKind.OBSERVATION,
        ),
    )
    return (
        Measurement.objects.filter(child__nik__isnull=False)
        .annotate(measured=measured, accepted=accepted)
        .filter(accepted__lt=F("measured"))
        .select_related("child")
        .order_by("pk")[:limit]
    )


def client_from_settings() -> SatusehatClient:
    base = settings.TUMBUH_SATUSEHAT_BASE_URL.rstrip("/")
    if not base:
        raise ImproperlyConfigured("TUMBUH_SATUSEHAT_BASE_URL is not set")
    return SatusehatClient(
        base_url=base,
        client_id=settings.TUMBUH_SATUSEHAT_CLIENT_ID,
        client_secret=settings.TUMBUH_SATUSEHAT_CLIENT_SECRET,
    )


def satusehat_send(*, limit: int = 1000, client: SatusehatClient | None = None) -> SendResult:
    """Send what SATUSEHAT has not accepted yet; failures are logged and tried again next run."""
    client = client or client_from_settings()
    result = SendResult()
    client.token()  # SendError: nothing can be sent now
    for measurement in unsent(limit):
        result.measurements += 1
        done = set(
            measurement.satusehat_submissions.filter(succeeded=True).values_list(
                "observation", flat=True
            )
        )
        subject = patient_reference(measurement.child)
        for quantity in quantities(measurement):
            if quantity.loinc in done:
                continue
            try:
                client.send_observation(
                    measurement, quantity, observation(measurement, quantity, subject)
                )
            except SendError:
                result.failed += 1
                continue
            result.sent += 1
    return result


@task()
def satusehat_send_task(limit: int = 1000) -> dict[str, int]:
    """The background job (django-tasks): send new measurements to SATUSEHAT."""
    result = satusehat_send(limit=limit)
    return {"measurements": result.measurements, "sent": result.sent, "failed": result.failed}
