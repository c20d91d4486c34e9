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
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from producers.accounts import services as account_services
from producers.accounts.views import document_response
from producers.register.admin import authorisation_related_links
from producers.register.forms import ApproveForm
from producers.register.models import Producer
from shanting_gi.core.admin import (
    ChangeReasonForm,
    HistoryAdmin,
    NeverDeletedMixin,
    ObjectAction,
    ObjectActionsMixin,
    ReadOnlyInline,
    ReasonForm,
    apply_each,
    confirm_action,
)

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


def _decidable(application):
    return application.status in account_services.DECIDABLE


APPLICATION_ACTIONS = [
    ObjectAction(
        name="approve",
        label=_("Approve"),
        form_class=ApproveForm,
        allowed=lambda a: _decidable(a) and a.authorisation_id is not None,
        perform=lambda application, user, data: (
            account_services.application_approve(application=application, by=user, **data) and None
        ),
    ),
    ObjectAction(
        name="request-info",
        label=_("Ask for more information"),
        form_class=QuestionForm,
        allowed=_decidable,
        perform=lambda application, user, data: (
            account_services.application_request_info(
                application=application, by=user, question=data["question"]
            )
            and None
        ),
    ),
    ObjectAction(
        name="reject",
        label=_("Reject"),
        form_class=ReasonForm,
        allowed=_decidable,
        perform=lambda application, user, data: (
            account_services.application_reject(
                application=application, by=user, reason=data["reason"]
            )
            and None
        ),
    ),
]


@authorisation_related_links
def _application_of(authorisation):
    application = Application.objects.filter(authorisation=authorisation).first()
    if application is None:
        return []
    return [
        (
            str(application),
            reverse("admin:accounts_application_change", args=[application.pk]),
            None,
        )
    ]


@admin.register(Application)
class ApplicationAdmin(ObjectActionsMixin, NeverDeletedMixin, HistoryAdmin):
    object_actions = APPLICATION_ACTIONS
    list_display = ["number", "producer", "product", "status", "submitted_at", "decided_at"]
    list_display_links = ["number", "producer"]
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

    @admin.display(description=_("No."), ordering="pk")
    def number(self, obj):
        return obj.pk

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


class AnnualUseReportForm(ChangeReasonForm):
    """A report entered or corrected by the bureau, checked like the producer's own
    (authorisation period, labels issued, cap) before anything is saved."""

    class Meta:
        model = AnnualUseReport
        fields = ["producer", "product", "year", "labels_used", "quantity_sold_kg", "notes"]

    def clean(self):
        cleaned_data = super().clean()
        instance = self.instance
        producer = cleaned_data.get("producer", getattr(instance, "producer", None))
        product = cleaned_data.get("product", getattr(instance, "product", None))
        year = cleaned_data.get("year", instance.year)
        labels_used = cleaned_data.get("labels_used")
        if instance.pk and instance.is_accepted:
            raise forms.ValidationError(
                _("The bureau has accepted this report; ask the bureau to correct it.")
            )
        if producer and product and year and labels_used is not None:
            try:
                account_services.annual_report_check(
                    producer=producer, product=product, year=year, labels_used=labels_used
                )
            except forms.ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        self.add_error(field if field in self.fields else None, errors)
                else:
                    self.add_error(None, error)
        return cleaned_data


def accept_report(report, user, data=None):
    account_services.annual_report_accept(report=report, by=user)


