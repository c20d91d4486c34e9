"""Public pages for this app (see shared/DESIGN.md, Pages)."""
