"""Bureau back-office for producers, their special-mark authorisations and outlets.

Every write that carries a rule goes through producers.register.services: saving a
producer, applying for an authorisation and each step of its lifecycle. Authorisations are
never deleted. Producers and authorisations import from and export to Excel / CSV
(imports.py).
"""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from producers.register import services
from producers.register.imports import (
    AuthorisationResource,
    ImportExportAdminMixin,
    ProducerResource,
)
from producers.register.validators import normalise_credit_code
from shanting_gi.core.admin import (
    ChangeReasonForm,
    HistoryAdmin,
    NeverDeletedMixin,
    ObjectAction,
    ObjectActionsMixin,
    ReasonForm,
    confirm_action,
    year_filter,
)
from shanting_gi.core.history import save_with_history

from .forms import ApproveForm
from .models import Authorisation, Outlet, Producer


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

    duplicate_reason = forms.CharField(
        label=_("why this is not a duplicate"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Only when the register already has a producer with this name in this town at "
            "this address or phone: say why this one is different."
        ),
    )

    def clean_credit_code(self):
        return normalise_credit_code(self.cleaned_data["credit_code"])

    def _post_clean(self):
        super()._post_clean()
        if self.errors or not self.instance._state.adding:
            return
        duplicates = list(self.instance.likely_duplicates()[:5])
        if duplicates and not (self.cleaned_data.get("duplicate_reason") or "").strip():
            links = format_html_join(
                "、",
                '<a href="{}">{}（{}）</a>',
                (
                    (
                        reverse("admin:producers_producer_change", args=[p.pk]),
                        p.name,
                        p.address or p.private_phone,
                    )
                    for p in duplicates
                ),
            )
            self.add_error(
                None,
                format_html(
                    "{} {}",
                    _("This looks like a producer already registered:"),
                    links,
                )
                + format_html(
                    " {}",
                    _("Open that record instead, or say below why this is a different producer."),
                ),
            )


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
    search_fields = [
        "name",
        "name_en",
        "search_text",
        "credit_code",
        "legal_representative",
        "address",
        "public_contact",
        "private_phone",
    ]
    search_help_text = _("Name (or its pinyin), credit code, village or address, phone.")
    autocomplete_fields = ["town"]
    # Linking a producer's sign-in account: the lookup needs the auth.view_user permission.
    raw_id_fields = ["user"]
    list_select_related = ["town"]
    inlines = [AuthorisationInline]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if obj is None else [f for f in fields if f != "duplicate_reason"]

    def save_model(self, request, obj, form, change):
        services.producer_save(
            producer=obj,
            by=request.user,
            reason=self.change_reason(form),
            duplicate_reason=form.cleaned_data.get("duplicate_reason", ""),
        )


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


TRANSITION_SERVICES = {
    "review": (services.authorisation_review, ReasonForm),
    "approve": (services.authorisation_approve, ApproveForm),
    "reject": (services.authorisation_reject, ReasonForm),
    "suspend": (services.authorisation_suspend, ReasonForm),
    "reinstate": (services.authorisation_reinstate, ReasonForm),
    "revoke": (services.authorisation_revoke, ReasonForm),
    "expire": (services.authorisation_expire, ReasonForm),
}


def _transition_action(name):
    service, form_class = TRANSITION_SERVICES[name]
    return ObjectAction(
        name=name,
        label=services.transition_verb(name).capitalize(),
        form_class=form_class,
        allowed=lambda authorisation: name in services.allowed_transitions(authorisation),
        perform=lambda authorisation, user, data: (
            service(authorisation=authorisation, by=user, **data) and None
        ),
        done=lambda authorisation: done_message(name)(1),
    )


def related_link(url, label, count):
    return format_html('<a href="{}">{}</a> ({})', url, label, count)


_related_providers = []


def authorisation_related_links(provider):
    """Register provider(authorisation) -> [(label, admin URL, count or None)]: the apps
    above the register (labels, inspections, accounts) list their records on the
    authorisation's page without the register knowing them."""
    if provider not in _related_providers:
        _related_providers.append(provider)
    return provider


@admin.register(Authorisation)
class AuthorisationAdmin(
    ObjectActionsMixin,
    # Never deleted: every change stays in the history.
    NeverDeletedMixin,
    ImportExportAdminMixin,
    CreditCodeSearchMixin,
    HistoryAdmin,
):
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
    search_fields = [
        "producer__name",
        "producer__credit_code",
        "producer__address",
        "announcement_number",
    ]
    autocomplete_fields = ["producer", "product"]
    list_select_related = ["producer", "product"]
    object_actions = [_transition_action(name) for name in TRANSITION_SERVICES]
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
            "related_records",
            "change_reason",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # Only the services move an authorisation along its lifecycle.
        return ["producer", "product", *LIFECYCLE_FIELDS, "related_records"]

    @admin.display(description=_("related records"))
    def related_records(self, obj):
        """Links to what hangs off the authorisation (label batches, scans, complaints,
        spot-checks, the application), each a filtered list with its count. The apps above
        the register add their links with authorisation_related_links()."""
        links = [
            related_link(url, label, count)
            if count is not None
            else format_html('<a href="{}">{}</a>', url, label)
            for provider in _related_providers
            for label, url, count in provider(obj)
        ]
        return format_html_join(mark_safe("<br>"), "{}", ((link,) for link in links)) or "—"

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
