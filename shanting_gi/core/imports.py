"""Cell readers for spreadsheet imports (django-import-export): what a clerk types in Excel —
是/否, a Chinese choice label, a date in any of the usual forms, a whole number — read into
values, with a message naming the value when it cannot be."""

import datetime
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext
from import_export import widgets

YES = {"是", "y", "yes", "true", "1", "x", "√", "✓"}
NO = {"否", "n", "no", "false", "0", ""}


def text_of(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel hands numbers over as floats
    return str(value).strip()


def is_yes(value):
    return text_of(value).lower() in YES


class YesNoWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = text_of(value).lower()
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValueError(gettext("“%(value)s” is neither 是 nor 否.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


class ChoiceWidget(widgets.Widget):
    """A choice given by its Chinese label (as exported) or by its stored value."""

    def __init__(self, choices, **kwargs):
        self.choices = choices
        super().__init__(**kwargs)

    def _labels(self):
        with translation.override("zh-hans"):
            return {str(label): value for value, label in self.choices.choices}

    def clean(self, value, row=None, **kwargs):
        text = text_of(value)
        if text in self.choices.values:
            return text
        labels = self._labels()
        if text in labels:
            return labels[text]
        raise ValueError(
            gettext("“%(value)s” is not one of: %(choices)s.")
            % {"value": text, "choices": "、".join(labels)}
        )

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        with translation.override("zh-hans"):
            return str(self.choices(value).label)


class DateWidget(widgets.Widget):
    """A date as Excel stores it, or typed as 2024-05-01, 2024/5/1 or 2024年5月1日."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = text_of(value)
        if not text:
            return None
        normalised = text.replace("年", "-").replace("月", "-").replace("日", "").replace("/", "-")
        try:
            return datetime.datetime.strptime(normalised.split(" ")[0], "%Y-%m-%d").date()
        except ValueError:
            raise ValueError(
                gettext("“%(value)s” is not a date; write it as 2024-05-01.") % {"value": text}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class IntegerWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = text_of(value).replace(",", "")
        if not text:
            return None
        try:
            number = int(text)
        except ValueError:
            raise ValueError(
                gettext("“%(value)s” is not a whole number.") % {"value": text}
            ) from None
        if number < 0:
            raise ValueError(gettext("The number cannot be negative."))
        return number

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return text_of(value)

    def render(self, value, obj=None, **kwargs):
        return value or ""


class DecimalWidget(widgets.Widget):
    """A number such as 12.5 (commas allowed); anything else is a message naming the value,
    never Python's decimal.InvalidOperation."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, int | float) and not isinstance(value, bool):
            return Decimal(str(value))
        text = text_of(value).replace(",", "").replace("，", "")
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise ValueError(
                gettext("“%(value)s” is not a number; write it in digits, such as 12.5.")
                % {"value": text}
            )
        if number < 0:
            raise ValueError(gettext("The number cannot be negative."))
        return number

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


def excel_column(index):
    """The spreadsheet's column letters of a 0-based column index: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


# The header is the spreadsheet's first row: data row n (1-based) is row n + 1 in Excel.
HEADER_ROWS = 1


def excel_row(number):
    return number + HEADER_ROWS
