from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The site on top of the apps: listed last in INSTALLED_APPS."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "shanting_gi"
    verbose_name = _("Shanting GI platform")

    def ready(self):
        from django.db.models.signals import post_migrate

        from .staff_groups import sync_after_migrate

        post_migrate.connect(sync_after_migrate, dispatch_uid="shanting_gi_sync_staff_groups")
