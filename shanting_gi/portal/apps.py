from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The site-level content of a government portal: consultation and its FAQ, news and
    notices, events, demonstration parks, industry associations with their packaging, and
    the pages every Chinese government site keeps (contact, privacy, site map …)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "shanting_gi.portal"
    label = "portal"
    verbose_name = _("Portal: consultation, news and industry")
