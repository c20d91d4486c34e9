from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data and the commands that load it (seed_demo, create_demo_admin)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "shanting_gi.demo"
    label = "demo"
    verbose_name = _("Demo data")
