"""What the peers API's endpoints share: how a peer is shown (never an email)."""

from rest_framework import serializers

from .. import selectors


class PeerSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True, help_text="Their display name, or 'A peer'.")


def peer(user) -> dict:
    profile = getattr(user, "peer_profile", None)
    return {"id": user.pk, "name": selectors.shown_name(user, profile)}
