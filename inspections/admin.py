"""Bureau back-office for spot-check inspections, their results, enforcement cases and
consumer complaints.

A result's verdict is derived by inspections.services.inspection_record_result from the
indicator's limits, never typed; publishing goes through the services; cases are never deleted.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.forms.models import BaseInlineFormSet
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from products.models import QualityIndicator
from shanting_gi.core.admin import (
    ChangeReasonForm,
    HistoryAdmin,
    NeverDeletedMixin,
    ReasonForm,
    apply_each,
    confirm_action,
    error_text,
    year_filter,
)
from shanting_gi.core.history import save_with_history

from . import services
from .admin_plans import close_follow_up, open_follow_up  # also registers plans, inspectors
from .models import (
    Complaint,
    ComplaintPhoto,
    ComplaintReply,
    ComplaintStatus,
    Conclusion,
    EnforcementCase,
    Inspection,
    InspectionResult,
    InspectionStatus,
)

NOT_TESTED = "none"


# ---------------------------------------------------------------------------------------------
# Inspections


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


@admin.register(Inspection)
class InspectionAdmin(HistoryAdmin):
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
        year_filter("sampled_on", _("year sampled")),
        ConclusionFilter,
        "is_example",
    ]
    search_fields = ["sample_number", "report_number", "producer__name"]
    autocomplete_fields = ["producer", "product", "plan"]
    filter_horizontal = ["inspectors"]
    list_select_related = ["producer", "product"]
    inlines = [InspectionResultInline]
    actions = ["publish_selected", "unpublish_selected", open_follow_up, close_follow_up]

    def get_queryset(self, request):
        # has_results / has_failure as subqueries: the conclusion column costs no query per row.
        return super().get_queryset(request).with_conclusion()

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status == InspectionStatus.PUBLISHED:
            return ["status", "published_on"]  # withdraw it with the unpublish action
        return ["published_on"]

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
        save_with_history(obj, by=request.user, reason=self.change_reason(form))

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

    @admin.action(description=_("Publish the selected inspections"), permissions=["change"])
    def publish_selected(self, request, queryset):
        apply_each(
            self,
            request,
            queryset,
            lambda inspection: services.inspection_publish(inspection=inspection, by=request.user),
            lambda count: (
                ngettext(
                    "%(count)d inspection published.", "%(count)d inspections published.", count
                )
                % {"count": count}
            ),
        )

    @admin.action(
        description=_("Withdraw the selected inspections from publication"),
        permissions=["change"],
    )
    def unpublish_selected(self, request, queryset):
        return confirm_action(
            self,
            request,
            queryset,
            form_class=ReasonForm,
            title=_("Withdraw from publication"),
            perform=lambda inspection, user, data: services.inspection_unpublish(
                inspection=inspection, by=user, reason=data["reason"]
            ),
            done=lambda count: (
                ngettext(
                    "%(count)d inspection withdrawn from publication.",
                    "%(count)d inspections withdrawn from publication.",
                    count,
                )
                % {"count": count}
            ),
        )


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


# ---------------------------------------------------------------------------------------------
# Enforcement cases


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
    actions = ["publish_selected", "unpublish_selected"]

    @admin.display(description=_("party concerned"), ordering="subject_name")
    def subject(self, obj):
        return obj.subject

    def save_model(self, request, obj, form, change):
        services.enforcement_case_save(case=obj, by=request.user, reason=self.change_reason(form))

    @admin.action(description=_("Publish the selected cases"), permissions=["change"])
    def publish_selected(self, request, queryset):
        apply_each(
            self,
            request,
            queryset,
            lambda case: services.enforcement_case_publish(case=case, by=request.user),
            lambda count: (
                ngettext("%(count)d case published.", "%(count)d cases published.", count)
                % {"count": count}
            ),
        )

    @admin.action(
        description=_("Withdraw the selected cases from publication"), permissions=["change"]
    )
    def unpublish_selected(self, request, queryset):
        return confirm_action(
            self,
            request,
            queryset,
            form_class=ReasonForm,
            title=_("Withdraw from publication"),
            perform=lambda case, user, data: services.enforcement_case_unpublish(
                case=case, by=user, reason=data["reason"]
            ),
            done=lambda count: (
                ngettext(
                    "%(count)d case withdrawn from publication.",
                    "%(count)d cases withdrawn from publication.",
                    count,
                )
                % {"count": count}
            ),
        )


# ---------------------------------------------------------------------------------------------
# Complaints
#
# What the complainant wrote is never edited here. Staff move the status, reply and link an
# enforcement case, each through its service; the secret's hash is never shown.


class ComplaintReplyFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.extra_forms:
            if form.has_changed() and not (form.cleaned_data.get("body") or "").strip():
                form.add_error("body", _("A reply cannot be empty."))


class ComplaintReplyInline(admin.StackedInline):
    """Earlier replies for reading; a new reply is saved through complaint_reply."""

    model = ComplaintReply
    formset = ComplaintReplyFormSet
    fields = ["body", "visible_to_complainant", "created_by", "created_at"]
    readonly_fields = ["created_by", "created_at"]
    extra = 1
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by")

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields

    def has_change_permission(self, request, obj=None):
        return False  # a reply the complainant may have read stays as it was

    def has_delete_permission(self, request, obj=None):
        return False


class HasPhotosFilter(admin.SimpleListFilter):
    title = _("photos")
    parameter_name = "photos"

    def lookups(self, request, model_admin):
        return [("yes", _("with photos")), ("no", _("without photos"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(has_photos=self.value() == "yes")
        return queryset


COMPLAINT_READONLY = [
    "tracking_number",
    "status",
    "closed_on",
    "created_at",
    "product",
    "description",
    "bought_where",
    "bought_on",
    "seller",
    "label_code",
    "contact_name",
    "contact_phone",
    "contact_email",
    "photos",
]

STATUS_BUTTONS = {
    ComplaintStatus.ACCEPTED: _("Accept"),
    ComplaintStatus.INVESTIGATING: _("Start investigating"),
    ComplaintStatus.CLOSED: _("Close"),
}


@admin.register(Complaint)
class ComplaintAdmin(NeverDeletedMixin, HistoryAdmin):
    # Never deleted: the complainant can still look it up.
    list_display = [
        "tracking_number",
        "product",
        "status",
        "created_at",
        "with_photos",
        "enforcement_case",
    ]
    list_filter = ["status", "product", "created_at", HasPhotosFilter]
    search_fields = ["tracking_number", "label_code", "seller"]
    list_select_related = ["product", "enforcement_case"]
    autocomplete_fields = ["enforcement_case"]
    date_hierarchy = "created_at"
    inlines = [ComplaintReplyInline]
    actions = ["accept_selected", "investigate_selected", "close_selected"]
    change_form_template = "admin/inspections/complaint/change_form.html"
    fieldsets = [
        (
            None,
            {"fields": ["tracking_number", ("status", "closed_on"), "created_at", "product"]},
        ),
        (
            _("What the complainant reported"),
            {
                "fields": [
                    "description",
                    ("bought_where", "bought_on"),
                    "seller",
                    "label_code",
                    "photos",
                ]
            },
        ),
        (
            _("Contact (for the bureau only)"),
            {"fields": ["contact_name", "contact_phone", "contact_email"]},
        ),
        (_("Follow-up"), {"fields": ["enforcement_case", "change_reason"]}),
    ]
    readonly_fields = COMPLAINT_READONLY

    def get_queryset(self, request):
        # has_photos as an EXISTS subquery: the column costs no query per row.
        photos = ComplaintPhoto.objects.filter(complaint=OuterRef("pk"))
        return super().get_queryset(request).annotate(has_photos=Exists(photos))

    def has_add_permission(self, request):
        return False  # complaints arrive through the public form, which issues the secret

    @admin.display(description=_("photos"), boolean=True, ordering="has_photos")
    def with_photos(self, obj):
        return obj.has_photos

    @admin.display(description=_("photos"))
    def photos(self, obj):
        items = list(obj.photos.all())
        if not items:
            return "—"
        return format_html_join(
            " ",
            '<a href="{0}" target="_blank"><img src="{0}" alt="{1}" '
            'style="max-height: 160px; max-width: 240px"></a>',
            (
                (
                    reverse("admin:inspections_complaint_photo", args=[obj.pk, photo.pk]),
                    _("photo %(n)s of complaint %(tracking)s")
                    % {"n": n, "tracking": obj.tracking_number},
                )
                for n, photo in enumerate(items, 1)
            ),
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/photo/<int:photo_pk>/",
                view(self.photo_view),
                name="inspections_complaint_photo",
            ),
            path(
                "<int:pk>/status/",
                view(require_POST(self.status_view)),
                name="inspections_complaint_status",
            ),
            *super().get_urls(),
        ]

    def photo_view(self, request, pk, photo_pk):
        """Photos are served through the admin, to staff who may view the complaint."""
        photo = get_object_or_404(
            ComplaintPhoto.objects.select_related("complaint"), pk=photo_pk, complaint_id=pk
        )
        if not self.has_view_permission(request, photo.complaint):
            raise PermissionDenied
        response = FileResponse(photo.image.open("rb"))
        response["Cache-Control"] = "private, no-store"
        return response

    def status_view(self, request, pk):
        complaint = get_object_or_404(Complaint, pk=pk)
        if not self.has_change_permission(request, complaint):
            raise PermissionDenied
        try:
            services.complaint_set_status(
                complaint=complaint,
                status=request.POST.get("status", ""),
                by=request.user,
                reason=request.POST.get("reason", ""),
            )
        except (ValidationError, KeyError, ValueError) as error:
            message = error_text(error) if isinstance(error, ValidationError) else None
            self.message_user(
                request,
                message or _("Unknown status."),
                level=messages.ERROR,
            )
        else:
            self.message_user(
                request,
                _("The complaint is now %(status)s.") % {"status": complaint.get_status_display()},
                level=messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:inspections_complaint_change", args=[pk]))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self.has_change_permission(request, obj):
            context["status_buttons"] = [
                (status, STATUS_BUTTONS[status])
                for status in ComplaintStatus
                if status in services.COMPLAINT_TRANSITIONS[ComplaintStatus(obj.status)]
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        if "enforcement_case" in form.changed_data and obj.enforcement_case is not None:
            services.complaint_link_case(complaint=obj, case=obj.enforcement_case, by=request.user)
        elif form.changed_data:
            save_with_history(obj, by=request.user, reason=self.change_reason(form))

    def save_formset(self, request, form, formset, change):
        if formset.model is not ComplaintReply:
            return super().save_formset(request, form, formset, change)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for reply_form in formset.extra_forms:
            if not reply_form.has_changed():
                continue
            data = reply_form.cleaned_data
            try:
                reply = services.complaint_reply(
                    complaint=form.instance,
                    body=data.get("body", ""),
                    by=request.user,
                    visible_to_complainant=data.get("visible_to_complainant", True),
                )
            except ValidationError as error:
                self.message_user(request, error_text(error), level=messages.ERROR)
            else:
                formset.new_objects.append(reply)
        return None

    def _move(self, request, queryset, status):
        apply_each(
            self,
            request,
            queryset,
            lambda complaint: services.complaint_set_status(
                complaint=complaint, status=status, by=request.user
            ),
            lambda count: (
                ngettext(
                    "%(count)d complaint is now %(status)s.",
                    "%(count)d complaints are now %(status)s.",
                    count,
                )
                % {"count": count, "status": ComplaintStatus(status).label}
            ),
        )

    @admin.action(description=_("Accept the selected complaints"), permissions=["change"])
    def accept_selected(self, request, queryset):
        self._move(request, queryset, ComplaintStatus.ACCEPTED)

    @admin.action(
        description=_("Start investigating the selected complaints"), permissions=["change"]
    )
    def investigate_selected(self, request, queryset):
        self._move(request, queryset, ComplaintStatus.INVESTIGATING)

    @admin.action(description=_("Close the selected complaints"), permissions=["change"])
    def close_selected(self, request, queryset):
        self._move(request, queryset, ComplaintStatus.CLOSED)
