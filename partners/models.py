"""Models of the partners app (filled by its issue)."""
