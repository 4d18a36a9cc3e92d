"""API of this app (filled in)."""

urlpatterns = []
