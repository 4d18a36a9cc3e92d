"""The goal page and its in-place editing, by subdomain; routed in goals/urls.py."""
