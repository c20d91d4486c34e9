"""Back-office for label batches and the scans of their codes.

A batch is issued through labels.services.label_batch_issue and afterwards only voided
(label_batch_void); its codes are signed, not stored, so the downloads compute them.
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

from producers.register.admin import CreditCodeSearchMixin, authorisation_related_links
from producers.register.models import Authorisation
from shanting_gi.core.admin import HistoryAdmin, NeverDeletedMixin, ReasonForm, confirm_action
from shanting_gi.core.streaming import chunked

from . import codes, pdf, services
from .models import LabelBatch, LabelScan


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
            self.issued = services.label_batch_issue(
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
    return codes.group(codes.encode(batch.key_version, batch.pk, serial))


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
class LabelBatchAdmin(NeverDeletedMixin, CreditCodeSearchMixin, HistoryAdmin):
    # Never deleted: a batch's codes may be on packages already; void it instead.
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
    search_fields = [
        "authorisation__producer__name",
        "authorisation__producer__credit_code",
        "authorisation__producer__address",
    ]
    search_help_text = _("Producer, credit code, address, or a label code as printed.")
    list_select_related = ["authorisation__producer", "authorisation__product"]
    autocomplete_fields = ["authorisation"]
    actions = ["void_selected"]

    def get_queryset(self, request):
        # COUNT … GROUP BY in the list query itself: the scanned column costs no query per row.
        return super().get_queryset(request).annotate(scanned=Count("scans"))

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        decoded = codes.decode(search_term) if search_term.strip() else None
        if decoded is not None and decoded.is_genuine:
            # A label code as printed or typed finds its batch: the code carries the batch.
            results |= queryset.filter(pk=decoded.batch_id)
        return results, may_have_duplicates

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
        pages = -(-obj.quantity // pdf.LABELS_PER_PAGE)
        return format_html(
            '<a href="{}" class="label-pdf">{}</a> · <a href="{}">{}</a> · '
            '<a href="{}" target="_blank">{}</a>',
            reverse("admin:labels_labelbatch_pdf", args=[obj.pk]),
            ngettext(
                "PDF for printing (%(pages)s page)", "PDF for printing (%(pages)s pages)", pages
            )
            % {"pages": f"{pages:,}"},
            reverse("admin:labels_labelbatch_csv", args=[obj.pk]),
            _("CSV"),
            reverse("admin:labels_labelbatch_sheet", args=[obj.pk]),
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
            perform=lambda batch, user, data: services.label_batch_void(
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
            path("<int:pk>/labels.csv", view(self.csv_view), name="labels_labelbatch_csv"),
            path("<int:pk>/sheet/", view(self.sheet_view), name="labels_labelbatch_sheet"),
            path("<int:pk>/labels.pdf", view(self.pdf_view), name="labels_labelbatch_pdf"),
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
            chunked(codes.iter_label_csv(batch)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="batch-{batch.pk}.csv"'
        return response

    def sheet_view(self, request, pk):
        batch = self._viewable_batch(request, pk)
        start = _non_negative(request.GET.get("start"), 0)
        count = _non_negative(request.GET.get("count"), codes.SHEET_DEFAULT_COUNT)
        # Whole pages: a range printed in parts never leaves a half-empty sheet.
        start, count = pdf.page_range(batch.quantity, start, min(count, codes.SHEET_MAX_COUNT))
        return HttpResponse(codes.render_label_sheet(batch, start=start, count=count))

    def pdf_view(self, request, pk):
        """The whole batch (or ?start=&count=, widened to whole pages) as one A4 PDF,
        streamed page by page: a 10,000-label batch is one download in flat memory."""
        batch = self._viewable_batch(request, pk)
        start = _non_negative(request.GET.get("start"), 0)
        count = request.GET.get("count")
        count = _non_negative(count, None) if count not in (None, "") else None
        start, count = pdf.page_range(batch.quantity, start, count)
        response = StreamingHttpResponse(
            pdf.iter_label_pdf(batch, start, count), content_type="application/pdf"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{pdf.pdf_filename(batch, start, count)}"'
        )
        return response


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
        decoded = codes.decode(search_term) if search_term.strip() else None
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

    def lookup_allowed(self, lookup, value, request=None):
        # The authorisation's page links to the scans of its labels.
        if lookup == "batch__authorisation__id__exact":
            return True
        return super().lookup_allowed(lookup, value, request)

    @admin.display(description=_("label batch"), ordering="batch")
    def batch_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:labels_labelbatch_change", args=[obj.batch_id]),
            obj.batch_id,
        )

    @admin.display(description=_("code"))
    def code(self, obj):
        return scanned_code(obj.batch, obj.serial)


@authorisation_related_links
def _batches_and_scans(authorisation):
    batches = reverse("admin:labels_labelbatch_changelist")
    scans = reverse("admin:labels_labelscan_changelist")
    issue = []
    if authorisation.is_live():
        issue.append(
            (
                _("Issue a label batch"),
                f"{reverse('admin:labels_labelbatch_add')}?authorisation={authorisation.pk}",
                None,
            )
        )
    return issue + [
        (
            _("label batches"),
            f"{batches}?authorisation__id__exact={authorisation.pk}",
            LabelBatch.objects.filter(authorisation=authorisation).count(),
        ),
        (
            _("label scans"),
            f"{scans}?batch__authorisation__id__exact={authorisation.pk}",
            LabelScan.objects.filter(batch__authorisation=authorisation).count(),
        ),
    ]
