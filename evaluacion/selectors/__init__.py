"""Reads of the evaluation, one module per concern. Nothing is re-exported here:
import from the concern module (evaluacion.selectors.<concern>)."""
