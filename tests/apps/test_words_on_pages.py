"""Every persona's pages, rendered in Indonesian, show words, not codes: no catalogue code
(``air_minum_layak``, ``ibu_hamil``), no WHO indicator code (``zbmi``), no audit object code
(``link_review``), no model name (``Measurement``), no untranslated English."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from django.test import Client

from tests.apps.conftest import pg_sample
from tests.apps.test_permissions import Cast, _paths, cast
from tumbuh.accounts.models import Action
from tumbuh.accounts.services import audit_record
from tumbuh.registry.models import SasaranRole

__all__ = ["cast"]

#: snake_case anywhere in the visible text is a code that escaped its label.
CODE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
INDICATORS = re.compile(r"\b(zlen|zwei|zwfl|zbmi|zhc|zac|zts|zss)\b")
#: Model names and English words that have slipped through before.
ENGLISH = re.compile(
    r"\b(Measurement|Person|Child|Family|SasaranRole|AuditEvent|Audit events|does not exist|"
    r"the|and|with|Save|Delete|Search|Download|Select|change|Choose|Not found)\b"
)
#: Downloads and machine answers are checked elsewhere (CSV headers in test_exports).
NOT_PAGES = ("export", "template", "report", "download", "pdf", "api:", "revoke")
DOWNLOADS = {"interventions:gaps"}


class _Text(HTMLParser):
    """The text a person reads: element text and SVG tooltips, not scripts or attributes, nor
    identifiers shown on purpose in ``<code>`` (the catalogue's codes, which import files use)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "code"}:
            self._skip += 1
        for name, value in attrs:
            if name in {"placeholder", "aria-label", "alt"} and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "code"}:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def problems(text: str, *, allowed: set[str]) -> set[str]:
    found = {m.group(0) for m in CODE.finditer(text)} - allowed
    found |= {m.group(0) for m in INDICATORS.finditer(text)}
    found |= {m.group(0) for m in ENGLISH.finditer(text)}
    return found


def test_the_scanner_finds_codes_and_english() -> None:
    text = visible_text(
        "<p>air_minum_layak zbmi Measurement <script>a_b</script> <code>pmt_lokal</code></p>"
    )
    assert problems(text, allowed=set()) == {"air_minum_layak", "zbmi", "Measurement"}


@pytest.mark.parametrize(
    "persona",
    pg_sample(
        ["admin", "tpps", "kecamatan", "puskesmas", "kader", "tpk", "office", "lurah"],
        # on PostgreSQL: the admin opens every page; the kader and the office their own data
        {"admin", "kader", "office"},
    ),
)
def test_no_page_shows_a_code_or_english(cast: Cast, client: Client, persona: str) -> None:
    world = cast.world
    SasaranRole.objects.create(person=world.child_a, role="ibu_hamil", start=date(2026, 1, 1))
    for kind in ("link_review", "tpk_families", "gaps:dinsos"):
        audit_record(user=world.admin, action=Action.VIEW_LIST, object_type=kind)
    client.force_login(cast.personas[persona])
    # people's names and user names are theirs, not codes
    allowed = {world.child_a.name, world.child_b.name} | {
        user.username for user in cast.personas.values()
    }
    found: dict[str, set[str]] = {}
    for name, path in _paths(cast).items():
        if any(word in name for word in NOT_PAGES) or name in DOWNLOADS:
            continue
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        bad = problems(visible_text(response.content.decode()), allowed=allowed)
        if bad:
            found[name] = bad
    assert found == {}
