"""Recording an exchange: a gap list that left Tumbuh, a delivery file that came in."""

from __future__ import annotations

from tumbuh.accounts.scope import AnyUser, acting_user
from tumbuh.offices.models import ExchangeEvent
from tumbuh.regions.models import Region


def exchange_record(
    *,
    user: AnyUser,
    office: str,
    region: Region,
    direction: str,
    channel: str,
    file_format: str,
    rows: int,
    file_name: str = "",
) -> ExchangeEvent:
    """Log one exchange of ``office``'s data in ``region`` (counts only, never the rows). The
    caller has checked the user's right to the export or import itself."""
    return ExchangeEvent.objects.create(
        office=office,
        region=region,
        direction=direction,
        channel=channel,
        file_format=file_format,
        rows=rows,
        file_name=file_name[:255],
        user=acting_user(user),
    )
