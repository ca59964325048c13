"""Celery tasks of the subject-rights app (found by Celery's autodiscovery here)."""

from subject_rights.tasks_disclosure import disclosure_pack_render_task

__all__ = ["disclosure_pack_render_task"]
