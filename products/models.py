"""The geographical-indication products themselves: what is protected, where, to which
standard, with which documents. This app imports neither producers nor inspections."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from shanting_gi.core.models import TimestampedModel, choices_constraint, localized
from shanting_gi.core.search import build_search_text

# The township-level statistics codes of Shanting District (370406): one definition, for
# the constraint below and wherever else a town code is checked or described.
TOWN_CODE_PATTERN = r"^370406[0-9]{3}\Z"


class Town(models.Model):
    code = models.CharField(
        _("statistics code"),
        max_length=9,
        unique=True,
        help_text=_("The 9-digit township-level code of the national statistics division codes."),
    )
    name = models.CharField(_("name"), max_length=50, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=80, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("town")
        verbose_name_plural = _("towns")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=TOWN_CODE_PATTERN), name="products_town_code_in_district"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return localized(self, "name")


class ProductCategory(models.TextChoices):
    FRUIT = "fruit", _("fruit")
    NUT = "nut", _("nut and dried fruit")
    VEGETABLE = "vegetable", _("vegetable")
    GRAIN = "grain", _("grain")
    TEA = "tea", _("tea")
    OTHER = "other", _("other")


class ProtectionRegime(models.TextChoices):
    GI_PRODUCT = "gi_product", _("geographical indication product")
    CERTIFICATION_MARK = "certification_mark", _("geographical indication certification mark")
    AGRICULTURAL_GI = "agricultural_gi", _("agricultural product geographical indication")


class ProductStatus(models.TextChoices):
    PROTECTED = "protected", _("protected")
    SUSPENDED = "suspended", _("suspended")
    REVOKED = "revoked", _("revoked")


MONTHS = range(1, 13)


def validate_months(value):
    if not isinstance(value, list) or any(not isinstance(m, int) or m not in MONTHS for m in value):
        raise ValidationError(_("Harvest months must be a list of month numbers from 1 to 12."))
    if len(set(value)) != len(value):
        raise ValidationError(_("A harvest month is listed twice."))


def plain_number(value):
    """18.500 → "18.5", 100.000 → "100": a number without trailing zeros or exponent."""
    return f"{Decimal(value).normalize():f}"


NBSP = "\u00a0"  # keeps "≥ 18 %" on one line in a narrow table cell


def limit_text(limit_min, limit_max, unit):
    """Limits as people read them: "≥ 18 %", "≤ 0.5 mg/kg", "18–25 %" — an indicator's
    current ones, or those a result was judged against."""
    unit = f"{NBSP}{unit}" if unit else ""
    if limit_min is not None and limit_max is not None:
        return f"{plain_number(limit_min)}–{plain_number(limit_max)}{unit}"
    if limit_min is not None:
        return f"≥{NBSP}{plain_number(limit_min)}{unit}"
    if limit_max is not None:
        return f"≤{NBSP}{plain_number(limit_max)}{unit}"
    return _("no limit")


class ProductQuerySet(models.QuerySet):
    def protected(self):
        return self.filter(status=ProductStatus.PROTECTED)


class Product(TimestampedModel):
    name = models.CharField(_("name"), max_length=50, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    name_pinyin = models.CharField(_("name (pinyin)"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    category = models.CharField(_("category"), max_length=20, choices=ProductCategory.choices)
    regime = models.CharField(
        _("protection regime"), max_length=30, choices=ProtectionRegime.choices
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProductStatus.choices, default=ProductStatus.PROTECTED
    )
    approving_authority = models.CharField(_("approving authority"), max_length=100, blank=True)
    approving_authority_en = models.CharField(
        _("approving authority (English)"), max_length=150, blank=True
    )
    announcement_number = models.CharField(
        _("announcement number"),
        max_length=100,
        blank=True,
        help_text=_("Leave blank when unknown; the page then shows it as to be verified."),
    )
    announcement_date = models.DateField(_("approval date"), null=True, blank=True)
    approval_verified = models.BooleanField(
        _("approval verified"),
        default=False,
        help_text=_("Tick only when the approval was read in a primary source."),
    )
    approval_source = models.CharField(
        _("source of the approval facts"), max_length=300, blank=True
    )
    standard_number = models.CharField(_("product standard number"), max_length=60, blank=True)
    protection_area = models.ManyToManyField(
        Town, verbose_name=_("protection area"), related_name="products", blank=True
    )
    protection_area_verified = models.BooleanField(_("protection area verified"), default=False)
    protection_area_source = models.CharField(
        _("source of the protection area"), max_length=300, blank=True
    )
    harvest_months = models.JSONField(
        _("harvest months"),
        default=list,
        blank=True,
        validators=[validate_months],
        help_text=_("Month numbers (1–12) in which the product is harvested and sold fresh."),
    )
    harvest_verified = models.BooleanField(_("harvest season verified"), default=False)
    harvest_source = models.CharField(_("source of the harvest season"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    characteristics = models.TextField(_("characteristics"), blank=True)
    characteristics_en = models.TextField(_("characteristics (English)"), blank=True)
    identification_guide = models.TextField(_("how to identify the genuine product"), blank=True)
    identification_guide_en = models.TextField(
        _("how to identify the genuine product (English)"), blank=True
    )
    facts_source = models.CharField(_("source of the description"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)
    search_text = models.TextField(
        _("search text"), blank=True, editable=False, help_text=_("Name with its pinyin forms.")
    )

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("GI product")
        verbose_name_plural = _("GI products")
        constraints = [
            choices_constraint("category", ProductCategory, "products_product_category_valid"),
            choices_constraint("regime", ProtectionRegime, "products_product_regime_valid"),
            choices_constraint("status", ProductStatus, "products_product_status_valid"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = build_search_text(self.name, self.name_en, self.name_pinyin)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("products:detail", kwargs={"slug": self.slug})

    @property
    def display_name(self):
        return localized(self, "name")

    @property
    def announcement_to_be_verified(self):
        return not self.approval_verified or not self.announcement_number


class ImageKind(models.TextChoices):
    GENUINE_PRODUCT = "genuine_product", _("genuine product")
    GENUINE_PACKAGING = "genuine_packaging", _("genuine packaging")
    MARK_SAMPLE = "mark_sample", _("special mark sample")
    KNOWN_FAKE = "known_fake", _("known fake")


class ProductImage(models.Model):
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="images", verbose_name=_("product")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ImageKind.choices)
    image = models.ImageField(_("image"), upload_to="products/%Y/")
    alt_text = models.CharField(
        _("alternative text"),
        max_length=200,
        help_text=_("What the picture shows, for screen readers."),
    )
    alt_text_en = models.CharField(_("alternative text (English)"), max_length=200, blank=True)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    caption_en = models.CharField(_("caption (English)"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["product", "kind", "order", "pk"]
        verbose_name = _("product image")
        verbose_name_plural = _("product images")
        constraints = [choices_constraint("kind", ImageKind, "products_image_kind_valid")]

    def __str__(self):
        return f"{self.product} · {self.get_kind_display()}"


class QualityIndicator(TimestampedModel):
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("product")
    )
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    min_value = models.DecimalField(
        _("minimum"),
        max_digits=12,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("Blank means no lower bound. A value exactly at the limit passes."),
    )
    max_value = models.DecimalField(
        _("maximum"),
        max_digits=12,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("Blank means no upper bound. A value exactly at the limit passes."),
    )
    test_method = models.CharField(_("test method"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    verified = models.BooleanField(
        _("verified"), default=False, help_text=_("Tick only when read in the standard itself.")
    )
    order = models.PositiveSmallIntegerField(_("display order"), default=0)
    history = HistoricalRecords(verbose_name=_("history"))

    class Meta:
        ordering = ["product", "order", "pk"]
        verbose_name = _("quality indicator")
        verbose_name_plural = _("quality indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(min_value__lte=models.F("max_value")),
                name="products_indicator_min_lte_max",
            ),
            models.UniqueConstraint(
                fields=["product", "name"], name="products_indicator_unique_name"
            ),
        ]

    def __str__(self):
        return f"{self.product} · {self.name}"

    @property
    def display_name(self):
        return localized(self, "name")

    def clean(self):
        if (
            self.min_value is not None
            and self.max_value is not None
            and self.min_value > self.max_value
        ):
            raise ValidationError({"max_value": _("The maximum must not be below the minimum.")})

    def limit_text(self):
        return limit_text(self.min_value, self.max_value, self.unit)

    def judge(self, value):
        """True when value lies within the limits; a limit exactly met passes."""
        return (self.min_value is None or value >= self.min_value) and (
            self.max_value is None or value <= self.max_value
        )


class DocumentKind(models.TextChoices):
    TECHNICAL_REGULATION = "technical_regulation", _("production technical regulation")
    PRODUCT_STANDARD = "product_standard", _("product standard")
    LAW = "law", _("law or regulation")
    POLICY = "policy", _("local policy document")  # e.g. the district's implementation plan
    BRAND_USE = "brand_use", _("brand-use rules")
    BRAND_USE_NOTES = "brand_use_notes", _("brand-use notes for a product")
    IDENTIFICATION = "identification", _("identification method")
    RIGHTS_PROTECTION = "rights_protection", _("rights protection")
    NOTICE = "notice", _("notice")


class DocumentStatus(models.TextChoices):
    IN_FORCE = "in_force", _("in force")
    SUPERSEDED = "superseded", _("superseded")
    REPEALED = "repealed", _("repealed")
    NOT_YET_IN_FORCE = "not_yet_in_force", _("not yet in force")


def document_status(document, newer, on):
    """Where a document stands on a day: the one rule behind the library's badges, the API's
    `status` and `in_force`, the exports and DocumentQuerySet.in_force (its SQL form).

    newer: the version that replaces the document, or None. "In force" exactly when none of
    the other three applies.
    """
    if document.repealed_on and document.repealed_on <= on:
        return DocumentStatus.REPEALED
    if newer is not None and (newer.effective_on is None or newer.effective_on <= on):
        return DocumentStatus.SUPERSEDED
    if document.effective_on and document.effective_on > on:
        return DocumentStatus.NOT_YET_IN_FORCE
    return DocumentStatus.IN_FORCE


class DocumentQuerySet(models.QuerySet):
    def in_force(self, on=None):
        """Documents in effect on the given day and not replaced by a newer version in effect
        (document_status, as a query: a test keeps the two in agreement)."""
        on = on or timezone.localdate()
        return self.filter(
            Q(effective_on__isnull=True) | Q(effective_on__lte=on),
            Q(repealed_on__isnull=True) | Q(repealed_on__gt=on),
        ).exclude(
            Q(superseded_by__effective_on__lte=on)
            | Q(superseded_by__isnull=False, superseded_by__effective_on__isnull=True)
        )


class Document(TimestampedModel):
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    number = models.CharField(_("document number"), max_length=100, blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=150, blank=True)
    issuing_body_en = models.CharField(_("issuing body (English)"), max_length=200, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    effective_on = models.DateField(_("in force from"), null=True, blank=True)
    repealed_on = models.DateField(_("repealed on"), null=True, blank=True)
    product = models.ForeignKey(
        Product,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("product"),
        help_text=_("Leave blank for documents that apply to every product."),
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
        help_text=_("The earlier version this document replaces."),
    )
    body = models.TextField(_("text or summary"), blank=True)
    body_en = models.TextField(_("text or summary (English)"), blank=True)
    pdf = models.FileField(
        _("PDF"),
        upload_to="documents/%Y/",
        blank=True,
        validators=[FileExtensionValidator(["pdf"])],
    )
    verified = models.BooleanField(
        _("verified"), default=False, help_text=_("Tick only when read in the official text.")
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    search_text = models.TextField(
        _("search text"), blank=True, editable=False, help_text=_("Name with its pinyin forms.")
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-effective_on", "title"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            choices_constraint("kind", DocumentKind, "products_document_kind_valid"),
            models.CheckConstraint(
                condition=~Q(supersedes=models.F("id")),
                name="products_document_not_self_superseding",
            ),
        ]
        indexes = [
            # library page: documents grouped by kind, newest first
            models.Index(fields=["kind", "-effective_on"], name="doc_kind_effective"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    def save(self, *args, **kwargs):
        self.search_text = build_search_text(self.title, self.title_en, self.number)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("library:detail", kwargs={"pk": self.pk})

    @property
    def display_title(self):
        return localized(self, "title")

    def clean(self):
        if self.supersedes_id and self.pk and self.supersedes_id == self.pk:
            raise ValidationError({"supersedes": _("A document cannot supersede itself.")})
        # Walk back the chain: a cycle would make "which version is in force" meaningless.
        seen = {self.pk} if self.pk else set()
        earlier = self.supersedes
        while earlier is not None:
            if earlier.pk in seen:
                raise ValidationError(
                    {"supersedes": _("This would make the version chain a loop.")}
                )
            seen.add(earlier.pk)
            earlier = earlier.supersedes

    def status_on(self, on=None):
        """document_status on the day (today by default); reads the reverse one-to-one
        superseded_by, so fetch lists with select_related("superseded_by")."""
        newer = getattr(self, "superseded_by", None)  # a missing one raises an AttributeError
        return document_status(self, newer, on or timezone.localdate())

    def is_in_force(self, on=None):
        return self.status_on(on) == DocumentStatus.IN_FORCE

    def version_chain(self):
        """Every version from the oldest to the newest, this one included."""
        oldest = self
        while oldest.supersedes is not None:
            oldest = oldest.supersedes
        chain = [oldest]
        while (newer := getattr(chain[-1], "superseded_by", None)) is not None:
            chain.append(newer)
        return chain


class AnnualStatistic(TimestampedModel):
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="statistics", verbose_name=_("product")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1990)])
    planting_area_mu = models.DecimalField(
        _("planting area (mu)"), max_digits=12, decimal_places=1, null=True, blank=True
    )
    output_tonnes = models.DecimalField(
        _("output (t)"), max_digits=12, decimal_places=1, null=True, blank=True
    )
    output_value_wan_yuan = models.DecimalField(
        _("output value (10,000 yuan)"), max_digits=14, decimal_places=1, null=True, blank=True
    )
    users_output_tonnes = models.DecimalField(
        _("output of mark users (t)"), max_digits=12, decimal_places=1, null=True, blank=True
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    verified = models.BooleanField(_("verified"), default=False)

    class Meta:
        ordering = ["product", "-year"]
        verbose_name = _("annual statistic")
        verbose_name_plural = _("annual statistics")
        constraints = [
            models.UniqueConstraint(
                fields=["product", "year"], name="products_statistic_one_per_year"
            ),
            models.CheckConstraint(
                condition=Q(users_output_tonnes__isnull=True)
                | Q(output_tonnes__isnull=True)
                | Q(users_output_tonnes__lte=models.F("output_tonnes")),
                name="products_statistic_users_output_lte_output",
            ),
        ]

    def __str__(self):
        return f"{self.product} {self.year}"

    @property
    def users_output_share(self):
        if self.output_tonnes and self.users_output_tonnes is not None:
            return self.users_output_tonnes / self.output_tonnes
        return None
