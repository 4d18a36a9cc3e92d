"""The goal page and its in-place editing, by subdomain; routed in milestones/urls.py."""
