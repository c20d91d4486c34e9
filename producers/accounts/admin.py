"""Bureau back-office for producer self-service: applications for the special mark (ask,
approve, reject), annual mark-use reports and the list of reports due or late.

Imported at the end of producers/admin.py. Every decision goes through
producers.account_services, which moves the authorisation along with the application and
emails the producer.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from producers.accounts import services as account_services
from producers.accounts.views import document_response
from producers.register.forms import ApproveForm
from producers.register.models import Producer
from shanting_gi.core.admin import (
    HistoryAdmin,
    NeverDeletedMixin,
    ReadOnlyInline,
    ReasonForm,
    confirm_action,
)
from shanting_gi.core.history import save_with_history

from .models import (
    AnnualReportObligation,
    AnnualUseReport,
    Application,
    ApplicationDocument,
    ApplicationMessage,
    ProducerSignup,
    annual_report_deadline,
)


class QuestionForm(forms.Form):
    question = forms.CharField(
        label=_("question for the producer"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Sent to the producer by email and shown on its account page."),
    )


class ApplicationDocumentInline(ReadOnlyInline):
    model = ApplicationDocument
    fields = ["open_link", "kind", "size", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description=_("document"))
    def open_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:accounts_application_document", args=[obj.application_id, obj.pk]),
            str(obj),
        )


class ApplicationMessageInline(ReadOnlyInline):
    model = ApplicationMessage
    fields = ["created_at", "author_kind", "author", "body"]
    readonly_fields = fields


def done(verb):
    def message(count):
        return ngettext(
            "%(action)s: done for %(count)d application.",
            "%(action)s: done for %(count)d applications.",
            count,
        ) % {"action": verb, "count": count}

    return message


@admin.register(Application)
class ApplicationAdmin(NeverDeletedMixin, HistoryAdmin):
    list_display = ["pk", "producer", "product", "status", "submitted_at", "decided_at"]
    list_display_links = ["pk", "producer"]
    list_filter = ["status", "product"]
    search_fields = ["producer__name", "producer__credit_code", "address"]
    list_select_related = ["producer", "product"]
    date_hierarchy = "submitted_at"
    fields = [
        "producer",
        "product",
        "status",
        "planting_area_mu",
        "address",
        "expected_annual_output_t",
        "submitted_at",
        "decided_at",
        "decision_reason",
        "authorisation_link",
    ]
    readonly_fields = fields
    inlines = [ApplicationDocumentInline, ApplicationMessageInline]
    actions = ["request_info_selected", "approve_selected", "reject_selected"]

    def has_add_permission(self, request):
        return False  # producers file applications from their account pages

    @admin.display(description=_("authorisation"))
    def authorisation_link(self, obj):
        if not obj.authorisation_id:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:producers_authorisation_change", args=[obj.authorisation_id]),
            obj.authorisation,
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/documents/<int:document_pk>/",
                self.admin_site.admin_view(self.document_view),
                name="accounts_application_document",
            ),
            *super().get_urls(),
        ]

    def document_view(self, request, pk, document_pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        document = get_object_or_404(ApplicationDocument, application_id=pk, pk=document_pk)
        return document_response(document)

    def _act(self, request, queryset, *, form_class, title, perform):
        return confirm_action(
            self,
            request,
            queryset.select_related("producer", "product"),
            form_class=form_class,
            title=title,
            perform=perform,
            done=done(title),
        )

    @admin.action(description=_("Ask the producers for more information"), permissions=["change"])
    def request_info_selected(self, request, queryset):
        return self._act(
            request,
            queryset,
            form_class=QuestionForm,
            title=_("Ask for more information"),
            perform=lambda application, user, data: account_services.application_request_info(
                application=application, by=user, question=data["question"]
            ),
        )

    @admin.action(description=_("Approve the selected applications"), permissions=["change"])
    def approve_selected(self, request, queryset):
        return self._act(
            request,
            queryset,
            form_class=ApproveForm,
            title=_("Approve"),
            perform=lambda application, user, data: account_services.application_approve(
                application=application, by=user, **data
            ),
        )

    @admin.action(description=_("Reject the selected applications"), permissions=["change"])
    def reject_selected(self, request, queryset):
        return self._act(
            request,
            queryset,
            form_class=ReasonForm,
            title=_("Reject"),
            perform=lambda application, user, data: account_services.application_reject(
                application=application, by=user, reason=data["reason"]
            ),
        )


# ---------------------------------------------------------------------------------------------
# Annual mark-use reports


def last_year():
    return timezone.localdate().year - 1


class ReportTimelinessFilter(admin.SimpleListFilter):
    title = _("filed")
    parameter_name = "timeliness"

    def lookups(self, request, model_admin):
        return [("on_time", _("on time")), ("late", _("after the deadline"))]

    def queryset(self, request, queryset):
        # The deadline is 31 March of the year after the report's year (in local time).
        late = Q(submitted_at__year__gt=F("year") + 1) | Q(
            submitted_at__year=F("year") + 1, submitted_at__month__gt=3
        )
        if self.value() == "late":
            return queryset.filter(late)
        if self.value() == "on_time":
            return queryset.exclude(late)
        return queryset


@admin.register(AnnualUseReport)
class AnnualUseReportAdmin(HistoryAdmin):
    list_display = [
        "producer",
        "product",
        "year",
        "labels_used",
        "quantity_sold_kg",
        "submitted_at",
        "late",
    ]
    list_filter = ["year", "product", ReportTimelinessFilter]
    search_fields = ["producer__name", "producer__credit_code"]
    list_select_related = ["producer", "product"]
    autocomplete_fields = ["producer", "product"]
    readonly_fields = ["submitted_by"]

    @admin.display(description=_("filed late"), boolean=True)
    def late(self, obj):
        return obj.is_late

    def save_model(self, request, obj, form, change):
        if not change:
            obj.submitted_by = request.user
        save_with_history(obj, by=request.user, reason=self.change_reason(form))


class LateReportFilter(admin.SimpleListFilter):
    """Report on last year's use: late (none by 31 March), missing, or filed."""

    title = _("report on last year")
    parameter_name = "report"

    def lookups(self, request, model_admin):
        year = last_year()
        return [
            (
                "late",
                _("late: none by %(deadline)s")
                % {"deadline": annual_report_deadline(year).isoformat()},
            ),
            ("missing", _("not filed yet")),
            ("filed", _("filed")),
        ]

    def queryset(self, request, queryset):
        year = last_year()
        if self.value() == "late":
            return account_services.reports_late(year, queryset=queryset)
        if self.value() == "missing":
            return account_services.reports_missing(year, queryset=queryset)
        if self.value() == "filed":
            return account_services.reports_filed(year, queryset=queryset)
        return account_services.report_obligations(year, queryset)


