"""Words for the codes a measurement carries (WHO flags), in the user's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

#: WHO's implausibility flags by indicator, named as the Buku KIA and e-PPGBM name them.
FLAG_LABELS = {
    "zlen": _("length/height-for-age"),
    "zwei": _("weight-for-age"),
    "zwfl": _("weight-for-length/height"),
    "zbmi": _("BMI-for-age"),
    "zhc": _("head circumference-for-age"),
    "zac": _("arm circumference-for-age"),
    "zts": _("triceps skinfold-for-age"),
    "zss": _("subscapular skinfold-for-age"),
}


def flag_labels(flags: str) -> str:
    """``"zlen zwfl"`` as ``"PB/U, BB/PB"`` (in Indonesian): the implausible indicators."""
    return ", ".join(str(FLAG_LABELS.get(code, code)) for code in flags.split())
