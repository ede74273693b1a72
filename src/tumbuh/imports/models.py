"""One record per imported file: what it held and what became of its rows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    EPPGBM = "eppgbm", _("e-PPGBM measurements")
    KELUARGA = "keluarga", _("BKKBN family data")
    DTSEN = "dtsen", _("DTSEN welfare data")
    TEMPLATE = "template", _("Tumbuh template (children and measurements)")
    DELIVERIES = "deliveries", _("Deliveries of an office (interventions given)")
    FACILITIES = "facilities", _("Puskesmas, the desa/kelurahan they serve, and posyandu")
    TEAMS = "teams", _("Decree annex (teams and their members)")
    KPM = "kpm", _("KPM families of PKH facilitators")
    PROGRAMMES = "programmes", _("Programme receipts (social assistance received)")
    USERS = "users", _("User accounts with role and scope")


class ImportBatch(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    rows = models.PositiveIntegerField(default=0)
    new = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="import_rows_add_up",
                condition=models.Q(
                    rows=models.F("new")
                    + models.F("updated")
                    + models.F("unchanged")
                    + models.F("rejected")
                ),
            )
        ]


class LinkStatus(models.TextChoices):
    PENDING = "pending", _("To review")
    CONFIRMED = "confirmed", _("Same child")
    REJECTED = "rejected", _("Different children")


class LinkCandidate(models.Model):
    """Two person records that may be the same child, waiting for an officer."""

    left = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    match_probability = models.FloatField()
    status = models.CharField(max_length=12, choices=LinkStatus.choices, default=LinkStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["left", "right"], name="one_candidate_per_pair")
        ]


class PersonMerge(models.Model):
    """A merge of one person record into another, with what moved, so it can be undone."""

    survivor = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    moved = models.JSONField(default=dict)  # {"measurement": [ids], "delivery": [ids], ...}
    automatic = models.BooleanField(default=False)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)


class ImportUndo(models.Model):
    """What an import changed, committed with each chunk, so a failed or killed import can be
    undone by its batch: a row it created (``previous`` null) or a measurement it corrected (with
    the values it had before)."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="+")
    model = models.CharField(max_length=16)  # "person", "family", "posyandu", "measurement"
    object_id = models.BigIntegerField()
    previous = models.JSONField(null=True)

    class Meta:
        indexes = [models.Index(fields=["batch", "model"])]


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class JobStage(models.TextChoices):
    WAITING = "waiting", _("Waiting for another import to finish")
    READING = "reading", _("Reading the file")
    STORING = "storing", _("Storing rows")
    LINKING = "linking", _("Looking for duplicates")
    REPORTING = "reporting", _("Writing the rejection report")


class ImportJob(models.Model):
    """An upload being imported in the background; only its owner sees it."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    file_name = models.CharField(_("file"), max_length=255)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=8, choices=JobStatus.choices, default=JobStatus.QUEUED)
    language = models.CharField(max_length=8, default="id")  # of the uploader: the report's
    summary = models.CharField(max_length=200, blank=True)  # the one-line result
    # duplicates looked for after the import: records compared, merged, queued for review
    linked_records = models.PositiveIntegerField(null=True, blank=True)
    linked_merged = models.PositiveIntegerField(null=True, blank=True)
    linked_to_review = models.PositiveIntegerField(null=True, blank=True)
    linkage_failed = models.BooleanField(default=False)
    message = models.TextField(blank=True)  # why it failed (about the file, never its content)
    new_posyandu = models.TextField(blank=True)
    report_rows = models.PositiveIntegerField(default=0)
    batch = models.ForeignKey(ImportBatch, on_delete=models.SET_NULL, null=True, related_name="+")
    # progress, stored as the worker goes so any server process shows it
    stage = models.CharField(max_length=12, choices=JobStage.choices, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    # the django-tasks result, and the worker process running the job (to tell when it died)
    task_id = models.CharField(max_length=64, blank=True)
    worker_host = models.CharField(max_length=255, blank=True)
    worker_pid = models.PositiveIntegerField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
