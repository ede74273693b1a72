"""Writes of the campaigns app: recording a campaign (coordinators of the area)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, require
from tumbuh.accounts.scope import AnyUser, acting_user
from tumbuh.accounts.services import audit_record
from tumbuh.campaigns.models import Campaign, CampaignKind
from tumbuh.regions.models import Region


@transaction.atomic
def campaign_create(
    *,
    user: AnyUser,
    name: str,
    region: Region,
    start: date,
    end: date,
    kind: CampaignKind = CampaignKind.OTHER,
) -> Campaign:
    """Record a campaign over ``region`` (inside the user's scope) from ``start`` to ``end``."""
    require(user, Permission.MANAGE_CAMPAIGNS, region)
    campaign = Campaign(
        name=name.strip(),
        region=region,
        start=start,
        end=end,
        kind=kind,
        created_by=acting_user(user),
    )
    campaign.full_clean()
    campaign.save()
    audit_record(user=user, action=Action.CREATE, object_type="campaign", object_id=campaign.pk)
    return campaign
