"""API of the partners app (filled in)."""

urlpatterns = []
