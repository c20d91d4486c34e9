"""Who may use the special mark: producers, their authorisations and where to buy."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from products.models import Product, TimestampedModel, Town, choices_constraint, localized
from products.search import build_search_text
from products.storage import private_storage

from .validators import normalise_credit_code, validate_credit_code


class ProducerKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("enterprise")
    COOPERATIVE = "cooperative", _("farmers' cooperative")
    INDIVIDUAL_BUSINESS = "individual_business", _("individual business")
    HOUSEHOLD = "household", _("farming household")


# Fields of a producer that no public page or API response may show. Public reads defer
# them, so a template or serializer slip costs a query (caught by query-count tests)
# instead of leaking them. The one list for the pages, the API and the exports.
PRODUCER_PRIVATE_FIELDS = ("legal_representative", "private_phone", "notes", "user", "search_text")


def producer_private_fields(prefix=""):
    """PRODUCER_PRIVATE_FIELDS as seen through a relation, e.g. prefix="producer"."""
    return [f"{prefix}__{f}" if prefix else f for f in PRODUCER_PRIVATE_FIELDS]


class ProducerQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def without_private_fields(self):
        return self.defer(*producer_private_fields())


class Producer(TimestampedModel):
    kind = models.CharField(_("kind"), max_length=20, choices=ProducerKind.choices)
    name = models.CharField(_("name"), max_length=100, db_index=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("18 characters (GB 32100). Households without one leave it blank."),
    )
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    town = models.ForeignKey(
        Town, on_delete=models.PROTECT, related_name="producers", verbose_name=_("town")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    public_contact = models.CharField(
        _("public contact"),
        max_length=100,
        blank=True,
        help_text=_("Shown on the public register: a shop or office phone, never a private one."),
    )
    private_phone = models.CharField(
        _("private phone"),
        max_length=30,
        blank=True,
        help_text=_("For the bureau only; never shown on a public page or in the API."),
    )
    planting_area_mu = models.DecimalField(
        _("planting area (mu)"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    association_member = models.BooleanField(
        _("member of the producers' association"), default=False
    )
    is_public = models.BooleanField(
        _("shown on the public register"),
        default=True,
        help_text=_("Untick for producers who must not be listed publicly."),
    )
    is_example = models.BooleanField(
        _("example record"),
        default=False,
        help_text=_("Invented demonstration data, marked 示例 on every page."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="producer",
        verbose_name=_("user account"),
    )
    notes = models.TextField(_("internal notes"), blank=True)
    search_text = models.TextField(
        _("search text"), blank=True, editable=False, help_text=_("Name with its pinyin forms.")
    )
    history = HistoricalRecords(verbose_name=_("history"))

    objects = ProducerQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("producer")
        verbose_name_plural = _("producers")
        constraints = [
            choices_constraint("kind", ProducerKind, "producers_producer_kind_valid"),
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~Q(credit_code=""),
                name="producers_producer_credit_code_unique",
            ),
            models.CheckConstraint(
                condition=Q(credit_code="") | Q(credit_code__regex=r"^[0-9A-HJ-NP-RTUW-Y]{18}\Z"),
                name="producers_producer_credit_code_format",
            ),
            models.CheckConstraint(
                condition=~Q(credit_code="") | Q(kind=ProducerKind.HOUSEHOLD),
                name="producers_producer_credit_code_required",
            ),
        ]
        indexes = [
            # register filtered by town, ordered by name
            models.Index(fields=["town", "name"], name="producer_town_name"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = build_search_text(self.name, self.name_en, self.credit_code)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("producers:detail", kwargs={"pk": self.pk})

    def clean_fields(self, exclude=None):
        # Normalise before the field checks, so "9131-0110 …" is not refused as too long.
        self.credit_code = normalise_credit_code(self.credit_code)
        super().clean_fields(exclude=exclude)

    def clean(self):
        if not self.credit_code and self.kind != ProducerKind.HOUSEHOLD:
            raise ValidationError(
                {
                    "credit_code": _(
                        "Only a farming household may be registered without a credit code."
                    )
                }
            )

    @property
    def display_name(self):
        return localized(self, "name")


class AuthorisationStatus(models.TextChoices):
    APPLIED = "applied", _("applied")
    UNDER_REVIEW = "under_review", _("under review")
    APPROVED = "approved", _("approved")
    SUSPENDED = "suspended", _("suspended")
    REVOKED = "revoked", _("revoked")
    EXPIRED = "expired", _("expired")
    REJECTED = "rejected", _("rejected")


# Open: not yet decided, or decided and still in effect. A producer has at most one open
# authorisation per product; a revoked, expired or rejected one is closed for good.
OPEN_STATUSES = (
    AuthorisationStatus.APPLIED,
    AuthorisationStatus.UNDER_REVIEW,
    AuthorisationStatus.APPROVED,
    AuthorisationStatus.SUSPENDED,
)


class AuthorisationQuerySet(models.QuerySet):
    def live(self, on=None):
        """Approved and within validity: the producer may use the mark today."""
        on = on or timezone.localdate()
        return self.filter(status=AuthorisationStatus.APPROVED).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=on)
        )

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def of_public_producers(self):
        """Authorisations a public page may list, their producers loaded without private fields."""
        return (
            self.filter(producer__is_public=True)
            .select_related("producer__town")
            .defer(*producer_private_fields("producer"))
        )


class Authorisation(TimestampedModel):
    producer = models.ForeignKey(
        Producer,
        on_delete=models.PROTECT,
        related_name="authorisations",
        verbose_name=_("producer"),
    )
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="authorisations", verbose_name=_("product")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AuthorisationStatus.choices,
        default=AuthorisationStatus.APPLIED,
    )
    applied_on = models.DateField(_("applied on"), default=timezone.localdate)
    announcement_number = models.CharField(_("announcement number"), max_length=100, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    annual_quantity_cap = models.PositiveIntegerField(
        _("annual label cap"),
        null=True,
        blank=True,
        help_text=_(
            "Most special-mark labels that may be issued for one season; blank for no cap."
        ),
    )
    status_changed_on = models.DateField(_("status changed on"), default=timezone.localdate)
    status_reason = models.TextField(
        _("reason for the last change"),
        blank=True,
        help_text=_("Told in plain words on the public register."),
    )
    history = HistoricalRecords(verbose_name=_("history"))

    objects = AuthorisationQuerySet.as_manager()

    class Meta:
        ordering = ["-approved_on", "-applied_on", "-pk"]
        verbose_name = _("special-mark authorisation")
        verbose_name_plural = _("special-mark authorisations")
        constraints = [
            choices_constraint(
                "status", AuthorisationStatus, "producers_authorisation_status_valid"
            ),
            models.UniqueConstraint(
                fields=["producer", "product"],
                condition=Q(status__in=OPEN_STATUSES),
                name="producers_authorisation_one_open_per_product",
                violation_error_message=_(
                    "This producer already has an open authorisation for this product."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status=AuthorisationStatus.APPROVED) | Q(approved_on__isnull=False),
                name="producers_authorisation_approved_has_date",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(approved_on__isnull=True)
                | Q(valid_until__gte=models.F("approved_on")),
                name="producers_authorisation_valid_after_approval",
            ),
        ]
        indexes = [
            # product page and statistics: live authorisations of a product
            models.Index(fields=["product", "status"], name="auth_product_status"),
        ]

    def __str__(self):
        return f"{self.producer} · {self.product} ({self.get_status_display()})"

    def get_absolute_url(self):
        return self.producer.get_absolute_url()

    def is_live(self, on=None):
        on = on or timezone.localdate()
        return self.status == AuthorisationStatus.APPROVED and (
            self.valid_until is None or self.valid_until >= on
        )


class OutletKind(models.TextChoices):
    SUPERMARKET_COUNTER = "supermarket_counter", _("supermarket counter")
    MARKET = "market", _("market stall")
    ONLINE_SHOP = "online_shop", _("online shop")
    FARM_GATE = "farm_gate", _("farm gate")


class Outlet(TimestampedModel):
    kind = models.CharField(_("kind"), max_length=20, choices=OutletKind.choices)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    town = models.ForeignKey(
        Town,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outlets",
        verbose_name=_("town"),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    url = models.URLField(_("web address"), blank=True)
    products = models.ManyToManyField(Product, related_name="outlets", verbose_name=_("products"))
    producer = models.ForeignKey(
        Producer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outlets",
        verbose_name=_("producer"),
    )
    opening_hours = models.CharField(_("opening hours"), max_length=100, blank=True)
    is_public = models.BooleanField(_("shown publicly"), default=True)
    is_example = models.BooleanField(_("example record"), default=False)

    class Meta:
        ordering = ["kind", "name", "pk"]
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")
        constraints = [
            choices_constraint("kind", OutletKind, "producers_outlet_kind_valid"),
            models.CheckConstraint(
                condition=~Q(address="") | ~Q(url=""), name="producers_outlet_has_address_or_url"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return localized(self, "name")

    def clean(self):
        if not self.address and not self.url:
            raise ValidationError(_("Give the outlet's address or its web address."))


# Label batches and scans. The codes themselves are signed, not stored (producers/labels.py):
# a batch of a million labels is one row, and a code gets a LabelScan row only once someone
# actually checks it.

LABEL_BATCH_MAX_QUANTITY = 1 << 20  # the 20-bit serial field of a label code


class LabelBatchQuerySet(models.QuerySet):
    def not_void(self):
        return self.filter(voided_at__isnull=True)


class LabelBatch(models.Model):
    authorisation = models.ForeignKey(
        Authorisation,
        on_delete=models.PROTECT,
        related_name="label_batches",
        verbose_name=_("authorisation"),
        help_text=_("The live authorisation the labels were issued to."),
    )
    season = models.PositiveSmallIntegerField(
        _("season"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("The harvest year the labels are for; counts against that year's cap."),
    )
    quantity = models.PositiveIntegerField(
        _("quantity"),
        validators=[MinValueValidator(1), MaxValueValidator(LABEL_BATCH_MAX_QUANTITY)],
        help_text=_("Number of labels, at most 1,048,576 per batch."),
    )
    key_version = models.PositiveSmallIntegerField(
        _("signing key version"),
        editable=False,
        help_text=_("Which signing key the batch's codes carry, so keys can be rotated."),
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
        help_text=_("The staff member who issued the batch."),
    )
    voided_at = models.DateTimeField(
        _("voided at"),
        null=True,
        blank=True,
        help_text=_("Set when the batch was withdrawn; its codes then verify with a warning."),
    )
    void_reason = models.TextField(
        _("reason for voiding"),
        blank=True,
        help_text=_("Required when the batch is void, e.g. labels lost or stolen."),
    )
    is_example = models.BooleanField(
        _("example record"),
        default=False,
        help_text=_("Invented demonstration data, marked 示例 on every page."),
    )
    history = HistoricalRecords(verbose_name=_("history"))

    objects = LabelBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("label batch")
        verbose_name_plural = _("label batches")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1) & Q(quantity__lte=LABEL_BATCH_MAX_QUANTITY),
                name="producers_labelbatch_quantity_range",
            ),
            models.CheckConstraint(
                condition=Q(key_version__lte=7), name="producers_labelbatch_key_version_range"
            ),
            models.CheckConstraint(
                condition=Q(voided_at__isnull=True) | ~Q(void_reason=""),
                name="producers_labelbatch_void_has_reason",
            ),
        ]
        indexes = [
            # the cap check at issue: non-void batches of one authorisation and season
            models.Index(fields=["authorisation", "season"], name="labelbatch_auth_season"),
        ]

    def __str__(self):
        return _("Label batch %(id)s · %(season)s · %(quantity)s labels") % {
            "id": self.pk,
            "season": self.season,
            "quantity": self.quantity,
        }

    def clean(self):
        if self.voided_at and not (self.void_reason or "").strip():
            raise ValidationError({"void_reason": _("Say why the batch is void.")})

    @property
    def is_void(self):
        return self.voided_at is not None


class LabelScan(models.Model):
    batch = models.ForeignKey(
        LabelBatch,
        on_delete=models.CASCADE,
        related_name="scans",
        verbose_name=_("label batch"),
    )
    serial = models.PositiveIntegerField(
        _("serial"), help_text=_("0-based number of the label within its batch.")
    )
    first_scanned_at = models.DateTimeField(
        _("first checked at"), help_text=_("When the code was first checked on the platform.")
    )
    last_scanned_at = models.DateTimeField(_("last checked at"))
    count = models.PositiveIntegerField(
        _("times checked"),
        default=0,
        help_text=_("A genuine label is checked a few times; hundreds suggest a copied code."),
    )

    class Meta:
        ordering = ["batch", "serial"]
        verbose_name = _("label scan")
        verbose_name_plural = _("label scans")
        constraints = [
            # Its index also serves the per-code lookup and increment on every genuine scan.
            models.UniqueConstraint(
                fields=["batch", "serial"], name="producers_labelscan_one_row_per_code"
            ),
        ]

    def __str__(self):
        return _("Batch %(batch)s, label %(serial)s: checked %(count)s times") % {
            "batch": self.batch_id,
            "serial": self.serial,
            "count": self.count,
        }


# Producer self-service: applications to use the special mark, the bureau's questions and
# the producer's answers, and the annual report on mark use the regulation requires.


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    INFO_REQUESTED = "info_requested", _("more information requested")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class Application(TimestampedModel):
    """A producer's application to use the special mark on one product.

    On submission the services record the matching Authorisation (status applied) and link
    it here; the bureau's decision moves both together (producers/account_services.py).
    """

    producer = models.ForeignKey(
        Producer,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("producer"),
    )
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="applications", verbose_name=_("product")
    )
    planting_area_mu = models.DecimalField(
        _("planting area (mu)"),
        max_digits=10,
        decimal_places=1,
        validators=[MinValueValidator(0)],
        help_text=_("Area inside the protection zone planted with the product."),
    )
    address = models.CharField(
        _("production address"),
        max_length=200,
        help_text=_("Where the product is grown: town, village, plot."),
    )
    expected_annual_output_t = models.DecimalField(
        _("expected annual output (t)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("In tonnes."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(
        _("reason for the decision"),
        blank=True,
        help_text=_("Shown to the producer, e.g. why the application was rejected."),
    )
    authorisation = models.OneToOneField(
        Authorisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="application",
        verbose_name=_("authorisation"),
        help_text=_("Recorded when the application is submitted."),
    )
    history = HistoricalRecords(verbose_name=_("history"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("special-mark application")
        verbose_name_plural = _("special-mark applications")
        constraints = [
            choices_constraint("status", ApplicationStatus, "producers_application_status_valid"),
            models.CheckConstraint(
                condition=Q(status=ApplicationStatus.DRAFT) | Q(submitted_at__isnull=False),
                name="producers_application_submitted_has_time",
            ),
        ]
        indexes = [
            # the bureau's work list: applications by status, oldest first
            models.Index(fields=["status", "submitted_at"], name="application_status_time"),
        ]

    def __str__(self):
        return _("Application %(id)s · %(producer)s · %(product)s") % {
            "id": self.pk,
            "producer": self.producer,
            "product": self.product,
        }

    def get_absolute_url(self):
        return reverse("accounts:application_detail", kwargs={"pk": self.pk})


PDF_MAX_BYTES = 10 * 1024 * 1024


class ApplicationDocumentKind(models.TextChoices):
    PDF = "pdf", _("PDF document")
    IMAGE = "image", _("image")


def application_document_path(instance, filename):
    """A random name: the documents are private, so their addresses must not be guessable."""
    import uuid

    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"applications/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class ApplicationDocument(models.Model):
    """A supporting document: a PDF (checked by its first bytes) or a re-encoded image.

    Stored under media/applications/; served only through views that check who asks.
    """

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("application"),
    )
    file = models.FileField(_("file"), upload_to=application_document_path, storage=private_storage)
    kind = models.CharField(_("kind"), max_length=10, choices=ApplicationDocumentKind.choices)
    original_name = models.CharField(_("original file name"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["application", "uploaded_at", "pk"]
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        constraints = [
            choices_constraint("kind", ApplicationDocumentKind, "producers_appdocument_kind_valid"),
            models.CheckConstraint(
                condition=Q(size__lte=PDF_MAX_BYTES), name="producers_appdocument_size_max"
            ),
        ]

    def __str__(self):
        return self.original_name or self.file.name


class MessageAuthor(models.TextChoices):
    BUREAU = "bureau", _("bureau")
    PRODUCER = "producer", _("producer")


class ApplicationMessage(models.Model):
    """The bureau's questions about an application and the producer's answers."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("application"),
    )
    author_kind = models.CharField(_("from"), max_length=10, choices=MessageAuthor.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        ordering = ["application", "created_at", "pk"]
        verbose_name = _("application message")
        verbose_name_plural = _("application messages")
        constraints = [
            choices_constraint("author_kind", MessageAuthor, "producers_appmessage_author_valid"),
        ]

    def __str__(self):
        return f"{self.get_author_kind_display()} · {self.created_at:%Y-%m-%d %H:%M}"


def annual_report_deadline(year):
    """The report on year Y's mark use is due by 31 March of Y + 1 (inclusive)."""
    import datetime

    return datetime.date(year + 1, 3, 31)


class AnnualUseReport(models.Model):
    """The yearly report on special-mark use: labels used and quantity sold, per product.

    Due by 31 March of the following year (annual_report_deadline); one per producer,
    product and year.
    """

    producer = models.ForeignKey(
        Producer,
        on_delete=models.PROTECT,
        related_name="use_reports",
        verbose_name=_("producer"),
    )
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="use_reports", verbose_name=_("product")
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("The calendar year the report covers."),
    )
    labels_used = models.PositiveIntegerField(
        _("labels used"), help_text=_("Special-mark labels put on products during the year.")
    )
    quantity_sold_kg = models.DecimalField(
        _("quantity sold with the mark (kg)"),
        max_digits=12,
        decimal_places=1,
        validators=[MinValueValidator(0)],
        help_text=_("In kilograms."),
    )
    notes = models.TextField(_("notes"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    history = HistoricalRecords(verbose_name=_("history"))

    class Meta:
        ordering = ["-year", "producer", "product", "pk"]
        verbose_name = _("annual mark-use report")
        verbose_name_plural = _("annual mark-use reports")
        constraints = [
            models.UniqueConstraint(
                fields=["producer", "product", "year"],
                name="producers_usereport_one_per_year",
                violation_error_message=_(
                    "A report for this product and year has already been filed."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.producer} · {self.product} · {self.year}"

    @property
    def deadline(self):
        return annual_report_deadline(self.year)

    @property
    def is_late(self):
        return timezone.localdate(self.submitted_at) > self.deadline


class AnnualReportObligation(Authorisation):
    """Authorisations seen as annual-report duties: the bureau's list of late reports."""

    class Meta:
        proxy = True
        verbose_name = _("annual report due")
        verbose_name_plural = _("annual reports due")


class SignupStatus(models.TextChoices):
    PENDING = "pending", _("awaiting confirmation")
    CONFIRMED = "confirmed", _("confirmed")
    REFUSED = "refused", _("refused")


class ProducerSignup(TimestampedModel):
    """A producer's self-registration: an inactive account waiting for the bureau.

    On confirmation the bureau links the account to the registered producer with the same
    credit code, or registers the producer from these details, and activates the account.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="producer_signup",
        verbose_name=_("user account"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ProducerKind.choices)
    name = models.CharField(_("name"), max_length=100)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("18 characters (GB 32100). Households without one leave it blank."),
    )
    legal_representative = models.CharField(_("legal representative"), max_length=50)
    town = models.ForeignKey(
        Town, on_delete=models.PROTECT, related_name="+", verbose_name=_("town")
    )
    address = models.CharField(_("address"), max_length=200)
    contact_phone = models.CharField(
        _("contact phone"),
        max_length=30,
        help_text=_("For the bureau to check the registration; never shown publicly."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=SignupStatus.choices, default=SignupStatus.PENDING
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    producer = models.ForeignKey(
        Producer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("producer"),
        help_text=_("Set when the bureau confirms the registration."),
    )
    history = HistoricalRecords(verbose_name=_("history"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("producer self-registration")
        verbose_name_plural = _("producer self-registrations")
        constraints = [
            choices_constraint("status", SignupStatus, "producers_signup_status_valid"),
            choices_constraint("kind", ProducerKind, "producers_signup_kind_valid"),
            models.CheckConstraint(
                condition=~Q(status=SignupStatus.CONFIRMED) | Q(producer__isnull=False),
                name="producers_signup_confirmed_has_producer",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"

    def clean_fields(self, exclude=None):
        self.credit_code = normalise_credit_code(self.credit_code)
        super().clean_fields(exclude=exclude)

    def clean(self):
        if not self.credit_code and self.kind != ProducerKind.HOUSEHOLD:
            raise ValidationError(
                {
                    "credit_code": _(
                        "Only a farming household may be registered without a credit code."
                    )
                }
            )
