"""Reads of the campaigns app, limited to the user's scope."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from tumbuh.accounts.models import Role
from tumbuh.accounts.permissions import Permission, in_scope, require
from tumbuh.accounts.scope import AnyUser, profile_of, subtree
from tumbuh.accounts.selectors import home_region
from tumbuh.campaigns.models import Campaign
from tumbuh.regions.models import Level, Region


def _region_and_above(region: Region) -> list[str]:
    """71.72.01.1001 -> 71, 71.72, 71.72.01, 71.72.01.1001."""
    code = region.code
    return [code[:i] for i in range(2, len(code)) if code[i] == "."] + [code]


def campaign_list(*, user: AnyUser) -> QuerySet[Campaign]:
    """Campaigns the user may open: over their home area, an area around it, or inside it."""
    require(user, Permission.VIEW_CAMPAIGNS)
    campaigns = Campaign.objects.select_related("region")
    if profile_of(user).role == Role.ADMIN:
        return campaigns
    home = home_region(user=user)
    if home is None:
        return campaigns.none()
    return campaigns.filter(
        Q(region_id__in=_region_and_above(home)) | Q(region__code__startswith=home.code + ".")
    )


def campaign_get_for_user(*, user: AnyUser, pk: int) -> Campaign:
    """One campaign the user may open (its figures are still counted within their scope)."""
    campaign = campaign_list(user=user).filter(pk=pk).first()
    if campaign is None:
        raise PermissionDenied
    return campaign


def campaign_area_for_user(*, user: AnyUser, campaign: Campaign) -> Region:
    """The part of the campaign's area the user's figures cover: the whole area, or the user's
    home area when the campaign runs over a larger one."""
    if in_scope(user, campaign.region):
        return campaign.region
    home = home_region(user=user)
    if home is None:
        raise PermissionDenied
    return home


def campaign_previous(*, campaign: Campaign) -> Campaign | None:
    """The campaign over the same area that ended last before this one started."""
    return (
        Campaign.objects.filter(region=campaign.region, end__lt=campaign.start)
        .order_by("-end")
        .first()
    )


def campaigns_over(*, region: Region) -> QuerySet[Campaign]:
    """Campaigns over the region or an area containing it, newest first (the public page)."""
    return Campaign.objects.filter(region_id__in=_region_and_above(region)).order_by("-end")


def campaign_regions_for_user(*, user: AnyUser) -> QuerySet[Region]:
    """Areas the user may run a campaign over: kab/kota, kecamatan, desa/kelurahan in scope."""
    regions = Region.objects.filter(
        level__in=[Level.KABKOTA, Level.KECAMATAN, Level.KELURAHAN]
    ).order_by("code")
    if profile_of(user).role == Role.ADMIN:
        return regions
    home = home_region(user=user)
    if home is None:
        return regions.none()
    return regions.filter(subtree("code", home.code))
