"""Models of the milestones app (filled by its issue)."""
