"""Demo casework: the ``pkh`` account's KPM caseload in its kecamatan (1000-HPK families
first), some P2K2 sessions and referrals. The ``tksk`` account of the same kecamatan sees them."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from django.contrib.auth.models import User
from django.db.models import Q

from tumbuh.accounts.models import Action, AuditEvent, Profile
from tumbuh.casework.models import KpmAssignment, P2k2Module, P2k2Session, Referral
from tumbuh.regions.models import Region
from tumbuh.registry.models import Family, Person, SasaranRole

#: A PKH facilitator accompanies up to a few hundred KPM; the demo gives ``pkh`` this many.
CASELOAD = 120
KPM_DECILE_AT_MOST = 4
REFERRALS = (
    ("dinkes", "Puskesmas", "Imunisasi dasar belum lengkap"),
    ("dinkes", "Puskesmas", "Ibu hamil belum periksa kehamilan"),
    ("disdukcapil", "Akta kelahiran", "Anak belum memiliki akta kelahiran"),
    ("bpjs", "PBI-JKN", "Keluarga belum terdaftar JKN"),
    ("pupr", "Jamban sehat", "Rumah tanpa jamban layak"),
    ("dinsos", "BPNT", "Belum menerima bantuan pangan"),
)
TOPICS = (
    (P2k2Module.HEALTH, "Gizi ibu hamil dan 1000 HPK"),
    (P2k2Module.PARENTING, "Pengasuhan anak usia dini"),
    (P2k2Module.FINANCE, "Mengelola keuangan keluarga"),
    (P2k2Module.PROTECTION, "Mencegah kekerasan pada anak"),
)


def _hpk_families(kecamatan: str, today: date) -> set[int]:
    """Families with a pregnant woman or a baduta (1000 HPK)."""
    people = Person.objects.filter(family__kelurahan__code__startswith=kecamatan + ".")
    baduta = set(people.baduta(on=today).values_list("family_id", flat=True))
    pregnant = SasaranRole.objects.filter(
        role="ibu_hamil", start__lte=today, person__in=people
    ).filter(Q(end__isnull=True) | Q(end__gte=today))
    return baduta | set(pregnant.values_list("person__family_id", flat=True))


def casework_seed(*, rng: np.random.Generator, today: date, kecamatan_code: str) -> int:
    """The ``pkh`` account works across the kecamatan (as facilitators do): its caseload is the
    kecamatan's desil 1-4 families, 1000-HPK ones first. Returns the caseload size."""
    pkh = User.objects.get(username="pkh")
    kecamatan = Region.objects.get(code=kecamatan_code)
    Profile.objects.filter(user=pkh).update(region=kecamatan)
    poor = Family.objects.filter(
        kelurahan__code__startswith=kecamatan_code + ".", welfare_decile__lte=KPM_DECILE_AT_MOST
    ).order_by("pk")
    hpk = _hpk_families(kecamatan_code, today)
    ids = list(poor.values_list("pk", flat=True))
    chosen = [pk for pk in ids if pk in hpk] + [pk for pk in ids if pk not in hpk]
    chosen = chosen[:CASELOAD]
    since = today - timedelta(days=180)
    KpmAssignment.objects.bulk_create(
        KpmAssignment(family_id=pk, facilitator=pkh, since=since) for pk in chosen
    )
    families = {f.pk: f for f in Family.objects.filter(pk__in=chosen)}
    by_kelurahan: dict[str, list[int]] = {}
    for pk in chosen:
        by_kelurahan.setdefault(families[pk].kelurahan_id, []).append(pk)
    for number, (module, topic) in enumerate(TOPICS):
        code = sorted(by_kelurahan)[number % len(by_kelurahan)]
        attending = by_kelurahan[code][: int(rng.integers(6, 16))]
        session = P2k2Session.objects.create(
            facilitator=pkh,
            kelurahan_id=code,
            held_on=today - timedelta(days=14 + 28 * number),
            module=module,
            topic=topic,
        )
        session.families.set(attending)
    for number, (office, service, reason) in enumerate(REFERRALS):
        day = today - timedelta(days=int(rng.integers(3, 90)))
        done = number % 3 == 0
        Referral.objects.create(
            family_id=chosen[number * 3 % len(chosen)],
            office=office,
            service=service,
            reason=reason,
            referred_on=day,
            status="done" if done else "open",
            closed_on=min(day + timedelta(days=7), today) if done else None,
            recorded_by=pkh,
        )
    AuditEvent.objects.create(
        user=pkh, action=Action.CREATE, object_type="kpm_assignment", object_id=len(chosen)
    )
    return len(chosen)
