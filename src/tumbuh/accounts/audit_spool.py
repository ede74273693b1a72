"""Audit events that could not be written at once: kept in a spool file, written later.

Every page that shows personal data writes an audit event. On SQLite a long write (an import)
can keep the database busy past its timeout; the page must not fail for it, and the event must
not be lost. So an event whose write finds the database locked is appended to a spool file in the
data directory (identifiers only, readable by the server's account only) and written to the
database, with its original time, by the next audit write that succeeds.
"""

from __future__ import annotations

import json
import os
import threading
from datetime import datetime
from pathlib import Path

from django.db import OperationalError, transaction
from django.utils import timezone

from tumbuh.accounts.models import AuditEvent
from tumbuh.env import data_dir

_lock = threading.Lock()


def spool_path() -> Path:
    return data_dir() / "audit-spool.jsonl"


def is_locked(error: OperationalError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


def audit_spool(event: AuditEvent) -> None:
    """Keep an event for later (the database is busy)."""
    line = json.dumps(
        {
            "user": event.user_id,
            "action": event.action,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "at": (event.at or timezone.now()).isoformat(),
        }
    )
    with _lock:
        descriptor = os.open(spool_path(), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")


def audit_flush() -> int:
    """Write the spooled events to the database; returns how many. Left in the spool if the
    database is still busy."""
    path = spool_path()
    if not path.exists():
        return 0
    with _lock:
        if not path.exists():
            return 0
        lines = path.read_text(encoding="utf-8").splitlines()
        rows = [json.loads(line) for line in lines if line.strip()]
        try:
            with transaction.atomic():
                for row in rows:
                    event = AuditEvent.objects.create(
                        user_id=row["user"],
                        action=row["action"],
                        object_type=row["object_type"],
                        object_id=row["object_id"],
                    )
                    at = datetime.fromisoformat(row["at"])
                    AuditEvent.objects.filter(pk=event.pk).update(at=at)
        except OperationalError as error:
            if is_locked(error):
                return 0
            raise
        path.unlink()
    return len(rows)
