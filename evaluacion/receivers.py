"""How the evaluation reacts to the competition (signals concurso owns; connected in apps.ready)."""

from core.taskutils import enqueue
from evaluacion import task_names


def prepare_blind_copy_when_admitted(sender, submission, **kwargs) -> None:
    """An admissible submission gets its blind copy in the background: pages only read it."""
    enqueue(task_names.PREPARE_BLIND_COPY, submission.pk)
