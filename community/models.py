"""Models of the community app (filled by its issue)."""
