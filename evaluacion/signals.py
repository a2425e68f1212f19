"""Signals evaluacion sends for the layers above it (the public portal listens; evaluacion imports
nothing of theirs)."""

from django.dispatch import Signal

# Sent once the results of a call are published (after the transaction commits), with `call`.
results_published = Signal()
