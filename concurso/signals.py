"""Signals concurso owns, so that higher layers react to the competition without concurso importing them.

- ``submission_admitted(sender=Submission, submission=...)``: staff declared an entry admissible
  (sent inside the transaction; receivers queue their work with core.taskutils.enqueue, which runs
  after commit). The evaluation prepares the entry's blind copy on it.
"""

from django.dispatch import Signal

submission_admitted = Signal()
