"""Back-office for the portal's content. Consultations are answered and published through
their services (the asker is emailed on an answer); articles and events are published and
withdrawn by actions that record who and why."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from shanting_gi.core.admin import (
    ChangeReasonForm,
    HistoryAdmin,
    NeverDeletedMixin,
    apply_each,
    error_text,
    publication_actions,
)
from shanting_gi.core.history import save_with_history
from shanting_gi.core.images import PUBLIC_PICTURE_SIDE, clean_uploaded_image

from . import services
from .models import (
    Article,
    ArticleAttachment,
    ArticleImage,
    ArticleStatus,
    Association,
    Consultation,
    DemonstrationPark,
    Event,
    PackagingDesign,
)


class PictureFormMixin:
    """Uploaded pictures are proven images, re-encoded small and stripped of metadata."""

    picture_field = "image"

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get(self.picture_field)
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            try:
                cleaned[self.picture_field] = clean_uploaded_image(
                    upload, max_side=PUBLIC_PICTURE_SIDE
                )
            except ValidationError as error:
                self.add_error(self.picture_field, error)
        return cleaned


# --- Consultation ---------------------------------------------------------------------------


class ConsultationForm(ChangeReasonForm):
    publish = forms.BooleanField(
        label=_("publish in the FAQ"),
        required=False,
        help_text=_(
            "The answer then appears on the public questions page under the question as published."
        ),
    )

    class Meta:
        model = Consultation
        fields = [
            "topic",
            "product",
            "assigned_to",
            "answer",
            "answer_en",
            "public_question",
            "public_question_en",
            "is_example",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["publish"].initial = self.instance.is_published


CONSULTATION_READONLY = [
    "tracking_number",
    "status",
    "created_at",
    "answered_at",
    "published_on",
    "question",
    "asker_name",
    "asker_organisation",
    "contact_phone",
    "contact_email",
    "attachment_link",
]


@admin.register(Consultation)
class ConsultationAdmin(NeverDeletedMixin, HistoryAdmin):
    form = ConsultationForm
    list_display = [
        "tracking_number",
        "topic",
        "product",
        "status",
        "assigned_to",
        "published_on",
        "created_at",
    ]
    list_filter = ["status", "topic", "product", ("published_on", admin.EmptyFieldListFilter)]
    search_fields = ["tracking_number", "question", "public_question"]
    list_select_related = ["product", "assigned_to"]
    autocomplete_fields = ["assigned_to"]
    date_hierarchy = "created_at"
    actions = ["assign_to_me", "publish_selected", "unpublish_selected"]
    readonly_fields = CONSULTATION_READONLY

    def get_fieldsets(self, request, obj=None):
        if obj is None:  # an FAQ entry written by staff, with no asker
            return [
                (None, {"fields": ["topic", "product", "public_question", "public_question_en"]}),
                (_("Answer"), {"fields": ["answer", "answer_en", "publish", "is_example"]}),
            ]
        return [
            (
                None,
                {
                    "fields": [
                        "tracking_number",
                        ("status", "assigned_to"),
                        ("created_at", "answered_at", "published_on"),
                        ("topic", "product"),
                    ]
                },
            ),
            (_("What was asked"), {"fields": ["question", "attachment_link"]}),
            (
                _("Asker (for the bureau only)"),
                {"fields": ["asker_name", "asker_organisation", "contact_phone", "contact_email"]},
            ),
            (_("Answer"), {"fields": ["answer", "answer_en"]}),
            (
                _("Publication in the FAQ"),
                {"fields": ["public_question", "public_question_en", "publish", "is_example"]},
            ),
            (None, {"fields": ["change_reason"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    @admin.display(description=_("attachment"))
    def attachment_link(self, obj):
        if not obj.attachment:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:portal_consultation_attachment", args=[obj.pk]),
            obj.attachment_name or _("download"),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/attachment/",
                self.admin_site.admin_view(self.attachment_view),
                name="portal_consultation_attachment",
            ),
            *super().get_urls(),
        ]

    def attachment_view(self, request, pk):
        """Attachments live in private storage and are served here, to staff only."""
        consultation = get_object_or_404(Consultation, pk=pk)
        if not self.has_view_permission(request, consultation):
            raise PermissionDenied
        if not consultation.attachment:
            raise Http404
        response = FileResponse(
            consultation.attachment.open("rb"),
            as_attachment=True,
            filename=consultation.attachment_name or "attachment",
        )
        response["Cache-Control"] = "private, no-store"
        return response

    def save_model(self, request, obj, form, change):
        """Each change goes through its service: a new answer emails the asker, publishing
        checks the public wording. A refusal is shown and nothing after it is done."""
        reason = self.change_reason(form)
        changed = set(form.changed_data)
        try:
            if not change:
                services.consultation_prepare_staff_entry(obj)
                obj.question = obj.question or obj.public_question
                save_with_history(obj, by=request.user, reason=reason or _("Written by staff."))
                changed.add("answer")
            elif changed - {"answer", "answer_en", "publish", "change_reason"}:
                save_with_history(obj, by=request.user, reason=reason)
            if ({"answer", "answer_en"} & changed) and obj.answer.strip():
                services.consultation_answer(
                    consultation=obj, answer=obj.answer, answer_en=obj.answer_en, by=request.user
                )
            publish = form.cleaned_data.get("publish")
            if publish and not obj.is_published:
                services.consultation_publish(consultation=obj, by=request.user)
            elif not publish and obj.is_published:
                services.consultation_unpublish(
                    consultation=obj,
                    by=request.user,
                    reason=reason or str(_("Withdrawn from the FAQ.")),
                )
        except ValidationError as error:
            self.message_user(request, error_text(error), level=messages.ERROR)

    @admin.action(description=_("Assign to me"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        apply_each(
            self,
            request,
            queryset,
            lambda obj: services.consultation_assign(
                consultation=obj, to=request.user, by=request.user
            ),
            lambda n: (
                ngettext("%(n)d question assigned to you.", "%(n)d questions assigned to you.", n)
                % {"n": n}
            ),
        )

    publish_selected, unpublish_selected = publication_actions(
        publish=lambda obj, user: services.consultation_publish(consultation=obj, by=user),
        unpublish=lambda obj, user, reason: services.consultation_unpublish(
            consultation=obj, by=user, reason=reason
        ),
        published=lambda n: (
            ngettext("%(n)d answer published in the FAQ.", "%(n)d answers published in the FAQ.", n)
            % {"n": n}
        ),
        withdrawn=lambda n: (
            ngettext(
                "%(n)d answer withdrawn from the FAQ.", "%(n)d answers withdrawn from the FAQ.", n
            )
            % {"n": n}
        ),
        publish_label=_("Publish the selected answers in the FAQ"),
        withdraw_label=_("Withdraw the selected answers from the FAQ"),
    )


# --- Articles -------------------------------------------------------------------------------


class ArticleAttachmentInline(admin.TabularInline):
    model = ArticleAttachment
    extra = 0
    fields = ["title", "title_en", "file", "order"]


class ArticleImageForm(PictureFormMixin, forms.ModelForm):
    class Meta:
        model = ArticleImage
        fields = ["image", "alt_text", "alt_text_en", "caption", "caption_en", "order"]


class ArticleImageInline(admin.TabularInline):
    model = ArticleImage
    form = ArticleImageForm
    extra = 0


@admin.register(Article)
class ArticleAdmin(HistoryAdmin):
    list_display = ["title", "kind", "published_on", "status", "author_unit", "is_example"]
    list_filter = ["status", "kind", "product", "is_example"]
    search_fields = ["title", "title_en", "author_unit"]
    list_select_related = ["product"]
    date_hierarchy = "published_on"
    inlines = [ArticleAttachmentInline, ArticleImageInline]
    actions = ["publish_selected", "unpublish_selected"]
    readonly_fields = ["status"]
    fieldsets = [
        (None, {"fields": [("kind", "status"), ("published_on", "product"), "is_example"]}),
        (_("Chinese"), {"fields": ["title", "summary", "body", "author_unit"]}),
        (_("English"), {"fields": ["title_en", "summary_en", "body_en", "author_unit_en"]}),
        (None, {"fields": ["change_reason"]}),
    ]

    publish_selected, unpublish_selected = publication_actions(
        publish=lambda obj, user: services.article_publish(article=obj, by=user),
        unpublish=lambda obj, user, reason: services.article_unpublish(
            article=obj, by=user, reason=reason
        ),
        published=lambda n: (
            ngettext("%(n)d article published.", "%(n)d articles published.", n) % {"n": n}
        ),
        withdrawn=lambda n: (
            ngettext("%(n)d article withdrawn to draft.", "%(n)d articles withdrawn to draft.", n)
            % {"n": n}
        ),
        publish_label=_("Publish the selected articles"),
        withdraw_label=_("Withdraw the selected articles to draft"),
    )

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.status == ArticleStatus.PUBLISHED else None


# --- Events, parks, associations ---------------------------------------------------------------


@admin.register(Event)
class EventAdmin(HistoryAdmin):
    list_display = ["title", "kind", "starts_on", "ends_on", "town", "product", "is_published"]
    list_filter = ["is_published", "kind", "product", "town", "is_example"]
    search_fields = ["title", "title_en", "place"]
    list_select_related = ["town", "product"]
    autocomplete_fields = ["town", "product"]
    date_hierarchy = "starts_on"
    actions = ["publish_selected", "unpublish_selected"]

    publish_selected, unpublish_selected = publication_actions(
        publish=lambda obj, user: services.event_set_published(event=obj, published=True, by=user),
        unpublish=lambda obj, user, reason: services.event_set_published(
            event=obj, published=False, by=user, reason=reason
        ),
        published=lambda n: (
            ngettext("%(n)d event published.", "%(n)d events published.", n) % {"n": n}
        ),
        withdrawn=lambda n: (
            ngettext("%(n)d event withdrawn.", "%(n)d events withdrawn.", n) % {"n": n}
        ),
        publish_label=_("Publish the selected events"),
        withdraw_label=_("Withdraw the selected events"),
    )

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_published else None


@admin.register(DemonstrationPark)
class DemonstrationParkAdmin(HistoryAdmin):
    list_display = ["name", "kind", "town", "product", "area_mu", "operator", "is_public"]
    list_filter = ["kind", "town", "product", "is_public", "is_example"]
    search_fields = ["name", "name_en", "operator"]
    list_select_related = ["town", "product"]
    autocomplete_fields = ["town", "product"]


class PackagingDesignForm(PictureFormMixin, forms.ModelForm):
    class Meta:
        model = PackagingDesign
        fields = [
            "product",
            "name",
            "name_en",
            "image",
            "alt_text",
            "alt_text_en",
            "usage_rules",
            "usage_rules_en",
            "approved_on",
            "is_current",
            "is_example",
        ]


class PackagingDesignInline(admin.StackedInline):
    model = PackagingDesign
    form = PackagingDesignForm
    extra = 0


@admin.register(Association)
class AssociationAdmin(HistoryAdmin):
    list_display = ["name", "phone", "member_count", "is_example"]
    search_fields = ["name", "name_en"]
    filter_horizontal = ["products"]
    autocomplete_fields = ["members"]
    inlines = [PackagingDesignInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("members"))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "website":
            kwargs["assume_scheme"] = "https"  # Django 6's default too
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, obj):
        return obj.member_total
