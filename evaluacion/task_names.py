"""Names of the evaluation's Celery tasks, for the services that queue them.

Tasks call services, so services queue tasks by registered name (``core.taskutils.enqueue`` takes
a name) instead of importing ``evaluacion.tasks``: the two modules never import each other.
tests/evaluacion/test_tasks.py checks every name here is a registered task.
"""

SEND_INVITATION = "evaluacion.tasks.send_invitation"
NOTIFY_ASSIGNMENTS = "evaluacion.tasks.notify_assignments"
PREPARE_ATTACHMENTS = "evaluacion.tasks.prepare_attachments"
NOTIFY_RESULTS = "evaluacion.tasks.notify_results"
