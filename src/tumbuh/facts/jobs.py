"""The grades job: recompute the SMART grades of the kab/kota a write touched (background)."""

from __future__ import annotations

from django_tasks import task

from tumbuh.facts.grade_services import grades_refresh
from tumbuh.facts.models import GradeStale


@task()
def grades_task() -> int:
    """Recompute the grades marked stale; queues itself again while writes keep marking."""
    written = grades_refresh()
    if GradeStale.objects.exists():
        grades_task.enqueue()
    return written
