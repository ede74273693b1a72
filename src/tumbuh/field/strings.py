"""The phone's texts, translated on the server and handed to app.js with the shell."""

from __future__ import annotations

from django.utils.translation import gettext as _


def phone_strings() -> dict[str, str]:
    return {
        "online": _("Online"),
        "offline": _("Offline: entries wait on the phone"),
        "sending": _("Sending…"),
        "last_sync": _("Last synchronised: %(when)s"),
        "never_synced": _("Not synchronised yet: connect once to load your children and families."),
        "log_in": _("Log in"),
        "signed_out": _("You are logged out. Log in again to send the waiting entries."),
        "expired": _(
            "The data on this phone was deleted: no synchronisation for more than %(days)s days. "
            "Connect to load it again."
        ),
        "sync_failed": _("Sending failed; the entries keep waiting and are sent later."),
        "sent_count": _("%(n)s entries sent."),
        "no_worker": _("This browser cannot keep the app offline."),
        "no_tables": _("The WHO tables are not on this phone yet: connect once."),
        "status_waiting": _("waiting"),
        "status_sent": _("sent"),
        "status_review": _("sent; the puskesmas will review it"),
        "status_refused": _("refused:"),
        "entry_measurement": _("Measurement of %(name)s on %(date)s"),
        "entry_visit": _("Visit to %(name)s on %(date)s"),
        "remove": _("Remove"),
        "reviews_open": _("%(n)s of your measurements wait for the puskesmas's review."),
        "boy": _("Boy"),
        "girl": _("Girl"),
        "age_months": _("%(n)s months"),
        "next_visit": _("next visit %(date)s"),
        "overdue": _("visit overdue"),
        "not_computed": _("not computed"),
        "source_server": _("server"),
        "source_phone": _("phone, not sent yet"),
        "source_recomputed": _("recomputed on the phone (birth date corrected)"),
        "chart_weight": _("Weight-for-age (kg)"),
        "chart_length": _("Length/height-for-age (cm)"),
        "wfl": _("Weight-for-length/height (BB/PB, BB/TB)"),
        "required": _("%(field)s is required."),
        "not_a_number": _("%(field)s: enter a number with at most %(places)s decimals."),
        "out_of_range": _("%(field)s must be between %(min)s and %(max)s."),
        "in_future": _("The date is in the future."),
        "before_birth": _("The date is before the child's birth date."),
        "twice": _("This child already has a waiting measurement on that day."),
        "next_after": _("The next visit must be after this visit."),
        "saved_on_phone": _("Saved on the phone; it is sent when there is a connection."),
        "logout_waiting": _(
            "%(n)s entries have not been sent yet and will be deleted from this phone. Log out?"
        ),
    }
