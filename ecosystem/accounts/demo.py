"""The demo's published sign-in, here at the bottom so every app's demo can use it."""

DEMO_PASSWORD = "demo-ecosystem-2026"  # noqa: S105  (a published demo login)