@admin.register(AnnualUseReport)
class AnnualUseReportAdmin(ObjectActionsMixin, HistoryAdmin):
    form = AnnualUseReportForm
    list_display = [
        "producer",
        "product",
        "year",
        "labels_used",
        "quantity_sold_kg",
        "submitted_at",
        "late",
        "accepted",
    ]
    list_filter = ["year", "product", ReportTimelinessFilter]
    search_fields = ["producer__name", "producer__credit_code"]
    list_select_related = ["producer", "product"]
    autocomplete_fields = ["producer", "product"]
    readonly_fields = ["submitted_by", "accepted_at", "accepted_by"]
    actions = ["accept_selected"]
    object_actions = [
        ObjectAction(
            name="accept",
            label=_("Accept the report"),
            form_class=forms.Form,
            allowed=lambda report: not report.is_accepted,
            help=_("Once accepted, the producer can no longer correct the report."),
            perform=accept_report,
        )
    ]

    @admin.display(description=_("filed late"), boolean=True)
    def late(self, obj):
        return obj.is_late

    @admin.display(description=_("accepted"), boolean=True, ordering="accepted_at")
    def accepted(self, obj):
        return obj.is_accepted

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        if obj.is_accepted:
            return [*AnnualUseReportForm.Meta.fields, *self.readonly_fields]
        return ["producer", "product", "year", *self.readonly_fields]

    def save_model(self, request, obj, form, change):
        reason = self.change_reason(form)
        if change:
            account_services.annual_report_correct(
                report=obj,
                by=request.user,
                labels_used=obj.labels_used,
                quantity_sold_kg=obj.quantity_sold_kg,
                notes=obj.notes,
                reason=reason,
            )
            return
        created = account_services.annual_report_submit(
            producer=obj.producer,
            product=obj.product,
            year=obj.year,
            labels_used=obj.labels_used,
            quantity_sold_kg=obj.quantity_sold_kg,
            notes=obj.notes,
            by=request.user,
        )
        obj.pk = created.pk
        obj._state.adding = False
        obj.refresh_from_db()

    @admin.action(description=_("Accept the selected reports"), permissions=["change"])
    def accept_selected(self, request, queryset):
        apply_each(
            self,
            request,
            queryset,
            lambda report: accept_report(report, request.user),
            lambda count: (
                ngettext("%(count)d report accepted.", "%(count)d reports accepted.", count)
                % {"count": count}
            ),
        )


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


def signup_candidates(signup):
    """Registered producers this registration may be: the same credit code, or the same
    name in the same town at the same address or phone (a household without a code)."""
    by_code = (
        Producer.objects.filter(credit_code=signup.credit_code)
        if signup.credit_code
        else Producer.objects.none()
    )
    probe = Producer(
        name=signup.name,
        town_id=signup.town_id,
        address=signup.address,
        private_phone=signup.contact_phone,
    )
    return (by_code | probe.likely_duplicates()).filter(user__isnull=True).distinct()


class SignupConfirmForm(ConfirmForm):
    producer = forms.ModelChoiceField(
        label=_("link to the registered producer"),
        queryset=Producer.objects.none(),
        required=False,
        help_text=_("Leave empty to register a new producer from these details."),
    )
    duplicate_reason = forms.CharField(
        label=_("why this is not a duplicate"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_("Needed only to register a new producer that looks like a registered one."),
    )

    def __init__(self, *args, signup, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["producer"].queryset = signup_candidates(signup)
        self.order_fields(["producer", "duplicate_reason", "reason"])


def confirm_signup(signup, user, data):
    account_services.signup_confirm(
        signup=signup,
        by=user,
        reason=data.get("reason", ""),
        producer=data.get("producer"),
        duplicate_reason=data.get("duplicate_reason", ""),
    )


SIGNUP_ACTIONS = [
    ObjectAction(
        name="confirm",
        label=_("Confirm and open the account"),
        form_class=SignupConfirmForm,
        form_kwargs=lambda signup: {"signup": signup},
        initial=lambda signup: {"producer": signup_candidates(signup).first()},
        allowed=lambda signup: signup.status == "pending",
        perform=confirm_signup,
    ),
    ObjectAction(
        name="refuse",
        label=_("Refuse"),
        form_class=ReasonForm,
        allowed=lambda signup: signup.status == "pending",
        perform=lambda signup, user, data: (
            account_services.signup_refuse(signup=signup, by=user, reason=data["reason"]) and None
        ),
    ),
]


@admin.register(ProducerSignup)
class ProducerSignupAdmin(ObjectActionsMixin, NeverDeletedMixin, HistoryAdmin):
    object_actions = SIGNUP_ACTIONS
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
        candidates = list(signup_candidates(obj)[:5]) if obj.status == "pending" else []
        if not candidates:
            return "—"
        return format_html_join(
            "、",
            '<a href="{}">{}</a>',
            ((reverse("admin:producers_producer_change", args=[p.pk]), p) for p in candidates),
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
