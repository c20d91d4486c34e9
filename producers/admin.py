"""Bureau back-office for producers, their special-mark authorisations, outlets, label
batches and label scans.

Every write that carries a rule goes through producers.services: saving a producer, applying
for an authorisation and each step of its lifecycle; label batches are issued and voided
through producers.label_services. Authorisations and label batches are never deleted here.
Producers and authorisations import from and export to Excel / CSV (producers/imports.py).
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from products.admin import (
    ChangeReasonForm,
    HistoryAdmin,
    ReasonForm,
    confirm_action,
    date_input,
    year_filter,
)
from products.history import save_with_history

from . import label_services, labels, services
from .imports import AuthorisationResource, ImportExportAdminMixin, ProducerResource
from .models import Authorisation, LabelBatch, LabelScan, Outlet, Producer
from .validators import normalise_credit_code


class CreditCodeSearchMixin:
    """The default search, plus the credit code as people type it (lower case, spaces, dashes)."""

    credit_code_field = "credit_code"

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        code = normalise_credit_code(search_term)
        if code and code != search_term.strip() and code.isascii() and code.isalnum():
            results |= queryset.filter(**{f"{self.credit_code_field}__contains": code})
        return results, may_have_duplicates


# ---------------------------------------------------------------------------------------------
# Producers


class AuthorisationInline(admin.TabularInline):
    """The producer's authorisations, for reading: they change only through their own actions."""

    model = Authorisation
    fields = ["product", "status", "applied_on", "approved_on", "valid_until", "open_link"]
    readonly_fields = list(fields)
    extra = 0
    can_delete = False
    show_change_link = False
    verbose_name_plural = _("special-mark authorisations (change them on their own page)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("product")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("authorisation"))
    def open_link(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:producers_authorisation_change", args=[obj.pk]),
            _("open"),
        )


class ProducerAdminForm(ChangeReasonForm):
    # Longer than the 18 characters stored, so that a code typed with spaces or dashes
    # reaches normalisation instead of failing the length check first.
    credit_code = forms.CharField(
        label=Producer._meta.get_field("credit_code").verbose_name,
        help_text=Producer._meta.get_field("credit_code").help_text,
        max_length=40,
        required=False,
    )

    def clean_credit_code(self):
        return normalise_credit_code(self.cleaned_data["credit_code"])


@admin.register(Producer)
class ProducerAdmin(ImportExportAdminMixin, CreditCodeSearchMixin, HistoryAdmin):
    form = ProducerAdminForm
    resource_classes = [ProducerResource]
    list_display = [
        "name",
        "kind",
        "credit_code",
        "town",
        "legal_representative",
        "association_member",
        "is_public",
        "is_example",
    ]
    list_filter = ["kind", "town", "is_public", "is_example", "association_member"]
    search_fields = ["name", "name_en", "search_text", "credit_code", "legal_representative"]
    autocomplete_fields = ["town"]
    # Linking a producer's sign-in account: the lookup needs the auth.view_user permission.
    raw_id_fields = ["user"]
    list_select_related = ["town"]
    inlines = [AuthorisationInline]

    def save_model(self, request, obj, form, change):
        services.producer_save(producer=obj, by=request.user, reason=self.change_reason(form))


# ---------------------------------------------------------------------------------------------
# Authorisations


class AuthorisationAdminForm(ChangeReasonForm):
    def clean(self):
        cleaned_data = super().clean()
        producer, product = cleaned_data.get("producer"), cleaned_data.get("product")
        # The add form leaves status out, so the model cannot check its own constraint here;
        # authorisation_apply would refuse it later, when the form can no longer show why.
        if (
            self.instance._state.adding
            and producer
            and product
            and Authorisation.objects.open().filter(producer=producer, product=product).exists()
        ):
            raise forms.ValidationError(
                _("This producer already has an open authorisation for this product.")
            )
        return cleaned_data


class ApproveForm(ReasonForm):
    announcement_number = forms.CharField(label=_("announcement number"), max_length=100)
    approved_on = forms.DateField(
        label=_("approved on"), initial=timezone.localdate, widget=date_input()
    )
    valid_until = forms.DateField(label=_("valid until"), required=False, widget=date_input())
    annual_quantity_cap = forms.IntegerField(
        label=_("annual label cap"),
        required=False,
        min_value=0,
        help_text=_("Blank keeps the cap as it is (or no cap)."),
    )

    field_order = ["announcement_number", "approved_on", "valid_until", "annual_quantity_cap"]

    def clean(self):
        cleaned_data = super().clean()
        approved_on, valid_until = cleaned_data.get("approved_on"), cleaned_data.get("valid_until")
        if approved_on and valid_until and valid_until < approved_on:
            self.add_error("valid_until", _("The validity cannot end before the approval date."))
        return cleaned_data


LIFECYCLE_FIELDS = [
    "status",
    "status_reason",
    "status_changed_on",
    "announcement_number",
    "approved_on",
]


def done_message(name):
    def message(count):
        return ngettext(
            "%(action)s: done for %(count)d authorisation.",
            "%(action)s: done for %(count)d authorisations.",
            count,
        ) % {"action": services.transition_verb(name).capitalize(), "count": count}

    return message


@admin.register(Authorisation)
class AuthorisationAdmin(ImportExportAdminMixin, CreditCodeSearchMixin, HistoryAdmin):
    credit_code_field = "producer__credit_code"
    form = AuthorisationAdminForm
    resource_classes = [AuthorisationResource]
    list_display = [
        "producer",
        "product",
        "status",
        "applied_on",
        "approved_on",
        "valid_until",
        "annual_quantity_cap",
        "live",
    ]
    list_filter = [
        "product",
        "status",
        ("producer__town", admin.RelatedOnlyFieldListFilter),
        year_filter("approved_on", _("approval year")),
    ]
    search_fields = ["producer__name", "producer__credit_code", "announcement_number"]
    autocomplete_fields = ["producer", "product"]
    list_select_related = ["producer", "product"]
    actions = [
        "review_selected",
        "approve_selected",
        "reject_selected",
        "suspend_selected",
        "reinstate_selected",
        "revoke_selected",
        "expire_selected",
    ]

    def get_search_results(self, request, queryset, search_term):
        # The label batch form's autocomplete offers only authorisations labels can go to.
        if (
            request.GET.get("model_name") == "labelbatch"
            and request.GET.get("field_name") == "authorisation"
        ):
            queryset = queryset.live()
        return super().get_search_results(request, queryset, search_term)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["producer", "product", "applied_on", "annual_quantity_cap", "change_reason"]
        return [
            "producer",
            "product",
            *LIFECYCLE_FIELDS,
            "applied_on",
            "valid_until",
            "annual_quantity_cap",
            "change_reason",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # Only the services move an authorisation along its lifecycle.
        return ["producer", "product", *LIFECYCLE_FIELDS]

    def has_delete_permission(self, request, obj=None):
        return False  # never deleted: every change stays in the history

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        reason = self.change_reason(form)
        if change:
            save_with_history(obj, by=request.user, reason=reason)
            return
        created = services.authorisation_apply(
            producer=obj.producer,
            product=obj.product,
            by=request.user,
            applied_on=obj.applied_on,
            reason=reason,
            annual_quantity_cap=obj.annual_quantity_cap,
        )
        # The admin goes on with obj (change message, redirect): make it the saved row.
        obj.pk = created.pk
        obj._state.adding = False
        obj.refresh_from_db()

    @admin.display(description=_("may use the mark"), boolean=True)
    def live(self, obj):
        return obj.is_live()

    # Lifecycle actions: an intermediate page asks for the reason, then the service runs.

    def _transition(self, request, queryset, name, service, form_class=ReasonForm):
        def perform(authorisation, user, data):
            service(authorisation=authorisation, by=user, **data)

        return confirm_action(
            self,
            request,
            queryset.select_related("producer", "product"),
            form_class=form_class,
            title=services.transition_verb(name).capitalize(),
            perform=perform,
            done=done_message(name),
        )

    @admin.action(
        description=_("Take the selected authorisations under review"), permissions=["change"]
    )
    def review_selected(self, request, queryset):
        return self._transition(request, queryset, "review", services.authorisation_review)

    @admin.action(description=_("Approve the selected authorisations"), permissions=["change"])
    def approve_selected(self, request, queryset):
        return self._transition(
            request, queryset, "approve", services.authorisation_approve, ApproveForm
        )

    @admin.action(description=_("Reject the selected applications"), permissions=["change"])
    def reject_selected(self, request, queryset):
        return self._transition(request, queryset, "reject", services.authorisation_reject)

    @admin.action(description=_("Suspend the selected authorisations"), permissions=["change"])
    def suspend_selected(self, request, queryset):
        return self._transition(request, queryset, "suspend", services.authorisation_suspend)

    @admin.action(description=_("Reinstate the selected authorisations"), permissions=["change"])
    def reinstate_selected(self, request, queryset):
        return self._transition(request, queryset, "reinstate", services.authorisation_reinstate)

    @admin.action(description=_("Revoke the selected authorisations"), permissions=["change"])
    def revoke_selected(self, request, queryset):
        return self._transition(request, queryset, "revoke", services.authorisation_revoke)

    @admin.action(
        description=_("Mark the selected authorisations as expired"), permissions=["change"]
    )
    def expire_selected(self, request, queryset):
        return self._transition(request, queryset, "expire", services.authorisation_expire)


# ---------------------------------------------------------------------------------------------
# Outlets


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "town",
        "producer",
        "address",
        "url",
        "is_public",
        "is_example",
    ]
    list_filter = ["kind", "town", "products", "is_public", "is_example"]
    search_fields = ["name", "name_en", "address", "url", "producer__name"]
    autocomplete_fields = ["town", "producer", "products"]
    list_select_related = ["town", "producer"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "url":
            kwargs["assume_scheme"] = "https"  # shops are on https; Django 6's default too
        return super().formfield_for_dbfield(db_field, request, **kwargs)


# ---------------------------------------------------------------------------------------------
# Label batches and scans
#
# A batch is issued through label_services.label_batch_issue and afterwards only voided
# (label_batch_void); its codes are signed, not stored, so the downloads compute them.


class LabelBatchAddForm(forms.ModelForm):
    """Authorisation, quantity and season; the service issues the batch once they are valid.

    The service runs at the end of validation, not in save_model, so that a refusal (cap
    exceeded, authorisation no longer live) is shown on the form instead of failing later.
    """

    class Meta:
        model = LabelBatch
        fields = ["authorisation", "quantity", "season"]

    user = None  # set by LabelBatchAdmin.get_form
    issued = None

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        data = self.cleaned_data
        try:
            self.issued = label_services.label_batch_issue(
                authorisation=data["authorisation"],
                quantity=data["quantity"],
                season=data["season"],
                by=self.user,
            )
        except ValidationError as error:
            self.add_error(None, error)


class VoidFilter(admin.SimpleListFilter):
    title = _("void")
    parameter_name = "void"

    def lookups(self, request, model_admin):
        return [("yes", _("void")), ("no", _("valid"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(voided_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(voided_at__isnull=True)
        return queryset


def scanned_code(batch, serial):
    return labels.group(labels.encode(batch.key_version, batch.pk, serial))


LABEL_BATCH_FIELDS = [
    "authorisation",
    "season",
    "quantity",
    "key_version",
    "issued_at",
    "issued_by",
    "is_example",
    "voided_at",
    "void_reason",
    "downloads",
    "scans_summary",
]


@admin.register(LabelBatch)
class LabelBatchAdmin(CreditCodeSearchMixin, HistoryAdmin):
    credit_code_field = "authorisation__producer__credit_code"
    add_form = LabelBatchAddForm
    list_display = [
        "id",
        "producer",
        "product",
        "season",
        "quantity",
        "key_version",
        "issued_at",
        "void",
        "codes_scanned",
        "is_example",
        "downloads",
    ]
    list_display_links = ["id"]
    list_filter = [
        "season",
        ("authorisation__product", admin.RelatedOnlyFieldListFilter),
        VoidFilter,
    ]
    search_fields = ["authorisation__producer__name", "authorisation__producer__credit_code"]
    list_select_related = ["authorisation__producer", "authorisation__product"]
    autocomplete_fields = ["authorisation"]
    actions = ["void_selected"]

    def get_queryset(self, request):
        # COUNT … GROUP BY in the list query itself: the scanned column costs no query per row.
        return super().get_queryset(request).annotate(scanned=Count("scans"))

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
            form = super().get_form(request, obj, **kwargs)
            return type(form.__name__, (form,), {"user": request.user})
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["authorisation", "quantity", "season"]
        return LABEL_BATCH_FIELDS

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else LABEL_BATCH_FIELDS

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "authorisation":
            kwargs["queryset"] = Authorisation.objects.live().select_related("producer", "product")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("season", timezone.localdate().year)
        return initial

    def has_change_permission(self, request, obj=None):
        # An issued batch is never edited, only voided (an action that needs "change").
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False  # a batch's codes may be on packages already: void it instead

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        # The form issued the batch through the service; the admin goes on with that row.
        obj.pk = form.issued.pk
        obj._state.adding = False
        obj.refresh_from_db()

    # --- columns -----------------------------------------------------------------------

    @admin.display(description=_("producer"), ordering="authorisation__producer__name")
    def producer(self, obj):
        return obj.authorisation.producer

    @admin.display(description=_("product"), ordering="authorisation__product__name")
    def product(self, obj):
        return obj.authorisation.product

    @admin.display(description=_("void"), boolean=True, ordering="voided_at")
    def void(self, obj):
        return obj.is_void

    @admin.display(description=_("codes scanned"), ordering="scanned")
    def codes_scanned(self, obj):
        scanned = getattr(obj, "scanned", None)
        return obj.scans.count() if scanned is None else scanned

    @admin.display(description=_("downloads"))
    def downloads(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}" target="_blank">{}</a>',
            reverse("admin:producers_labelbatch_csv", args=[obj.pk]),
            _("CSV"),
            reverse("admin:producers_labelbatch_sheet", args=[obj.pk]),
            _("printable sheet"),
        )

    @admin.display(description=_("scans"))
    def scans_summary(self, obj):
        totals = obj.scans.aggregate(codes=Count("pk"), checks=Sum("count"))
        threshold = settings.LABEL_SCAN_WARNING_THRESHOLD
        summary = format_html(
            "<p>{}</p>",
            _(
                "%(codes)s codes of this batch have been checked, %(checks)s checks in all. "
                "Codes checked more than %(threshold)s times:"
            )
            % {"codes": totals["codes"], "checks": totals["checks"] or 0, "threshold": threshold},
        )
        suspicious = obj.scans.filter(count__gt=threshold).order_by("-count", "serial")[:200]
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    scan.serial,
                    scanned_code(obj, scan.serial),
                    scan.count,
                    timezone.localtime(scan.first_scanned_at).strftime("%Y-%m-%d %H:%M"),
                    timezone.localtime(scan.last_scanned_at).strftime("%Y-%m-%d %H:%M"),
                )
                for scan in suspicious
            ),
        )
        if not rows:
            return summary + format_html("<p>{}</p>", _("None."))
        return summary + format_html(
            '<table class="label-scans"><thead><tr><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
            '<th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
            _("serial"),
            _("code"),
            _("times checked"),
            _("first checked at"),
            _("last checked at"),
            rows,
        )

    # --- actions -----------------------------------------------------------------------

    @admin.action(description=_("Void the selected label batches"), permissions=["change"])
    def void_selected(self, request, queryset):
        return confirm_action(
            self,
            request,
            queryset.select_related("authorisation__producer", "authorisation__product"),
            form_class=ReasonForm,
            title=_("Void label batches"),
            perform=lambda batch, user, data: label_services.label_batch_void(
                batch=batch, by=user, reason=data["reason"]
            ),
            done=lambda count: (
                ngettext("%(count)d label batch voided.", "%(count)d label batches voided.", count)
                % {"count": count}
            ),
        )

    # --- downloads ---------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/labels.csv", view(self.csv_view), name="producers_labelbatch_csv"),
            path("<int:pk>/sheet/", view(self.sheet_view), name="producers_labelbatch_sheet"),
            *super().get_urls(),
        ]

    def _viewable_batch(self, request, pk):
        batch = get_object_or_404(
            LabelBatch.objects.select_related("authorisation__producer", "authorisation__product"),
            pk=pk,
        )
        if not self.has_view_permission(request, batch):
            raise PermissionDenied
        return batch

    def csv_view(self, request, pk):
        batch = self._viewable_batch(request, pk)
        response = StreamingHttpResponse(
            labels.iter_label_csv(batch), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="batch-{batch.pk}.csv"'
        return response

    def sheet_view(self, request, pk):
        batch = self._viewable_batch(request, pk)
        start = _non_negative(request.GET.get("start"), 0)
        count = _non_negative(request.GET.get("count"), labels.SHEET_DEFAULT_COUNT)
        return HttpResponse(labels.render_label_sheet(batch, start=start, count=count))


def _non_negative(value, default):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if number >= 0 else default


class LabelCodeSearchMixin:
    """Finds a scan row by its label code, as printed or typed."""

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        decoded = labels.decode(search_term) if search_term.strip() else None
        if decoded is not None and decoded.is_genuine:
            results |= queryset.filter(batch_id=decoded.batch_id, serial=decoded.serial)
        return results, may_have_duplicates


@admin.register(LabelScan)
class LabelScanAdmin(LabelCodeSearchMixin, admin.ModelAdmin):
    """Read-only: rows are written by the public verification page, one per code checked."""

    list_display = ["batch_link", "serial", "code", "count", "first_scanned_at", "last_scanned_at"]
    list_filter = [("batch__authorisation__product", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["batch__authorisation__producer__name"]
    list_select_related = ["batch"]
    ordering = ["-count", "batch", "serial"]
    fields = ["batch", "serial", "code", "count", "first_scanned_at", "last_scanned_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("label batch"), ordering="batch")
    def batch_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:producers_labelbatch_change", args=[obj.batch_id]),
            obj.batch_id,
        )

    @admin.display(description=_("code"))
    def code(self, obj):
        return scanned_code(obj.batch, obj.serial)


from . import admin_applications  # noqa: E402,F401
