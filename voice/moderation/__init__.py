"""Flags and staff's decisions on ideas and their comments, by community's rules (its flag
threshold, who may flag, the moderation log): models, access, services, selectors."""
