from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ecosystem.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from allauth.account.models import EmailAddress

        from .roles import connect_role_rows

        # Whether a person's email is verified is kept with their standing in each
        # community (community/standing.py): a write of their addresses reads it afresh.
        connect_role_rows(EmailAddress)
