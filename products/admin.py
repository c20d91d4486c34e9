"""Bureau back-office for the GI products: towns, products with their indicators and
pictures, documents and annual statistics."""

from pathlib import Path

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.utils.dates import MONTHS
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from shanting_gi.core.admin import HistoryAdmin
from shanting_gi.core.images import PUBLIC_PICTURE_SIDE, clean_uploaded_image

from .models import AnnualStatistic, Document, Product, ProductImage, QualityIndicator, Town

# ---------------------------------------------------------------------------------------------
# Products


@admin.register(Town)
class TownAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en"]
    search_fields = ["code", "name", "name_en"]
    ordering = ["code"]


class ProductAdminForm(forms.ModelForm):
    harvest_months = forms.TypedMultipleChoiceField(
        label=Product._meta.get_field("harvest_months").verbose_name,
        help_text=Product._meta.get_field("harvest_months").help_text,
        choices=list(MONTHS.items()),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_harvest_months(self):
        return sorted(set(self.cleaned_data["harvest_months"]))


class QualityIndicatorInline(admin.TabularInline):
    model = QualityIndicator
    fields = [
        "name",
        "name_en",
        "unit",
        "min_value",
        "max_value",
        "test_method",
        "verified",
        "order",
    ]
    extra = 0


class ProductImageForm(forms.ModelForm):
    """Uploaded product pictures are checked and re-encoded small, without metadata."""

    class Meta:
        model = ProductImage
        fields = [
            "product",
            "kind",
            "image",
            "alt_text",
            "alt_text_en",
            "caption",
            "caption_en",
            "order",
        ]

    def clean_image(self):
        image = self.cleaned_data["image"]
        if image and isinstance(image, UploadedFile):
            name = image.name
            image = clean_uploaded_image(image, max_side=PUBLIC_PICTURE_SIDE)
            image.name = f"{Path(name).stem}.{image.name.rsplit('.', 1)[-1]}"
        return image


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    form = ProductImageForm
    fields = ["kind", "image", "alt_text", "alt_text_en", "caption", "caption_en", "order"]
    extra = 0


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    form = ProductAdminForm
    list_display = [
        "name",
        "name_en",
        "category",
        "regime",
        "status",
        "announcement",
        "harvest_season",
        "order",
    ]
    list_filter = ["category", "regime", "status", "approval_verified"]
    search_fields = [
        "name",
        "name_en",
        "name_pinyin",
        "search_text",
        "slug",
        "standard_number",
        "announcement_number",
    ]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["protection_area"]
    inlines = [QualityIndicatorInline, ProductImageInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("name", "name_en", "name_pinyin"),
                    "slug",
                    ("category", "regime", "status"),
                    "order",
                ]
            },
        ),
        (
            _("Approval"),
            {
                "fields": [
                    ("approving_authority", "approving_authority_en"),
                    ("announcement_number", "announcement_date"),
                    "approval_verified",
                    "approval_source",
                    "standard_number",
                ]
            },
        ),
        (
            _("Protection area and season"),
            {
                "fields": [
                    "protection_area",
                    "protection_area_verified",
                    "protection_area_source",
                    "harvest_months",
                    "harvest_verified",
                    "harvest_source",
                ]
            },
        ),
        (
            _("Description"),
            {
                "fields": [
                    "description",
                    "description_en",
                    "characteristics",
                    "characteristics_en",
                    "identification_guide",
                    "identification_guide_en",
                    "facts_source",
                ]
            },
        ),
    ]

    @admin.display(description=_("announcement"), ordering="announcement_number")
    def announcement(self, obj):
        if obj.announcement_to_be_verified:
            return format_html(
                "{} <strong>({})</strong>", obj.announcement_number or "—", _("to be verified")
            )
        return obj.announcement_number

    @admin.display(description=_("harvest months"))
    def harvest_season(self, obj):
        return ", ".join(str(MONTHS[m]) for m in obj.harvest_months if m in MONTHS) or "—"


@admin.register(ProductImage)
class ProductImageAdmin(admin.ModelAdmin):
    form = ProductImageForm
    list_display = ["product", "kind", "thumbnail", "alt_text", "order"]
    list_filter = ["product", "kind"]
    search_fields = ["alt_text", "alt_text_en", "caption", "caption_en", "product__name"]
    autocomplete_fields = ["product"]
    list_select_related = ["product"]

    @admin.display(description=_("image"))
    def thumbnail(self, obj):
        if not obj.image:
            return "—"
        return format_html(
            '<img src="{}" alt="{}" style="max-height: 48px; max-width: 96px">',
            obj.image.url,
            obj.alt_text,
        )


@admin.register(QualityIndicator)
class QualityIndicatorAdmin(HistoryAdmin):
    list_display = ["name", "product", "unit", "limits", "test_method", "verified", "order"]
    list_filter = ["product", "verified"]
    search_fields = ["name", "name_en", "product__name", "test_method"]
    autocomplete_fields = ["product"]
    list_select_related = ["product"]

    @admin.display(description=_("limits"))
    def limits(self, obj):
        return obj.limit_text()


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "number",
        "kind",
        "product",
        "issuing_body",
        "effective_on",
        "repealed_on",
        "in_force",
        "verified",
    ]
    list_filter = ["kind", "product", "verified"]
    search_fields = ["title", "title_en", "number", "issuing_body", "search_text"]
    autocomplete_fields = ["product", "supersedes"]
    # superseded_by is the reverse one-to-one that is_in_force() reads: joined, not queried.
    list_select_related = ["product", "superseded_by"]

    @admin.display(description=_("in force"), boolean=True)
    def in_force(self, obj):
        return obj.is_in_force()


@admin.register(AnnualStatistic)
class AnnualStatisticAdmin(admin.ModelAdmin):
    list_display = [
        "product",
        "year",
        "planting_area_mu",
        "output_tonnes",
        "output_value_wan_yuan",
        "users_output_tonnes",
        "users_share",
        "verified",
    ]
    list_filter = ["product", "year", "verified"]
    search_fields = ["product__name", "product__name_en", "source"]
    autocomplete_fields = ["product"]
    list_select_related = ["product"]

    @admin.display(description=_("share of mark users"))
    def users_share(self, obj):
        share = obj.users_output_share
        return "—" if share is None else f"{share:.0%}"
