from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoiceConfig(AppConfig):
    name = "voice"
    verbose_name = _("The customer's voice")

    def ready(self):
        from . import hooks

        hooks.connect()
