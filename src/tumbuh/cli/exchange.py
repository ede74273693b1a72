"""Exchange with national platforms: ``tumbuh report dhis2``, ``tumbuh report eppgbm`` and
``tumbuh satusehat send``."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any


def register_reports(reports: Any) -> None:
    """Adds ``dhis2`` and ``eppgbm`` to ``tumbuh report``."""
    dhis2 = reports.add_parser(
        "dhis2",
        help="monthly aggregates per desa/kelurahan as DHIS2 dataValueSets (.json) or ADX (.xml)",
        description=(
            "Weighed, stunted, wasted and underweight children under five per desa/kelurahan "
            "under --region, by sex and age group, for one month, with the codes of the "
            "mapping file (default: the bundled dhis2_mapping.json)."
        ),
    )
    dhis2.add_argument("--region", required=True, help="Kemendagri code, e.g. 71.72")
    dhis2.add_argument("--period", required=True, help="month as YYYYMM, e.g. 202608")
    dhis2.add_argument("-o", "--output", type=Path, required=True, help=".json or .xml (ADX)")
    dhis2.add_argument("--mapping", type=Path, help="a mapping file of DHIS2 codes (JSON)")
    dhis2.add_argument("--user", default="admin", help="account whose scope applies")
    dhis2.set_defaults(handler=run_dhis2)
    eppgbm = reports.add_parser(
        "eppgbm",
        help="measurements as an e-PPGBM export (.xlsx or .csv), for upload to the national chain",
        description=(
            "Measurements from --from to --to at posyandu under --region, one row per "
            "measurement, with the e-PPGBM export's column names (which tumbuh import reads)."
        ),
    )
    eppgbm.add_argument("--region", required=True, help="Kemendagri code, e.g. 71.72")
    eppgbm.add_argument("--from", dest="start", type=date.fromisoformat, required=True)
    eppgbm.add_argument("--to", dest="end", type=date.fromisoformat, required=True)
    eppgbm.add_argument("-o", "--output", type=Path, required=True, help=".xlsx or .csv")
    eppgbm.add_argument("--user", default="admin", help="account whose scope applies")
    eppgbm.set_defaults(handler=run_eppgbm)


def register_satusehat(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "satusehat",
        help="send new measurements to SATUSEHAT (FHIR R4 Observations)",
        description=(
            "Sends every measurement not yet accepted by SATUSEHAT, one Observation per "
            "measured quantity, to TUMBUH_SATUSEHAT_BASE_URL (OAuth2 client credentials "
            "TUMBUH_SATUSEHAT_CLIENT_ID/SECRET), with retries; every attempt is logged."
        ),
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    send = actions.add_parser("send", help="send what has not been accepted yet")
    send.add_argument("--limit", type=int, default=1000, help="at most this many measurements")
    send.set_defaults(handler=run_satusehat_send)


def _user_and_region(username: str, code: str) -> tuple[Any, Any]:
    from tumbuh.cli.django_setup import django_start
    from tumbuh.cli.users import region_in_scope, user_by_name

    django_start()
    user = user_by_name(username)
    return user, region_in_scope(user, code, username)


def run_dhis2(args: argparse.Namespace) -> int:
    prog = "tumbuh report dhis2"
    suffix = args.output.suffix.lower()
    if suffix not in (".json", ".xml"):
        print(f"{prog}: {args.output}: use .json or .xml", file=sys.stderr)
        return 2
    found = _user_and_region(args.user, args.region)
    from django.utils import timezone

    from tumbuh.api.dhis2 import (
        MAPPING_FILE,
        adx,
        data_value_set,
        mapping_load,
        month_of,
        monthly_cells,
    )

    try:
        month_of(args.period)
    except ValueError as error:
        print(f"{prog}: {error}", file=sys.stderr)
        return 2
    mapping = mapping_load(args.mapping or MAPPING_FILE)
    user, region = found
    cells = monthly_cells(user=user, region=region, period=args.period, mapping=mapping)
    if suffix == ".json":
        data = data_value_set(cells, period=args.period, mapping=mapping)
        args.output.write_text(json.dumps(data, indent=1), encoding="utf-8")
    else:
        exported = timezone.now().replace(microsecond=0)
        args.output.write_bytes(adx(cells, period=args.period, mapping=mapping, exported=exported))
    print(f"{prog}: {len(cells)} values -> {args.output}", file=sys.stderr)
    return 0


def run_eppgbm(args: argparse.Namespace) -> int:
    prog = "tumbuh report eppgbm"
    if args.output.suffix.lower() not in (".xlsx", ".csv"):
        print(f"{prog}: {args.output}: use .xlsx or .csv", file=sys.stderr)
        return 2
    found = _user_and_region(args.user, args.region)
    from tumbuh.accounts.models import Action
    from tumbuh.accounts.services import audit_record
    from tumbuh.api.eppgbm_export import eppgbm_frame
    from tumbuh.files.write import write_table

    user, region = found
    frame = eppgbm_frame(user=user, region=region, start=args.start, end=args.end)
    write_table([frame], args.output, worksheet="e-PPGBM")
    audit_record(user=user, action=Action.EXPORT, object_type="eppgbm", object_id=region.code)
    print(f"{prog}: {frame.height} measurements -> {args.output}", file=sys.stderr)
    return 0


def run_satusehat_send(args: argparse.Namespace) -> int:
    from tumbuh.cli.django_setup import django_start

    django_start()
    from django.core.exceptions import ImproperlyConfigured

    from tumbuh.api.satusehat import SendError, satusehat_send

    try:
        result = satusehat_send(limit=args.limit)
    except ImproperlyConfigured as error:
        print(f"tumbuh satusehat: {error}", file=sys.stderr)
        return 2
    except SendError as error:
        print(f"tumbuh satusehat: no access token ({error})", file=sys.stderr)
        return 1
    print(f"measurements: {result.measurements}, sent: {result.sent}, failed: {result.failed}")
    return 0 if result.failed == 0 else 1
