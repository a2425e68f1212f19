"""Views of the evaluation, one module per audience: evaluator, applicant, committee, staff (the
coordination). Nothing is re-exported here; evaluacion.urls names each view's module."""
