"""The inspections app's back-office, one module per subject (registered on import)."""

from . import cases, complaints, plans, spotchecks  # noqa: F401
