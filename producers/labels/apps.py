from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabelsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "producers.labels"
    label = "labels"
    verbose_name = _("Label codes and verification")
