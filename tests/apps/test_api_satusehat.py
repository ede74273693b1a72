"""Sending measurements to SATUSEHAT, against a local fake server that records requests and can
fail: client credentials, one Observation per quantity, retries, and the log of attempts."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.test import override_settings
from fhir.resources.R4B.observation import Observation

from tests.apps.conftest import World
from tumbuh.api.fhir import NIK_SYSTEM
from tumbuh.api.models import SatusehatSubmission
from tumbuh.api.satusehat import SatusehatClient, SendError, satusehat_send, satusehat_send_task
from tumbuh.cli import main
from tumbuh.measurements.services import measurement_record


@dataclass
class Fake:
    """What the fake SATUSEHAT received, and how many of the next Observations to fail."""

    requests: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    fail_next: int = 0
    refuse_token: bool = False
    url: str = ""


@pytest.fixture
def fake() -> Iterator[Fake]:
    state = Fake()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            raw = self.rfile.read(length).decode()
            if self.path.startswith("/oauth2/v1/accesstoken"):
                state.requests.append(("token", self.path, {"body": raw}))
                if state.refuse_token:
                    return self._answer(401, {"error": "invalid_client"})
                return self._answer(200, {"access_token": "fake-token", "expires_in": 3599})
            body = json.loads(raw)
            state.requests.append(("observation", self.headers["Authorization"], body))
            if state.fail_next:
                state.fail_next -= 1
                return self._answer(503, {"issue": "busy"})
            return self._answer(
                201, {"resourceType": "Observation", "id": f"obs-{len(state.requests)}"}
            )

        def _answer(self, status: int, data: dict[str, Any]) -> None:
            payload = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def _client(fake: Fake) -> SatusehatClient:
    return SatusehatClient(
        base_url=fake.url, client_id="id", client_secret="secret", sleep=lambda _: None
    )


@pytest.fixture
def measured(world: World) -> World:
    world.child_a.nik = "7172011501250001"
    world.child_a.save()
    measurement_record(
        user=world.kader,
        child=world.child_a,
        posyandu=world.posyandu_a,
        measured_on=date(2026, 2, 10),
        weight_kg=Decimal("8.4"),
        lenhei_cm=Decimal("71.5"),
        position="l",
    )
    measurement_record(  # no NIK: waits until the child has one
        user=world.outsider,
        child=world.child_b,
        posyandu=world.posyandu_b,
        measured_on=date(2026, 2, 10),
        weight_kg=Decimal("9.0"),
        lenhei_cm=Decimal("74.0"),
        position="l",
    )
    return world


def test_new_measurements_are_sent_once_as_loinc_observations(measured: World, fake: Fake) -> None:
    result = satusehat_send(client=_client(fake))
    assert (result.measurements, result.sent, result.failed) == (1, 2, 0)
    kinds = [kind for kind, *_ in fake.requests]
    assert kinds == ["token", "observation", "observation"]
    assert "client_id=id" in fake.requests[0][2]["body"]
    for _, authorization, body in fake.requests[1:]:
        assert authorization == "Bearer fake-token"
        resource = Observation.model_validate(body)
        assert resource.subject.identifier.system == NIK_SYSTEM
        assert resource.subject.identifier.value == "7172011501250001"
    codes = sorted(body["code"]["coding"][0]["code"] for _, _, body in fake.requests[1:])
    assert codes == ["29463-7", "8306-3"]
    again = satusehat_send(client=_client(fake))
    assert (again.measurements, again.sent) == (0, 0)
    assert [k for k, *_ in fake.requests].count("observation") == 2


def test_a_failed_attempt_is_retried_and_every_attempt_logged(measured: World, fake: Fake) -> None:
    fake.fail_next = 1
    result = satusehat_send(client=_client(fake))
    assert (result.sent, result.failed) == (2, 0)
    log = SatusehatSubmission.objects.filter(kind="observation").order_by("pk")
    assert [(e.attempt, e.status_code, e.succeeded) for e in log] == [
        (1, 503, False),
        (2, 200, True),
        (1, 200, True),
    ]
    assert all(e.response_id.startswith("obs-") for e in log if e.succeeded)
    logged = " ".join(f"{e.error} {e.response_id} {e.observation}" for e in log)
    assert "7172011501250001" not in logged
    assert measured.child_a.name not in logged


def test_what_still_fails_after_the_retries_is_sent_next_time(measured: World, fake: Fake) -> None:
    fake.fail_next = 3
    first = satusehat_send(client=_client(fake))
    assert (first.sent, first.failed) == (1, 1)
    second = satusehat_send(client=_client(fake))
    assert (second.measurements, second.sent, second.failed) == (1, 1, 0)
    assert SatusehatSubmission.objects.filter(kind="observation", succeeded=True).count() == 2


def test_a_refused_access_token_sends_nothing(measured: World, fake: Fake) -> None:
    fake.refuse_token = True
    with pytest.raises(SendError):
        satusehat_send(client=_client(fake))
    assert [k for k, *_ in fake.requests] == ["token"]


def test_the_task_and_the_command_use_the_configured_endpoint(
    measured: World, fake: Fake, capsys: pytest.CaptureFixture[str]
) -> None:
    with override_settings(
        TUMBUH_SATUSEHAT_BASE_URL=fake.url,
        TUMBUH_SATUSEHAT_CLIENT_ID="id",
        TUMBUH_SATUSEHAT_CLIENT_SECRET="secret",
    ):
        assert main(["satusehat", "send"]) == 0
        assert capsys.readouterr().out.splitlines()[-1] == "measurements: 1, sent: 2, failed: 0"
        result = satusehat_send_task.enqueue(limit=10)
        assert result.return_value == {"measurements": 0, "sent": 0, "failed": 0}


def test_the_command_says_when_no_endpoint_is_configured(world: World) -> None:
    with override_settings(TUMBUH_SATUSEHAT_BASE_URL=""):
        assert main(["satusehat", "send"]) == 2
