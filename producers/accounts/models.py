"""Producer self-service: applications to use the special mark, the bureau's questions and
the producer's answers, the annual report on mark use the regulation requires, and
self-registration. The tables keep their names from when these models lived in the
producers app.
"""

import datetime
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from producers.register.models import Authorisation, CreditCodeRule, Producer, ProducerKind
from producers.register.validators import validate_credit_code
from products.models import Product, Town
from shanting_gi.core.models import TimestampedModel, choices_constraint
from shanting_gi.core.storage import private_storage


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
    history = HistoricalRecords(
        verbose_name=_("history"), table_name="producers_historicalapplication"
    )

    class Meta:
        db_table = "producers_application"  # kept from the producers app
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
        db_table = "producers_applicationdocument"  # kept from the producers app
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
        db_table = "producers_applicationmessage"  # kept from the producers app
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
    accepted_at = models.DateTimeField(
        _("accepted at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Once the bureau accepts the report, the producer can no longer correct it."),
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    history = HistoricalRecords(
        verbose_name=_("history"), table_name="producers_historicalannualusereport"
    )

    class Meta:
        db_table = "producers_annualusereport"  # kept from the producers app
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

    @property
    def is_accepted(self):
        return self.accepted_at is not None


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


class ProducerSignup(CreditCodeRule, TimestampedModel):
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
    history = HistoricalRecords(
        verbose_name=_("history"), table_name="producers_historicalproducersignup"
    )

    class Meta:
        db_table = "producers_producersignup"  # kept from the producers app
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
