"""What an audit event was about, in words (the log stores short codes such as ``link_review``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tumbuh.convergence.catalogue import OFFICE_NAMES

OBJECT_LABELS = {
    "api_token": _("API token"),
    "campaign": _("weighing campaign"),
    "campaign_summary": _("campaign summary"),
    "children_link": _("children linked to a family"),
    "dashboard": _("dashboard"),
    "delivery": _("intervention delivery"),
    "eppgbm": _("e-PPGBM export"),
    "family": _("family"),
    "fhir": _("FHIR record"),
    "import_batch": _("import"),
    "import_report": _("import rejection report"),
    "link_candidate": _("possible duplicate"),
    "link_review": _("duplicate review"),
    "lokus": _("lokus list"),
    "maternal_measurement": _("mother's measurement"),
    "measurement": _("measurement"),
    "oauth_client": _("API client"),
    "person": _("person"),
    "person_merge": _("merged records"),
    "person_merge_undo": _("undone merge"),
    "posyandu": _("posyandu"),
    "posyandu_session": _("posyandu day"),
    "report_done": _("prepared report"),
    "scorecard": _("convergence scorecard"),
    "team": _("team"),
    "team_member": _("team member"),
    "teams": _("teams"),
    "tpk_assignment": _("TPK assignment"),
    "tpk_families": _("TPK families list"),
    "user": _("user account"),
    "visit": _("TPK visit"),
    "worklists": _("work lists"),
}


def object_label(object_type: str) -> str:
    """``link_review`` -> "tinjauan duplikat"; ``gaps:dinsos`` -> the office's gap list."""
    *prefix, last = object_type.split(":")
    if prefix and prefix[-1] == "gaps":
        office = next((name for o, name in OFFICE_NAMES.items() if o.value == last), last)
        via_api = _(" (API)") if prefix[0] == "api" else ""
        return f"{_('gap list')}: {office}{via_api}"
    return str(OBJECT_LABELS.get(object_type, object_type.replace("_", " ")))
