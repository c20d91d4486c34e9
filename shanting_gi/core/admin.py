"""Helpers for every app's back-office. Registers no model.

- HistoryAdmin with ChangeReasonForm: each save records who, when and the reason given;
- NeverDeletedMixin: records that stay for the audit (authorisations, cases, complaints …);
- ReadOnlyInline: related rows shown for reading;
- apply_each and confirm_action: an admin action that calls a service row by row, after an
  intermediate page asking for the reason (and whatever else the service needs);
- publication_actions: the publish and withdraw actions of a record the public sees;
- ObjectAction and ObjectActionsMixin: the same actions as buttons on the record's own
  page, each asking on a page of its own (the same form) before it calls the service;
- year_filter, date_input, error_text: small pieces the admins share.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper


def boolean_icon(value):
    """Django's yes/no/unknown icon of the admin, with its alt text in words (是 / 否 /
    未知) instead of Python's True / False / None."""
    from django.templatetags.static import static
    from django.utils.html import format_html

    name = {True: "yes", False: "no", None: "unknown"}[value]
    text = {True: _("yes"), False: _("no"), None: _("unknown")}[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{name}.svg"), text)


def year_filter(field_name, title):
    """A list filter offering the years that occur in a date field of the changelist."""

    class YearFilter(admin.SimpleListFilter):
        parameter_name = f"{field_name}_year"

        def lookups(self, request, model_admin):
            dates = model_admin.get_queryset(request).dates(field_name, "year", order="DESC")
            return [(str(day.year), str(day.year)) for day in dates]

        def queryset(self, request, queryset):
            value = self.value()
            if value and value.isdigit():
                return queryset.filter(**{f"{field_name}__year": int(value)})
            return queryset

    YearFilter.title = title
    YearFilter.__name__ = f"{field_name.title().replace('_', '')}YearFilter"
    return YearFilter


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def error_text(error):
    return " ".join(str(message) for message in error.messages)


class ChangeReasonForm(forms.ModelForm):
    """Adds the reason a member of staff gives for a change; it is kept in the history."""

    change_reason = forms.CharField(
        label=_("reason for this change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the history together with your name and the time."),
    )


def person_name(user):
    """A member of staff as colleagues call them: 李文书 (family name first, no space) for
    a Chinese name, "First Last" otherwise, the user name when no name is recorded."""
    if user is None:
        return ""
    family, given = (user.last_name or "").strip(), (user.first_name or "").strip()
    if not (family or given):
        return user.get_username()
    if any("\u3400" <= ch <= "\u9fff" for ch in family + given):
        return f"{family}{given}"
    return f"{given} {family}".strip()


class PlainValuesHelper(HistoricalRecordContextHelper):
    """History changes as a clerk reads them: choice labels rather than stored values
    ("已核准 → 已暂停", not "approved → suspended"), 是/否 for yes/no, and a dash for a
    blank rather than "None"."""

    BLANK = "—"

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if isinstance(value, DeletedObject):
            if value.pk is None:
                return self.BLANK
            return str(
                _("%(kind)s no. %(pk)s, since deleted")
                % {"kind": value.model._meta.verbose_name, "pk": value.pk}
            )
        if value is None or value == "" or value == []:
            return self.BLANK
        if getattr(field, "choices", None):
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(field, models.BooleanField):
            return str(_("yes") if value else _("no"))
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        if isinstance(value, datetime.date):
            return value.isoformat()
        return super().prepare_delta_change_value(change, value)


def _valid_id(field, value):
    try:
        field.to_python(value)
    except (ValidationError, ValueError, TypeError):
        return False
    return True


class HistoryAdmin(SimpleHistoryAdmin):
    """A model admin whose history page shows who changed what, when and why — by name,
    in plain values — and answers a mistyped history address with 404, not an error."""

    form = ChangeReasonForm

    @staticmethod
    def change_reason(form):
        return (form.cleaned_data.get("change_reason") or "").strip()

    def get_fields(self, request, obj=None):
        return self._without_reason_when_read_only(request, obj, super().get_fields(request, obj))

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return [
            (
                name,
                {
                    **options,
                    "fields": self._without_reason_when_read_only(
                        request, obj, options.get("fields", ())
                    ),
                },
            )
            for name, options in fieldsets
        ]

    def _without_reason_when_read_only(self, request, obj, fields):
        # Someone who may only read the record gives no reason for a change.
        if obj is None or self.has_change_permission(request, obj):
            return fields
        return [
            f
            for f in fields
            if f != "change_reason" and not (isinstance(f, tuple) and "change_reason" in f)
        ]

    def get_historical_record_context_helper(self, request, historical_record):
        return PlainValuesHelper(self.model, historical_record)

    def history_view(self, request, object_id, extra_context=None):
        if not _valid_id(self.model._meta.pk, unquote(object_id)):
            raise Http404(_("There is no such record."))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        history_model = self.model.history.model
        if not (
            _valid_id(self.model._meta.pk, unquote(object_id))
            and _valid_id(history_model._meta.pk, version_id)
        ):
            raise Http404(_("There is no such record."))
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        obj._change_reason = self.change_reason(form)
        super().save_model(request, obj, form, change)


class NeverDeletedMixin:
    """For records the audit needs whole: no delete button, no bulk delete action."""

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class ReadOnlyInline(admin.TabularInline):
    """Related rows for reading: they change only through their own pages or services."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReasonForm(forms.Form):
    """The intermediate page of an admin action that needs the reason for the change."""

    reason = forms.CharField(
        label=_("reason"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Kept in the history together with your name and the time."),
    )


def apply_each(modeladmin, request, queryset, perform, done):
    """Call perform(obj) for each row. A ValidationError for one row is reported under that
    row's name and the other rows still proceed; done(count) is the success message."""
    count = 0
    for obj in queryset:
        try:
            perform(obj)
        except ValidationError as error:
            modeladmin.message_user(
                request,
                _("%(object)s: %(error)s") % {"object": obj, "error": error_text(error)},
                level=messages.ERROR,
            )
        else:
            count += 1
    if count:
        modeladmin.message_user(request, done(count), level=messages.SUCCESS)


def confirm_action(modeladmin, request, queryset, *, form_class, title, perform, done):
    """Ask for the action's details on an intermediate page, then apply it row by row.

    `perform(obj, user, cleaned_data)` calls the service (see apply_each for what happens
    when one row is refused); `done(count)` returns the success message.
    """
    if "apply" in request.POST:
        form = form_class(request.POST)
        if form.is_valid():
            apply_each(
                modeladmin,
                request,
                queryset,
                lambda obj: perform(obj, request.user, form.cleaned_data),
                done,
            )
            return None  # back to the changelist
    else:
        form = form_class()
    opts = modeladmin.model._meta
    request.current_app = modeladmin.admin_site.name
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "subtitle": None,
        "opts": opts,
        "queryset": queryset,
        "form": form,
        "action": request.POST.get("action", ""),
        "select_across": request.POST.get("select_across", "0"),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": modeladmin.media + form.media,
    }
    return TemplateResponse(request, "admin/action_form.html", context)


