"""Back-office for 双随机 spot-check plans and the inspector pool. Drawing and publishing are
actions that call inspections.draws; once drawn, a plan's pool, counts and seed are fixed."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from shanting_gi.core.admin import (
    HistoryAdmin,
    confirm_action,
    error_text,
    publication_actions,
)

from .. import draws
from ..models import (
    Inspector,
    SpotCheckPlan,
)

FROZEN_AFTER_DRAW = [
    "product",
    "year",
    "producer_count",
    "inspectors",
    "inspectors_per_inspection",
]
DRAW_RECORD = [
    "seed",
    "method",
    "pool_drawn_from",
    "drawn_at",
    "drawn_by",
    "published",
    "published_on",
    "sample",
    "redraw_check",
]


class DrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I confirm the draw"),
        required=True,
        help_text=_(
            "The pool is frozen from today's live authorisations and active inspectors, a "
            "random seed is recorded and the sampled inspections are created. A draw is never "
            "repeated."
        ),
    )


@admin.register(Inspector)
class InspectorAdmin(HistoryAdmin):
    list_display = ["name", "organisation", "badge_number", "is_active"]
    list_filter = ["is_active", "organisation"]
    search_fields = ["name", "organisation", "badge_number"]

    def has_delete_permission(self, request, obj=None):
        return False  # published draws name their inspectors: deactivate instead


publish_plans, withdraw_plans = publication_actions(
    publish=lambda plan, user: draws.plan_publish(plan=plan, by=user),
    unpublish=lambda plan, user, reason: draws.plan_unpublish(plan=plan, by=user, reason=reason),
    published=lambda count: (
        ngettext("%(count)d plan published.", "%(count)d plans published.", count)
        % {"count": count}
    ),
    withdrawn=lambda count: (
        ngettext(
            "%(count)d plan withdrawn from publication.",
            "%(count)d plans withdrawn from publication.",
            count,
        )
        % {"count": count}
    ),
    publish_label=_("Publish the selected plans"),
    withdraw_label=_("Withdraw the selected plans from publication"),
)


@admin.register(SpotCheckPlan)
class SpotCheckPlanAdmin(HistoryAdmin):
    list_display = [
        "__str__",
        "product",
        "year",
        "producer_count",
        "inspectors_per_inspection",
        "drawn_at",
        "published",
    ]
    list_filter = ["product", "year", "published"]
    search_fields = ["title", "seed", "product__name"]
    list_select_related = ["product"]
    autocomplete_fields = ["product"]
    filter_horizontal = ["inspectors"]
    actions = ["draw_selected", publish_plans, withdraw_plans]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_drawn:
            return [*FROZEN_AFTER_DRAW, *DRAW_RECORD]
        return DRAW_RECORD

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_drawn:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("pool drawn from"))
    def pool_drawn_from(self, obj):
        """The frozen pool in words: how many producers and inspectors, by number."""
        snapshot = obj.pool_snapshot or {}
        producers, inspectors = snapshot.get("producers", []), snapshot.get("inspectors", [])
        if not (producers or inspectors):
            return "—"
        return _(
            "%(producers)s producers (nos. %(producer_ids)s); %(inspectors)s inspectors "
            "(nos. %(inspector_ids)s)"
        ) % {
            "producers": len(producers),
            "producer_ids": "、".join(map(str, producers)) or "—",
            "inspectors": len(inspectors),
            "inspector_ids": "、".join(map(str, inspectors)) or "—",
        }

    @admin.display(description=_("sample"))
    def sample(self, obj):
        if obj.pk is None:
            return "—"
        # Queries: the plan's inspections with their producers.
        inspections = obj.inspections.select_related("producer").order_by("sample_number")
        return (
            format_html_join(
                mark_safe("<br>"),
                '<a href="{}">{}</a> · {}',
                (
                    (
                        reverse("admin:inspections_inspection_change", args=[i.pk]),
                        i.sample_number,
                        i.producer.name,
                    )
                    for i in inspections
                ),
            )
            or "—"
        )

    @admin.display(description=_("re-run of the draw"))
    def redraw_check(self, obj):
        if obj.pk is None or not obj.is_drawn:
            return "—"
        try:
            check = draws.plan_redraw_check(plan=obj)
        except ValidationError as error:
            return error_text(error)
        if check.same:
            return _("Confirmed: the frozen pool and seed give the same sample.")
        return format_html(
            "<strong>{}</strong>",
            _("The frozen pool and seed give a different sample: %(n)d difference(s).")
            % {"n": len(check.differences)},
        )

    @admin.action(description=_("Draw the selected plans"), permissions=["change"])
    def draw_selected(self, request, queryset):
        return confirm_action(
            self,
            request,
            queryset,
            form_class=DrawForm,
            title=_("Draw the spot-check sample"),
            perform=lambda plan, user, data: draws.plan_draw(plan=plan, by=user),
            done=lambda count: (
                ngettext("%(count)d plan drawn.", "%(count)d plans drawn.", count)
                % {"count": count}
            ),
        )
