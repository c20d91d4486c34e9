"""Forms of the register's back-office actions."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shanting_gi.core.admin import ReasonForm, date_input


class ApproveForm(ReasonForm):
    announcement_number = forms.CharField(label=_("announcement number"), max_length=100)
    approved_on = forms.DateField(
        label=_("approved on"), initial=timezone.localdate, widget=date_input()
    )
    valid_until = forms.DateField(label=_("valid until"), required=False, widget=date_input())
    annual_quantity_cap = forms.IntegerField(
        label=_("annual label cap"),
        required=False,
        min_value=0,
        help_text=_("Blank keeps the cap as it is (or no cap)."),
    )

    field_order = ["announcement_number", "approved_on", "valid_until", "annual_quantity_cap"]

    def clean(self):
        cleaned_data = super().clean()
        approved_on, valid_until = cleaned_data.get("approved_on"), cleaned_data.get("valid_until")
        if approved_on and valid_until and valid_until < approved_on:
            self.add_error("valid_until", _("The validity cannot end before the approval date."))
        return cleaned_data