def publication_actions(*, publish, unpublish, published, withdrawn, publish_label, withdraw_label):
    """The publish and withdraw-from-publication actions of a record the public sees.

    publish(obj, user) and unpublish(obj, user, reason) call the services; published(count)
    and withdrawn(count) are the success messages. Withdrawing asks for the reason.
    """

    @admin.action(description=publish_label, permissions=["change"])
    def publish_selected(modeladmin, request, queryset):
        apply_each(modeladmin, request, queryset, lambda obj: publish(obj, request.user), published)

    @admin.action(description=withdraw_label, permissions=["change"])
    def unpublish_selected(modeladmin, request, queryset):
        return confirm_action(
            modeladmin,
            request,
            queryset,
            form_class=ReasonForm,
            title=_("Withdraw from publication"),
            perform=lambda obj, user, data: unpublish(obj, user, data["reason"]),
            done=withdrawn,
        )

    return publish_selected, unpublish_selected


@dataclass
class ObjectAction:
    """A button on a record's change page that runs a service after a page of its own.

    perform(obj, user, cleaned_data) calls the service and may return the record to go to
    next (default: back to this one); allowed(obj) says when the button shows; initial(obj)
    prefills the form; done(obj) is the success message.
    """

    name: str
    label: Any
    form_class: type
    perform: Any
    allowed: Any = None
    initial: Any = None
    done: Any = None
    help: Any = ""
    form_kwargs: Any = None  # form_kwargs(obj) -> extra keyword arguments of the form

    def is_allowed(self, obj):
        return self.allowed is None or bool(self.allowed(obj))


class ObjectActionsMixin:
    """Buttons for a record's lifecycle on its change page (get_object_actions), each one
    leading to <pk>/act/<name>/: the action's form, then its service, then back."""

    change_form_template = "admin/object_actions/change_form.html"
    object_actions = ()

    def get_object_actions(self, request, obj):
        if obj is None or not self.has_change_permission(request, obj):
            return []
        return [action for action in self.object_actions if action.is_allowed(obj)]

    def object_action_url(self, obj, name):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_act", args=[quote(obj.pk), name])

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/act/<slug:name>/",
                self.admin_site.admin_view(self.object_action_view),
                name=f"{opts.app_label}_{opts.model_name}_act",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["object_action_buttons"] = [
            (action.label, self.object_action_url(obj, action.name))
            for action in self.get_object_actions(request, obj)
        ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def object_action_view(self, request, object_id, name):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(_("There is no such record."))
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        action = next((a for a in self.object_actions if a.name == name), None)
        if action is None:
            raise Http404(_("There is no such action."))
        opts = self.model._meta
        change_url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)]
        )
        if not action.is_allowed(obj):
            self.message_user(
                request,
                _("“%(action)s” does not apply to this record as it stands.")
                % {"action": action.label},
                level=messages.ERROR,
            )
            return HttpResponseRedirect(change_url)
        initial = action.initial(obj) if action.initial else {}
        kwargs = action.form_kwargs(obj) if action.form_kwargs else {}
        data = request.POST if request.method == "POST" else None
        form = action.form_class(data, initial=initial, **kwargs)
        if request.method == "POST" and form.is_valid():
            try:
                result = action.perform(obj, request.user, form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                done = (
                    action.done(obj)
                    if action.done
                    else _("Done: %(action)s.") % {"action": action.label}
                )
                self.message_user(request, done, level=messages.SUCCESS)
                target = result if result is not None and result is not obj else None
                if target is not None and hasattr(target, "_meta"):
                    return HttpResponseRedirect(
                        reverse(
                            f"admin:{target._meta.app_label}_{target._meta.model_name}_change",
                            args=[quote(target.pk)],
                        )
                    )
                return HttpResponseRedirect(change_url)
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "title": action.label,
            "subtitle": str(obj),
            "opts": opts,
            "original": obj,
            "change_url": change_url,
            "form": form,
            "help": action.help,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/object_actions/action_form.html", context)
