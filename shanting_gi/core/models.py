"""What every model of the portal builds on."""

from django.db import models
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def localized(obj, field):
    """The English version of a content field when English is active and it is filled."""
    if (get_language() or "").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field)


def field_label(model, name):
    """The heading of a column showing a model field: the field's verbose_name (lazy, so in
    the language active when shown). One name for a page's column, an export's header and
    an API field's description."""
    return capfirst(model._meta.get_field(name).verbose_name)


# How demo records spell "example" at the end of a name. Pages mark example records with a
# badge (templates/includes/example_badge.html); the name does not say it a second time.
EXAMPLE_MARKERS = ("（示例）", "(示例)", " (example)", "(example)")


def without_example_marker(name):
    """The name without a trailing 示例 / example marker."""
    name = name or ""
    for marker in EXAMPLE_MARKERS:
        if name.endswith(marker):
            return name[: -len(marker)].rstrip()
    return name


def choices_constraint(field, choices, name):
    """The database's own check that a choices field holds one of its choices."""
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        abstract = True
