"""Public forms: the consumer complaint and the tracking lookup.

ComplaintForm holds every rule of a complaint's fields: every door that takes complaints
validates through it (inspections.complaint_intake) and describes its fields from it
rather than writing them out again.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from products.models import Product
from shanting_gi.core.forms import MultipleFileField
from shanting_gi.core.images import MAX_UPLOAD_BYTES, clean_uploaded_image

from .services import MAX_COMPLAINT_PHOTOS

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 \-]{5,19}$", _("Enter a phone number of digits, spaces or dashes.")
)


class MultipleImageField(MultipleFileField):
    """Up to MAX_COMPLAINT_PHOTOS photos, each proven an image and re-encoded."""

    max_files = MAX_COMPLAINT_PHOTOS
    accept = "image/jpeg,image/png,image/webp"

    def clean_file(self, upload):
        return clean_uploaded_image(upload)

    def too_many_message(self):
        return _("Please attach at most %(n)d photos.") % {"n": MAX_COMPLAINT_PHOTOS}


def _photos_help_text():
    # Interpolated when shown: `gettext_lazy(…) % values` would be rendered once, at import,
    # in whatever language was active then, and show on both the Chinese and English page.
    return _(
        "Up to %(n)d photos of the product, the label or the receipt (JPEG, PNG or WebP, each under %(mb)d MB). Location data in photos is removed."
    ) % {"n": MAX_COMPLAINT_PHOTOS, "mb": MAX_UPLOAD_BYTES // (1024 * 1024)}


class ComplaintForm(forms.Form):
    product = forms.ModelChoiceField(
        label=_("Product"),
        queryset=Product.objects.all(),
        required=False,
        empty_label=_("Not sure / other"),
        to_field_name="slug",
    )
    description = forms.CharField(
        label=_("What is wrong?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "For example: the label code was not genuine, the fruit did not look like the real product, the special mark was misused."
        ),
    )
    bought_where = forms.CharField(
        label=_("Where did you buy it?"),
        max_length=200,
        required=False,
        help_text=_("Market, shop or online store, with the address or web address."),
    )
    bought_on = forms.DateField(
        label=_("When did you buy it?"),
        help_text=_("Not later than today."),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    seller = forms.CharField(label=_("Seller"), max_length=150, required=False)
    label_code = forms.CharField(label=_("Label code (if any)"), max_length=40, required=False)
    photos = MultipleImageField(label=_("Photos"), help_text=lazy(_photos_help_text, str)())
    contact_name = forms.CharField(label=_("Your name"), max_length=50, required=False)
    contact_phone = forms.CharField(
        label=_("Phone"), max_length=30, required=False, validators=[phone_validator]
    )
    contact_email = forms.EmailField(label=_("Email"), required=False)

    # Seen only by bureau staff: never on a page, in the API's answers or an export.
    private_fields = ("contact_name", "contact_phone", "contact_email")

    def clean_photos(self):
        # A text part named photos would pass unnoticed (photos are read from the files
        # only): tell the sender it never arrived as a photo.
        if "photos" in self.data:
            raise ValidationError(_("Send each photo as a file."), code="not_a_file")
        return self.cleaned_data["photos"]

    def clean_bought_on(self):
        value = self.cleaned_data["bought_on"]
        if value and value > timezone.localdate():
            raise ValidationError(_("The purchase date cannot be in the future."))
        return value

    def model_fields(self):
        """The cleaned values that become Complaint fields (photos are stored separately)."""
        data = self.cleaned_data
        return {
            "product": data["product"],
            "description": data["description"].strip(),
            "bought_where": data["bought_where"].strip(),
            "bought_on": data["bought_on"],
            "seller": data["seller"].strip(),
            "label_code": data["label_code"].strip().upper(),
            "contact_name": data["contact_name"].strip(),
            "contact_phone": data["contact_phone"].strip(),
            "contact_email": data["contact_email"].strip(),
        }


# Receipts are copied from a screen or a printout: shown in full while typed, never masked.
RECEIPT_INPUT = {
    "autocomplete": "off",
    "autocapitalize": "characters",
    "autocorrect": "off",
    "spellcheck": "false",
    "class": "code-input",
}


class TrackForm(forms.Form):
    tracking_number = forms.CharField(
        label=_("Tracking number"), max_length=30, widget=forms.TextInput(attrs=RECEIPT_INPUT)
    )
    secret = forms.CharField(
        label=_("Secret"),
        max_length=40,
        help_text=_(
            "16 letters and digits, e.g. 7KQM-3WXH-P9TA-CR4E; dashes and case do not matter."
        ),
        widget=forms.TextInput(attrs=RECEIPT_INPUT),
    )
