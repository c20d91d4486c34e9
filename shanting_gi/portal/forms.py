"""The public consultation form and its tracking lookup."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from inspections.forms import TrackForm, phone_validator
from producers.accounts.forms import clean_application_document
from products.models import Product
from shanting_gi.core.forms import LocalizedModelChoiceField
from shanting_gi.core.images import MAX_UPLOAD_BYTES

from .models import ConsultationTopic

QUESTION_MAX = 2000


class AttachmentField(forms.FileField):
    """One optional file: a PDF proven by its first bytes, or a photo re-encoded without
    its metadata (the same check as producers' application documents)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = "application/pdf,image/jpeg,image/png,image/webp"

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return None
        return clean_application_document(upload)


class ConsultationForm(forms.Form):
    topic = forms.ChoiceField(
        label=_("What is your question about?"),
        choices=[("", _("Choose a topic")), *ConsultationTopic.choices],
    )
    product = LocalizedModelChoiceField(
        label=_("Product"),
        queryset=Product.objects.only("slug", "name", "name_en", "order"),
        required=False,
        empty_label=_("No product in particular"),
        to_field_name="slug",
    )
    question = forms.CharField(
        label=_("Your question"),
        max_length=QUESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "For example: which standard number must be printed on a box of cherries, how to apply for the special mark, whether a shop may use the mark. At most %(n)d characters."
        )
        % {"n": QUESTION_MAX},
    )
    attachment = AttachmentField(
        label=_("Attachment (optional)"),
        help_text=_(
            "One PDF or photo (JPEG, PNG or WebP, under %(mb)d MB), e.g. a label you want checked. Only bureau staff see it."
        )
        % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
    )
    asker_name = forms.CharField(label=_("Your name"), max_length=50, required=False)
    asker_organisation = forms.CharField(
        label=_("Enterprise, cooperative or household"), max_length=100, required=False
    )
    contact_phone = forms.CharField(
        label=_("Phone"), max_length=30, required=False, validators=[phone_validator]
    )
    contact_email = forms.EmailField(
        label=_("Email"),
        required=False,
        help_text=_("Give an email address to be told when the answer is ready."),
    )

    def clean_question(self):
        question = self.cleaned_data["question"].strip()
        if len(question) < 5:
            raise ValidationError(_("Please write your question in a few more words."))
        return question

    def model_fields(self):
        data = self.cleaned_data
        return {
            "topic": data["topic"],
            "product": data["product"],
            "question": data["question"],
            "asker_name": data["asker_name"].strip(),
            "asker_organisation": data["asker_organisation"].strip(),
            "contact_phone": data["contact_phone"].strip(),
            "contact_email": data["contact_email"].strip(),
        }


class ConsultationTrackForm(TrackForm):
    """The complaint lookup's fields and rules (number + secret, shown, never masked)."""
