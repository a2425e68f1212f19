"""How the evaluation reacts to the competition (signals concurso owns; connected in apps.ready)."""

from core.taskutils import enqueue


def prepare_blind_copy_when_admitted(sender, submission, **kwargs) -> None:
    """An admissible entry gets its blind copy in the background: pages only read it."""
    enqueue("evaluacion.tasks.prepare_blind_copy", submission.pk)
