"""Small template helpers shared by every public page."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_string_without_page(context):
    """The current filters as a query string, for pagination links that keep them."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    return params.urlencode()


@register.filter
def localized(obj, field):
    """{{ product|localized:"description" }} → the English text when English is active."""
    from shanting_gi.core.models import localized as pick

    return pick(obj, field)


@register.filter
def person_name(user):
    """A member of staff by name (李文书), the user name when none is recorded."""
    from shanting_gi.core.admin import person_name as name_of

    return name_of(user)
