"""Back-office for spot-check inspections and their results. A result's verdict is derived
by inspections.services.inspection_record_result from the indicator's limits, never typed."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from producers.register.models import Producer
from products.models import QualityIndicator
from shanting_gi.core.admin import (
    ChangeReasonForm,
    HistoryAdmin,
    ObjectAction,
    ObjectActionsMixin,
    confirm_action,
    date_input,
    error_text,
    publication_actions,
    year_filter,
)

from .. import followups, services
from ..models import (
    Conclusion,
    Inspection,
    InspectionResult,
    InspectionStatus,
    ViolationType,
)

NOT_TESTED = "none"


class OpenFollowUpForm(forms.Form):
    deadline = forms.DateField(
        label=_("deadline"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(
        label=_("public note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Shown with the published result, e.g. what the producer was ordered to do."),
    )


class CloseFollowUpForm(forms.Form):
    done_on = forms.DateField(
        label=_("completed on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=_("what was done"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Shown with the published result."),
    )


@admin.action(
    description=_("Open a follow-up for the selected failed inspections"), permissions=["change"]
)
def open_follow_up(modeladmin, request, queryset):
    return confirm_action(
        modeladmin,
        request,
        queryset,
        form_class=OpenFollowUpForm,
        title=_("Open a follow-up"),
        perform=lambda inspection, user, data: followups.inspection_open_follow_up(
            inspection=inspection, deadline=data["deadline"], by=user, note=data["note"]
        ),
        done=lambda count: (
            ngettext("%(count)d follow-up opened.", "%(count)d follow-ups opened.", count)
            % {"count": count}
        ),
    )


@admin.action(
    description=_("Record the follow-up of the selected inspections as completed"),
    permissions=["change"],
)
def close_follow_up(modeladmin, request, queryset):
    return confirm_action(
        modeladmin,
        request,
        queryset,
        form_class=CloseFollowUpForm,
        title=_("Complete the follow-up"),
        perform=lambda inspection, user, data: followups.inspection_close_follow_up(
            inspection=inspection, by=user, done_on=data["done_on"], note=data["note"]
        ),
        done=lambda count: (
            ngettext("%(count)d follow-up completed.", "%(count)d follow-ups completed.", count)
            % {"count": count}
        ),
    )


class ConclusionFilter(admin.SimpleListFilter):
    title = _("conclusion")
    parameter_name = "conclusion"

    def lookups(self, request, model_admin):
        return [
            (Conclusion.PASS, Conclusion.PASS.label),
            (Conclusion.FAIL, Conclusion.FAIL.label),
            (NOT_TESTED, _("not yet tested")),
        ]

    def queryset(self, request, queryset):
        if self.value() == Conclusion.PASS:
            return queryset.passed()
        if self.value() == Conclusion.FAIL:
            return queryset.failed()
        if self.value() == NOT_TESTED:
            return queryset.with_conclusion().filter(has_results=False)
        return queryset


class ResultFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        inspection = self.instance
        changed = [
            form for form in self.forms if form.has_changed() and not self._should_delete_form(form)
        ]
        if changed and inspection.status == InspectionStatus.PUBLISHED:
            raise ValidationError(
                _("This inspection is published; its results can no longer be changed.")
            )
        for form in changed:
            indicator = getattr(form, "cleaned_data", {}).get("indicator")
            # On the add page the indicator list cannot yet be narrowed to the product.
            if (
                indicator
                and inspection.product_id
                and indicator.product_id != inspection.product_id
            ):
                form.add_error(
                    "indicator",
                    _("This indicator belongs to another product than the inspected one."),
                )


class InspectionResultInline(admin.TabularInline):
    """Staff enter the indicator and the value; the limits and the verdict are derived."""

    model = InspectionResult
    formset = ResultFormSet
    fields = ["indicator", "measured_value", "limit_min", "limit_max", "passed"]
    readonly_fields = ["limit_min", "limit_max", "passed"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("indicator")

    def get_formset(self, request, obj=None, **kwargs):
        # formfield_for_foreignkey has no parent object: pass it along on the request.
        request._results_inspection = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "indicator":
            indicators = QualityIndicator.objects.select_related("product")
            inspection = getattr(request, "_results_inspection", None)
            if inspection is not None and inspection.product_id:
                indicators = indicators.filter(product_id=inspection.product_id)
            kwargs["queryset"] = indicators
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @staticmethod
    def _published(obj):
        return obj is not None and obj.status == InspectionStatus.PUBLISHED

    def has_add_permission(self, request, obj=None):
        return not self._published(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._published(obj) and super().has_delete_permission(request, obj)


publish_inspections, withdraw_inspections = publication_actions(
    publish=lambda inspection, user: services.inspection_publish(inspection=inspection, by=user),
    unpublish=lambda inspection, user, reason: services.inspection_unpublish(
        inspection=inspection, by=user, reason=reason
    ),
    published=lambda count: (
        ngettext("%(count)d inspection published.", "%(count)d inspections published.", count)
        % {"count": count}
    ),
    withdrawn=lambda count: (
        ngettext(
            "%(count)d inspection withdrawn from publication.",
            "%(count)d inspections withdrawn from publication.",
            count,
        )
        % {"count": count}
    ),
    publish_label=_("Publish the selected inspections"),
    withdraw_label=_("Withdraw the selected inspections from publication"),
)


class InspectionAdminForm(ChangeReasonForm):
    """Checks the change against the record's rules (drawn, published) before the admin
    saves anything, so a refusal is shown on the form."""

    def _post_clean(self):
        super()._post_clean()
        if self.errors or self.instance.pk is None:
            return
        try:
            services.inspection_check_change(
                inspection=self.instance,
                reason=(self.cleaned_data.get("change_reason") or "").strip(),
            )
        except ValidationError as error:
            self.add_error(None, error)


class CorrectionForm(forms.Form):
    """What a recorded correction may change: the sampling and report details, the producer
    of an inspection no draw selected, and each measured value (re-judged)."""

    sampled_on = forms.DateField(label=_("sampled on"), required=False, widget=date_input())
    sampling_place = forms.CharField(label=_("sampling place"), required=False, max_length=200)
    testing_body = forms.CharField(label=_("testing body"), required=False, max_length=150)
    report_number = forms.CharField(label=_("test report number"), max_length=60)
    tested_on = forms.DateField(label=_("tested on"), required=False, widget=date_input())
    reason = forms.CharField(
        label=_("reason for the correction"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Shown with the result on the public page, with the date."),
    )

    def __init__(self, *args, inspection, **kwargs):
        self.inspection = inspection
        super().__init__(*args, **kwargs)
        if not inspection.is_drawn:
            self.fields["producer"] = forms.ModelChoiceField(
                label=_("producer"),
                queryset=Producer.objects.select_related("town"),
                initial=inspection.producer_id,
            )
        self.indicators = {}
        for result in inspection.results.select_related("indicator"):
            name = f"result_{result.indicator_id}"
            unit = f" ({result.indicator.unit})" if result.indicator.unit else ""
            self.fields[name] = forms.DecimalField(
                label=f"{result.indicator.name}{unit}",
                max_digits=12,
                decimal_places=3,
                initial=result.measured_value,
            )
            self.indicators[name] = result.indicator
        self.order_fields([*services.CORRECTABLE_FIELDS, *self.indicators, "reason"])


def correction_arguments(inspection, data):
    """inspection_correct's keywords from the form: the fields and values the clerk changed
    (the service records each one and refuses when nothing changed)."""
    changes = {
        name: data[name]
        for name in services.CORRECTABLE_FIELDS
        if name in data and data[name] != getattr(inspection, name)
    }
    results = {
        result.indicator: data[f"result_{result.indicator_id}"]
        for result in inspection.results.select_related("indicator")
        if data.get(f"result_{result.indicator_id}") not in (None, result.measured_value)
    }
    return {"changes": changes, "results": results, "reason": data["reason"]}


def correction_initial(inspection):
    return {name: getattr(inspection, name) for name in services.CORRECTABLE_FIELDS}


class OpenCaseForm(forms.Form):
    case_number = forms.CharField(label=_("case number"), max_length=60)
    violation_type = forms.ChoiceField(
        label=_("violation"), choices=ViolationType.choices, initial=ViolationType.SUBSTANDARD
    )
    opened_on = forms.DateField(label=_("opened on"), widget=date_input())
    summary = forms.CharField(
        label=_("summary"), required=False, widget=forms.Textarea(attrs={"rows": 4, "cols": 60})
    )


def open_case_initial(inspection):
    failed = [r for r in inspection.results.select_related("indicator") if not r.passed]
    return {
        "opened_on": timezone.localdate(),
        "summary": _(
            "Spot-check sample %(sample)s (test report %(report)s) of %(product)s failed: "
            "%(indicators)s."
        )
        % {
            "sample": inspection.sample_number,
            "report": inspection.report_number or "—",
            "product": inspection.product.name,
            "indicators": "、".join(r.indicator.name for r in failed) or "—",
        },
    }


INSPECTION_ACTIONS = [
    ObjectAction(
        name="correct",
        label=_("Correct the published result"),
        form_class=CorrectionForm,
        form_kwargs=lambda inspection: {"inspection": inspection},
        initial=correction_initial,
        allowed=lambda inspection: inspection.was_published,
        help=_(
            "A published result is corrected in the open: the correction, its reason and "
            "the date are shown with the result, and your name is kept in the record."
        ),
        perform=lambda inspection, user, data: services.inspection_correct(
            inspection=inspection,
            by=user,
            **correction_arguments(inspection, data),
        ),
    ),
    ObjectAction(
        name="open-case",
        label=_("Open an enforcement case"),
        form_class=OpenCaseForm,
        initial=open_case_initial,
        allowed=lambda inspection: inspection.conclusion == Conclusion.FAIL,
        help=_("The case is linked to this spot-check and names its producer and product."),
        perform=lambda inspection, user, data: services.enforcement_case_open(
            by=user, inspection=inspection, **data
        ),
    ),
]


class TownFilter(admin.SimpleListFilter):
    title = _("town")
    parameter_name = "town"

    def lookups(self, request, model_admin):
        from products.models import Town

        return [(str(town.pk), town.name) for town in Town.objects.order_by("code")]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(producer__town_id=int(value))
        return queryset


@admin.register(Inspection)
class InspectionAdmin(ObjectActionsMixin, HistoryAdmin):
    list_display = [
        "sample_number",
        "producer",
        "product",
        "sampled_on",
        "status",
        "conclusion",
        "report_number",
        "published_on",
        "is_example",
    ]
    list_filter = [
        "product",
        "status",
        TownFilter,
        year_filter("sampled_on", _("year sampled")),
        ConclusionFilter,
        "is_example",
    ]
    search_fields = ["sample_number", "report_number", "producer__name", "producer__address"]
    autocomplete_fields = ["producer", "product"]
    filter_horizontal = ["inspectors"]
    list_select_related = ["producer", "product"]
    inlines = [InspectionResultInline]
    actions = [publish_inspections, withdraw_inspections, open_follow_up, close_follow_up]
    form = InspectionAdminForm
    object_actions = INSPECTION_ACTIONS

    def get_queryset(self, request):
        # has_results / has_failure as subqueries: the conclusion column costs no query per row.
        return super().get_queryset(request).with_conclusion()

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status == InspectionStatus.PUBLISHED:
            # Corrected only through "Correct the published result"; withdrawn by the action.
            return [*self._all_fields(), "inspectors", "related_records"]
        if obj is not None and obj.is_drawn:
            return [*services.DRAWN_FIELDS, "inspectors", "published_on", "related_records"]
        return ["plan", "published_on", "related_records"]

    def _all_fields(self):
        return [
            f.name
            for f in Inspection._meta.concrete_fields
            if f.editable and f.name not in ("id", "created_at", "updated_at")
        ]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return [f for f in fields if f != "related_records"] + (
            ["related_records"] if obj is not None else []
        )

    @admin.display(description=_("related records"))
    def related_records(self, obj):
        cases = list(obj.enforcement_cases.all())
        parts = [
            format_html(
                '<a href="{}">{}</a>',
                reverse("admin:inspections_enforcementcase_change", args=[case.pk]),
                _("Enforcement case %(number)s") % {"number": case.case_number},
            )
            for case in cases
        ]
        if obj.plan_id:
            parts.append(
                format_html(
                    '<a href="{}">{}</a>',
                    reverse("admin:inspections_spotcheckplan_change", args=[obj.plan_id]),
                    _("Drawn by plan %(plan)s") % {"plan": obj.plan},
                )
            )
        corrections = obj.corrections.count()
        if corrections:
            parts.append(
                ngettext(
                    "%(count)d recorded correction", "%(count)d recorded corrections", corrections
                )
                % {"count": corrections}
            )
        return format_html_join(mark_safe("<br>"), "{}", ((part,) for part in parts)) or "—"

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.is_drawn or obj.was_published):
            return False  # the draw names it, or the public has read it
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one by one, through inspection_delete
        return actions

    def delete_model(self, request, obj):
        services.inspection_delete(inspection=obj, by=request.user)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status":
            # Publishing is an action (inspection_publish checks the report and the results).
            kwargs["choices"] = [
                (value, label)
                for value, label in InspectionStatus.choices
                if value != InspectionStatus.PUBLISHED
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    @admin.display(description=_("conclusion"))
    def conclusion(self, obj):
        return obj.get_conclusion_display()

    def save_model(self, request, obj, form, change):
        services.inspection_save(inspection=obj, by=request.user, reason=self.change_reason(form))

    def save_formset(self, request, form, formset, change):
        if formset.model is not InspectionResult:
            return super().save_formset(request, form, formset, change)
        # Read by the admin's change message in place of what formset.save() would set.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        inspection = formset.instance
        if inspection.status == InspectionStatus.PUBLISHED:
            return None
        reason = self.change_reason(form)
        for result_form in formset.deleted_forms:
            result = result_form.instance
            if result.pk:
                result._change_reason = reason or _("Result deleted.")
                result.delete()
                formset.deleted_objects.append(result)
        for result_form in formset.forms:
            if result_form in formset.deleted_forms or not result_form.has_changed():
                continue
            previous_pk = result_form.instance.pk
            data = result_form.cleaned_data
            try:
                with transaction.atomic():
                    if previous_pk and "indicator" in result_form.changed_data:
                        # The row now measures another indicator: the old result goes.
                        old = InspectionResult.objects.get(pk=previous_pk)
                        old._change_reason = reason or _("Result deleted.")
                        old.delete()
                    result = services.inspection_record_result(
                        inspection=inspection,
                        indicator=data["indicator"],
                        value=data["measured_value"],
                        by=request.user,
                        reason=reason,
                    )
            except ValidationError as error:
                self.message_user(
                    request,
                    _("%(object)s: %(error)s")
                    % {"object": data.get("indicator"), "error": error_text(error)},
                    level=messages.ERROR,
                )
                continue
            if previous_pk:
                formset.changed_objects.append((result, result_form.changed_data))
            else:
                formset.new_objects.append(result)
        return None


class InspectionResultForm(ChangeReasonForm):
    def clean(self):
        cleaned_data = super().clean()
        inspection = cleaned_data.get("inspection") or getattr(self.instance, "inspection", None)
        if inspection is not None and inspection.status == InspectionStatus.PUBLISHED:
            raise ValidationError(
                _("This inspection is published; its results can no longer be changed.")
            )
        return cleaned_data


@admin.register(InspectionResult)
class InspectionResultAdmin(HistoryAdmin):
    form = InspectionResultForm
    list_display = [
        "inspection",
        "indicator",
        "measured_value",
        "limit_min",
        "limit_max",
        "passed",
    ]
    list_filter = ["passed", "indicator__product", "inspection__status"]
    search_fields = [
        "inspection__sample_number",
        "inspection__report_number",
        "inspection__producer__name",
        "indicator__name",
    ]
    autocomplete_fields = ["inspection", "indicator"]
    list_select_related = ["inspection__producer", "inspection__product", "indicator__product"]

    def get_fields(self, request, obj=None):
        fields = ["inspection", "indicator", "measured_value", "change_reason"]
        if obj is not None:
            fields[3:3] = ["limit_min", "limit_max", "passed"]
        return fields

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["inspection", "indicator", "limit_min", "limit_max", "passed"]

    @staticmethod
    def _published(obj):
        return obj is not None and obj.inspection.status == InspectionStatus.PUBLISHED

    def has_change_permission(self, request, obj=None):
        return not self._published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._published(obj) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        result = services.inspection_record_result(
            inspection=obj.inspection,
            indicator=obj.indicator,
            value=obj.measured_value,
            by=request.user,
            reason=self.change_reason(form),
        )
        obj.pk = result.pk
        obj._state.adding = False
        obj.refresh_from_db()
