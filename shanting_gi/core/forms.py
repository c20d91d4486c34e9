"""Form fields every app's forms and filters share."""

from django import forms
from django.core.exceptions import ValidationError


class LocalizedModelChoiceField(forms.ModelChoiceField):
    """Choices labelled in the active language: each object's display_name."""

    def label_from_instance(self, obj):
        return obj.display_name


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Up to max_files uploads, each proven by clean_file (which returns what is stored or
    raises ValidationError). The problems of every file are listed at once."""

    widget = MultipleFileInput
    max_files = 1
    accept = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        if self.accept:
            self.widget.attrs.setdefault("accept", self.accept)

    def clean_file(self, upload):
        raise NotImplementedError

    def too_many_message(self):
        raise NotImplementedError

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > self.max_files:
            raise ValidationError(self.too_many_message(), code="too_many")
        cleaned, errors = [], []
        for upload in files:
            upload = super().clean(upload, initial)
            try:
                cleaned.append(self.clean_file(upload))
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned
