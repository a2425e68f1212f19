"""Temporary: the next commit splits this module by concern and removes this re-export."""

from evaluacion.selectors.scores import *  # noqa: F403
