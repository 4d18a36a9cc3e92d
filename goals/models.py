"""Models of the goals app (filled by its issue)."""
