from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "producers.accounts"
    label = "accounts"
    verbose_name = _("Producer self-service")

    def ready(self):
        from producers.register.services import follow_authorisation_transitions

        from .services import application_follows_authorisation

        # An application follows its authorisation's decision, whatever door it came in by.
        follow_authorisation_transitions(application_follows_authorisation)
