"""Back-office for enforcement cases; publishing goes through the services, and a case is
never deleted."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from shanting_gi.core.admin import (
    HistoryAdmin,
    NeverDeletedMixin,
    publication_actions,
    year_filter,
)

from .. import services
from ..models import (
    EnforcementCase,
)

publish_cases, withdraw_cases = publication_actions(
    publish=lambda case, user: services.enforcement_case_publish(case=case, by=user),
    unpublish=lambda case, user, reason: services.enforcement_case_unpublish(
        case=case, by=user, reason=reason
    ),
    published=lambda count: (
        ngettext("%(count)d case published.", "%(count)d cases published.", count)
        % {"count": count}
    ),
    withdrawn=lambda count: (
        ngettext(
            "%(count)d case withdrawn from publication.",
            "%(count)d cases withdrawn from publication.",
            count,
        )
        % {"count": count}
    ),
    publish_label=_("Publish the selected cases"),
    withdraw_label=_("Withdraw the selected cases from publication"),
)


@admin.register(EnforcementCase)
class EnforcementCaseAdmin(NeverDeletedMixin, HistoryAdmin):
    # Never deleted: every change stays in the history.
    list_display = [
        "case_number",
        "subject",
        "product",
        "violation_type",
        "status",
        "opened_on",
        "decision_number",
        "published",
        "is_example",
    ]
    list_filter = [
        "violation_type",
        "status",
        "published",
        "product",
        year_filter("opened_on", _("year opened")),
        "is_example",
    ]
    search_fields = ["case_number", "decision_number", "subject_name", "producer__name"]
    autocomplete_fields = ["producer", "product"]
    list_select_related = ["producer", "product"]
    readonly_fields = ["published", "published_on"]
    actions = [publish_cases, withdraw_cases]

    @admin.display(description=_("party concerned"), ordering="subject_name")
    def subject(self, obj):
        return obj.subject

    def save_model(self, request, obj, form, change):
        services.enforcement_case_save(case=obj, by=request.user, reason=self.change_reason(form))
