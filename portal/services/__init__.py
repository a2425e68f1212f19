"""Writes of the public portal (services push), one module per concern: roles.py (admin permissions,
editorial workflow), richtext.py, practices_io.py (import/export of good practices)."""
