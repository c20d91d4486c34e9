"""Back-office for consumer complaints. What the complainant wrote is never edited here:
staff move the status, reply and link an enforcement case, each through its service; the
secret's hash is never shown."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.forms.models import BaseInlineFormSet
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from producers.labels import codes
from shanting_gi.core.admin import (
    HistoryAdmin,
    NeverDeletedMixin,
    ObjectAction,
    ObjectActionsMixin,
    apply_each,
    confirm_action,
    date_input,
    error_text,
)
from shanting_gi.core.history import save_with_history

from .. import services
from ..models import (
    Complaint,
    ComplaintPhoto,
    ComplaintReply,
    ComplaintStatus,
    ViolationType,
)


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
    "label_code_link",
    "contact_name",
    "contact_phone",
    "contact_email",
    "photos",
]

# One-click moves that decide nothing final; closing asks on a page of its own.
STATUS_BUTTONS = {
    ComplaintStatus.ACCEPTED: _("Accept"),
    ComplaintStatus.INVESTIGATING: _("Start investigating"),
}


class CloseComplaintForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for closing"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_(
            "Needed unless the complainant has had a reply. Kept in the history with your "
            "name and the time."
        ),
    )


class ComplaintCaseForm(forms.Form):
    case_number = forms.CharField(label=_("case number"), max_length=60)
    violation_type = forms.ChoiceField(
        label=_("violation"),
        choices=ViolationType.choices,
        initial=ViolationType.UNAUTHORISED_USE,
    )
    opened_on = forms.DateField(label=_("opened on"), widget=date_input())
    summary = forms.CharField(
        label=_("summary"), required=False, widget=forms.Textarea(attrs={"rows": 4, "cols": 60})
    )


def close_complaint(complaint, user, data):
    services.complaint_set_status(
        complaint=complaint, status=ComplaintStatus.CLOSED, by=user, reason=data["reason"]
    )


COMPLAINT_ACTIONS = [
    ObjectAction(
        name="close",
        label=_("Close"),
        form_class=CloseComplaintForm,
        allowed=lambda complaint: (
            ComplaintStatus.CLOSED
            in services.COMPLAINT_TRANSITIONS[ComplaintStatus(complaint.status)]
        ),
        help=_("Close this complaint? The complainant sees it as closed when tracking it."),
        perform=close_complaint,
        done=lambda complaint: _("The complaint is closed."),
    ),
    ObjectAction(
        name="open-case",
        label=_("Open an enforcement case"),
        form_class=ComplaintCaseForm,
        allowed=lambda complaint: complaint.enforcement_case_id is None,
        initial=lambda complaint: {
            "opened_on": timezone.localdate(),
            "summary": _("Opened from complaint %(tracking)s: %(text)s")
            % {"tracking": complaint.tracking_number, "text": complaint.description[:200]},
        },
        help=_(
            "The case takes the complaint's product, label code and, for a genuine code, the "
            "producer of its batch (otherwise the seller), and is linked to the complaint."
        ),
        perform=lambda complaint, user, data: services.enforcement_case_open(
            by=user, complaint=complaint, **data
        ),
    ),
]


@admin.register(Complaint)
class ComplaintAdmin(ObjectActionsMixin, NeverDeletedMixin, HistoryAdmin):
    # Never deleted: the complainant can still look it up.
    list_display = [
        "tracking_number",
        "problem",
        "product",
        "producer",
        "status",
        "created_at",
        "with_photos",
        "enforcement_case",
    ]
    list_filter = ["status", "product", "created_at", HasPhotosFilter]
    search_fields = ["tracking_number", "label_code", "seller", "description", "bought_where"]
    list_select_related = ["product", "enforcement_case", "label_batch__authorisation__producer"]
    object_actions = COMPLAINT_ACTIONS
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
                    "label_code_link",
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

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        decoded = codes.decode(search_term) if search_term.strip() else None
        if decoded is not None and decoded.is_genuine:
            # A code as printed or typed finds every complaint quoting its batch.
            results |= queryset.filter(label_batch_id=decoded.batch_id)
        return results, may_have_duplicates

    def lookup_allowed(self, lookup, value, request=None):
        # The authorisation page links to the complaints quoting its labels.
        if lookup == "label_batch__authorisation__id__exact":
            return True
        return super().lookup_allowed(lookup, value, request)

    @admin.display(description=_("what is wrong"))
    def problem(self, obj):
        text = " ".join(obj.description.split())
        return text if len(text) <= 40 else text[:40] + "…"

    @admin.display(description=_("producer"))
    def producer(self, obj):
        batch = obj.label_batch
        return batch.authorisation.producer if batch is not None else "—"

    @admin.display(description=_("label code"))
    def label_code_link(self, obj):
        if not obj.label_code:
            return "—"
        batch = obj.label_batch
        if batch is None:
            outcome = codes.decode(obj.label_code).outcome
            note = {
                "forged": _("not a genuine code"),
                "mistyped": _("mistyped: the check character does not match"),
                "malformed": _("not a label code"),
            }.get(outcome, _("its batch no longer exists"))
            return format_html("<code>{}</code> ({})", obj.label_code, note)
        producer = batch.authorisation.producer
        return format_html(
            '<code>{}</code> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            obj.label_code,
            reverse("admin:labels_labelbatch_change", args=[batch.pk]),
            batch,
            reverse("admin:producers_producer_change", args=[producer.pk]),
            producer,
        )

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
                if status in STATUS_BUTTONS
                and status in services.COMPLAINT_TRANSITIONS[ComplaintStatus(obj.status)]
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
        return confirm_action(
            self,
            request,
            queryset,
            form_class=CloseComplaintForm,
            title=_("Close complaints"),
            perform=close_complaint,
            done=lambda count: (
                ngettext(
                    "%(count)d complaint is now %(status)s.",
                    "%(count)d complaints are now %(status)s.",
                    count,
                )
                % {"count": count, "status": ComplaintStatus.CLOSED.label}
            ),
        )
