"""Temporary: the next commit splits this module by concern and removes this re-export."""

from evaluacion.services.assignment import *  # noqa: F403
