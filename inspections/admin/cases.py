"""Back-office for enforcement cases; publishing goes through the services, and a case is
never deleted."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
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
    search_fields = [
        "case_number",
        "decision_number",
        "subject_name",
        "producer__name",
        "label_code",
        "inspection__sample_number",
    ]
    autocomplete_fields = ["producer", "product", "inspection"]
    list_select_related = ["producer", "product"]
    readonly_fields = ["label_batch_link", "complaints_list", "published", "published_on"]
    actions = [publish_cases, withdraw_cases]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "case_number",
                    ("producer", "subject_name"),
                    "product",
                    "violation_type",
                    "status",
                    ("opened_on", "decided_on"),
                    "decision_number",
                    "penalty",
                    "fine_yuan",
                    "summary",
                    "summary_en",
                    "is_example",
                ]
            },
        ),
        (
            _("What led to the case"),
            {
                "fields": [
                    "inspection",
                    "label_code",
                    "label_batch_link",
                    "complaints_list",
                ]
            },
        ),
        (_("Publication"), {"fields": ["published", "published_on", "change_reason"]}),
    ]

    @admin.display(description=_("label batch"))
    def label_batch_link(self, obj):
        batch = obj.label_batch
        if batch is None:
            return "—"
        producer = batch.authorisation.producer
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:labels_labelbatch_change", args=[batch.pk]),
            batch,
            reverse("admin:producers_producer_change", args=[producer.pk]),
            producer,
        )

    @admin.display(description=_("complaints"))
    def complaints_list(self, obj):
        if obj.pk is None:
            return "—"
        complaints = obj.complaints.order_by("created_at", "pk")
        return (
            format_html_join(
                mark_safe("<br>"),
                '<a href="{}">{}</a> · {}',
                (
                    (
                        reverse("admin:inspections_complaint_change", args=[c.pk]),
                        c.tracking_number,
                        c.description[:60],
                    )
                    for c in complaints
                ),
            )
            or "—"
        )

    @admin.display(description=_("party concerned"), ordering="subject_name")
    def subject(self, obj):
        return obj.subject

    def save_model(self, request, obj, form, change):
        services.enforcement_case_save(case=obj, by=request.user, reason=self.change_reason(form))
