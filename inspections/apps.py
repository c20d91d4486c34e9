from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "inspections"
    verbose_name = _("Inspections and enforcement")

    def ready(self):
        from django.db.models.signals import post_migrate

        from .staff_groups import sync_after_migrate

        post_migrate.connect(sync_after_migrate, dispatch_uid="inspections_sync_staff_groups")
