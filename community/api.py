"""API of the community app (filled in)."""

urlpatterns = []