@admin.register(AnnualReportObligation)
class AnnualReportObligationAdmin(admin.ModelAdmin):
    """Authorisations in effect last year: who owes the annual report, and who is late."""

    list_display = ["producer", "product", "status", "approved_on", "valid_until", "deadline"]
    list_filter = [LateReportFilter, "product"]
    search_fields = ["producer__name", "producer__credit_code"]
    list_select_related = ["producer", "product"]
    fields = ["producer", "product", "status", "approved_on", "valid_until"]
    readonly_fields = fields

    @admin.display(description=_("report due by"))
    def deadline(self, obj):
        return annual_report_deadline(last_year())

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# ---------------------------------------------------------------------------------------------
# Self-registrations


class ConfirmForm(forms.Form):
    reason = forms.CharField(
        label=_("note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_(
            "The account is linked to the registered producer with the same credit code, "
            "or the producer is registered from these details (check households for "
            "duplicates first)."
        ),
    )


@admin.register(ProducerSignup)
class ProducerSignupAdmin(NeverDeletedMixin, HistoryAdmin):
    list_display = ["name", "kind", "credit_code", "town", "status", "created_at", "producer"]
    list_filter = ["status", "kind", "town"]
    search_fields = ["name", "credit_code", "legal_representative", "user__username"]
    list_select_related = ["town", "producer"]
    fields = [
        "user",
        "status",
        "kind",
        "name",
        "credit_code",
        "legal_representative",
        "town",
        "address",
        "contact_phone",
        "decision_reason",
        "producer",
        "existing_producer",
    ]
    readonly_fields = fields
    actions = ["confirm_selected", "refuse_selected"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("already registered as"))
    def existing_producer(self, obj):
        producer = (
            Producer.objects.filter(credit_code=obj.credit_code).first()
            if obj.credit_code
            else None
        )
        if producer is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:producers_producer_change", args=[producer.pk]),
            producer,
        )

    def _act(self, request, queryset, *, form_class, title, perform):
        def message(count):
            return ngettext(
                "%(action)s: done for %(count)d registration.",
                "%(action)s: done for %(count)d registrations.",
                count,
            ) % {"action": title, "count": count}

        return confirm_action(
            self,
            request,
            queryset,
            form_class=form_class,
            title=title,
            perform=perform,
            done=message,
        )

    @admin.action(
        description=_("Confirm the selected registrations and open the accounts"),
        permissions=["change"],
    )
    def confirm_selected(self, request, queryset):
        return self._act(
            request,
            queryset,
            form_class=ConfirmForm,
            title=_("Confirm"),
            perform=lambda signup, user, data: account_services.signup_confirm(
                signup=signup, by=user, reason=data["reason"]
            ),
        )

    @admin.action(description=_("Refuse the selected registrations"), permissions=["change"])
    def refuse_selected(self, request, queryset):
        return self._act(
            request,
            queryset,
            form_class=ReasonForm,
            title=_("Refuse"),
            perform=lambda signup, user, data: account_services.signup_refuse(
                signup=signup, by=user, reason=data["reason"]
            ),
        )
