from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "shanting_gi.core"
    label = "core"
    verbose_name = _("Platform kernel")

    def ready(self):
        from django.contrib.admin.templatetags import admin_list

        from .admin import boolean_icon

        # Django writes the yes/no icons' alt text as Python's True/False, in English on
        # every changelist and read-only field; ours says 是/否 (and reads it out so).
        admin_list._boolean_icon = boolean_icon
