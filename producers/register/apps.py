from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegisterConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "producers.register"
    label = "producers"  # the label the tables and migrations have always had
    verbose_name = _("Producers and authorisations")
