"""Citizen schools: the catalogue, cohorts, enrolment and statistics are public; attendance and
completion (personal data of the enrolled) are recorded and seen by staff only."""

import rules

from core.rules import is_coordinator

rules.add_perm("escuelas.manage_cohort", is_coordinator)
