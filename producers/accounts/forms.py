"""Forms of producer self-service: the application, the answer to the bureau, the annual
report, and the check every supporting document goes through."""

import dataclasses
import os

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from producers.accounts.backends import user_for_login
from producers.accounts.services import MAX_APPLICATION_DOCUMENTS
from producers.register.models import Authorisation, Producer
from producers.register.validators import normalise_credit_code
from products.models import Product
from shanting_gi.core.forms import MultipleFileField
from shanting_gi.core.images import clean_uploaded_image

from .models import (
    PDF_MAX_BYTES,
    AnnualUseReport,
    Application,
    ApplicationDocumentKind,
    ProducerSignup,
    SignupStatus,
)

PDF_MAGIC = b"%PDF-"


@dataclasses.dataclass
class CleanDocument:
    file: UploadedFile
    kind: str
    original_name: str


def clean_application_document(upload):
    """A PDF proven by its first bytes and at most 10 MB, or an image re-encoded by
    clean_uploaded_image. Anything else — including a non-PDF named .pdf — is refused."""
    name = os.path.basename(upload.name or "")
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head == PDF_MAGIC:
        if upload.size > PDF_MAX_BYTES:
            raise ValidationError(
                _("“%(name)s” is larger than %(mb)d MB.")
                % {"name": name, "mb": PDF_MAX_BYTES // (1024 * 1024)},
                code="too_large",
            )
        upload.name = "document.pdf"
        return CleanDocument(upload, ApplicationDocumentKind.PDF, name)
    if name.lower().endswith(".pdf") or upload.content_type == "application/pdf":
        raise ValidationError(
            _("“%(name)s” is not a real PDF file. Please scan or export it again.")
            % {"name": name},
            code="not_pdf",
        )
    return CleanDocument(clean_uploaded_image(upload), ApplicationDocumentKind.IMAGE, name)


class DocumentsField(MultipleFileField):
    """Up to MAX_APPLICATION_DOCUMENTS files, each a PDF or an image."""

    max_files = MAX_APPLICATION_DOCUMENTS
    accept = "application/pdf,image/jpeg,image/png,image/webp"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("supporting documents"))
        kwargs.setdefault(
            "help_text",
            _(
                "Up to %(n)d files: PDF (at most %(mb)d MB each) or photos (JPEG, PNG, WebP), "
                "e.g. business licence, land contract, plot map."
            )
            % {"n": MAX_APPLICATION_DOCUMENTS, "mb": PDF_MAX_BYTES // (1024 * 1024)},
        )
        super().__init__(*args, **kwargs)

    def clean_file(self, upload):
        return clean_application_document(upload)

    def too_many_message(self):
        return _("Please attach at most %(n)d documents.") % {"n": MAX_APPLICATION_DOCUMENTS}


class ApplicationForm(forms.ModelForm):
    documents = DocumentsField()

    class Meta:
        model = Application
        fields = ["product", "planting_area_mu", "address", "expected_annual_output_t"]

    def __init__(self, *args, producer, **kwargs):
        self.producer = producer
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = Product.objects.protected()
        self.fields["product"].empty_label = None
        if producer.address and not self.is_bound:
            self.initial.setdefault("address", producer.address)
        if producer.planting_area_mu is not None and not self.is_bound:
            self.initial.setdefault("planting_area_mu", producer.planting_area_mu)

    def clean_product(self):
        product = self.cleaned_data["product"]
        if Authorisation.objects.open().filter(producer=self.producer, product=product).exists():
            raise ValidationError(
                _("You already have an open application or authorisation for this product.")
            )
        return product

    def service_fields(self):
        """Keywords for account_services.application_submit."""
        data = self.cleaned_data
        return {
            "product": data["product"],
            "planting_area_mu": data["planting_area_mu"],
            "address": data["address"],
            "expected_annual_output_t": data["expected_annual_output_t"],
            "documents": data["documents"],
        }


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("your answer"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )
    documents = DocumentsField()


class AnnualReportForm(forms.ModelForm):
    class Meta:
        model = AnnualUseReport
        fields = ["product", "year", "labels_used", "quantity_sold_kg", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, producer, **kwargs):
        self.producer = producer
        super().__init__(*args, **kwargs)
        authorised = Authorisation.objects.filter(
            producer=producer, approved_on__isnull=False
        ).values("product")
        self.fields["product"].queryset = Product.objects.filter(pk__in=authorised)
        self.fields["product"].empty_label = None
        if not self.is_bound:
            self.initial.setdefault("year", timezone.localdate().year - 1)

    def clean(self):
        cleaned_data = super().clean()
        product, year = cleaned_data.get("product"), cleaned_data.get("year")
        if year and year > timezone.localdate().year:
            self.add_error("year", _("A report can only cover a year that has begun."))
        if (
            product
            and year
            and AnnualUseReport.objects.filter(
                producer=self.producer, product=product, year=year
            ).exists()
        ):
            raise ValidationError(_("A report for this product and year has already been filed."))
        return cleaned_data


class SignupForm(forms.ModelForm):
    """Self-registration: the account's sign-in details and the producer's particulars."""

    username = forms.CharField(
        label=_("user name"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_(
            "Letters, digits and @/./+/-/_ only. You sign in with it, or with your credit code."
        ),
    )
    email = forms.EmailField(
        label=_("email (optional)"),
        required=False,
        help_text=_(
            "If you have one, the bureau's decisions are also emailed to you. Every message "
            "is shown in your account either way."
        ),
    )
    password1 = forms.CharField(
        label=_("password"), strip=False, widget=forms.PasswordInput(render_value=False)
    )
    password2 = forms.CharField(
        label=_("password again"), strip=False, widget=forms.PasswordInput(render_value=False)
    )
    # Longer than the 18 characters stored, so a code typed with spaces or dashes reaches
    # normalisation instead of failing the length check first.
    credit_code = forms.CharField(
        label=_("unified social credit code"),
        max_length=40,
        required=False,
        help_text=_("18 characters (GB 32100). Households without one leave it blank."),
    )

    class Meta:
        model = ProducerSignup
        fields = [
            "kind",
            "name",
            "credit_code",
            "legal_representative",
            "town",
            "address",
            "contact_phone",
        ]
        help_texts = {
            "contact_phone": _(
                "The bureau calls this number about your registration; never shown publicly."
            )
        }

    field_order = ["username", "email", "password1", "password2"]

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise ValidationError(_("This user name is taken; please choose another."))
        return username

    def clean_credit_code(self):
        code = normalise_credit_code(self.cleaned_data["credit_code"])
        if code and Producer.objects.filter(credit_code=code, user__isnull=False).exists():
            raise ValidationError(
                _("This producer already has an account. Ask the bureau if you lost access.")
            )
        if (
            code
            and ProducerSignup.objects.filter(
                credit_code=code, status=SignupStatus.PENDING
            ).exists()
        ):
            raise ValidationError(_("A registration with this credit code is already waiting."))
        return code

    def clean(self):
        cleaned_data = super().clean()
        password1, password2 = cleaned_data.get("password1"), cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        elif password1:
            user = get_user_model()(
                username=cleaned_data.get("username", ""), email=cleaned_data.get("email", "")
            )
            try:
                password_validation.validate_password(password1, user)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned_data

    def service_fields(self):
        data = self.cleaned_data
        return {
            "username": data["username"],
            "email": data["email"],
            "password": data["password1"],
            **{name: data[name] for name in self.Meta.fields},
        }


class LoginForm(AuthenticationForm):
    """Sign in with the user name or the credit code. An account the bureau has not yet
    confirmed is told so — not "wrong password" — once its password is right."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The user name or credit code and the password do not match. Both are "
            "case-sensitive except the credit code."
        ),
        "pending": _(
            "Your registration is being reviewed (注册申请正在审核). The district market "
            "supervision bureau will confirm it; you can sign in once it has."
        ),
        "refused": _("Your registration was not confirmed: %(reason)s"),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("user name or credit code")

    def clean(self):
        try:
            return super().clean()
        except ValidationError as error:
            if error.code != "invalid_login":
                raise
            user = user_for_login(self.cleaned_data.get("username"))
            password = self.cleaned_data.get("password")
            # Say more only to whoever knows the password: no probing for accounts.
            if user is None or user.is_active or not password or not user.check_password(password):
                raise
            signup = ProducerSignup.objects.filter(user=user).first()
            if signup is None:
                raise
            if signup.status == SignupStatus.REFUSED:
                raise ValidationError(
                    self.error_messages["refused"],
                    code="refused",
                    params={"reason": signup.decision_reason},
                ) from None
            raise ValidationError(self.error_messages["pending"], code="pending") from None


class ReportCorrectionForm(forms.ModelForm):
    """The producer corrects the figures of a filed report (not yet accepted)."""

    reason = forms.CharField(
        label=_("what you corrected and why"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=500,
    )

    class Meta:
        model = AnnualUseReport
        fields = ["labels_used", "quantity_sold_kg", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
