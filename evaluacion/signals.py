"""Extension points of the evaluation that the apps above it may listen to.

`results_published` is sent inside the publication transaction, once per call, with the awarded
decisions (winners and honourable mentions). The public library (portal) turns each one into a
good-practice draft in moderation (``portal/library_drafts.py``, connected in
``PortalConfig.ready``). A receiver that fails rolls the publication back, so results are never
public without their drafts; receivers must be idempotent (publication runs once per call, but a
draft may already exist from an earlier attempt).
"""

from django.dispatch import Signal

# Arguments: call (concurso.Call), decisions (list[evaluacion.Decision]), actor (core.User).
results_published = Signal()
