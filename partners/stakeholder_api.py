"""API of a goal's ecosystem: stakeholders, invitations, advice (filled in)."""

urlpatterns = []
