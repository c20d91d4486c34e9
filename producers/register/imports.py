"""Excel and CSV import and export of producers and authorisations (django-import-export).

Both files have Chinese column headers, the same for import and export, so an exported file
can be edited and imported again. Every row is written through the services:
producers through services.producer_save, authorisations through services.authorisation_apply
and then the lifecycle step their status column asks for (approve, suspend …).

All or nothing: the preview is a dry run, and the real import runs in one transaction that
is rolled back as soon as one row fails (use_transactions, and validation errors roll back
too), so a file with one bad row writes nothing.

Credit codes (统一社会信用代码) with a wrong check character (GB 32100):

- on a **historical** row they are a warning: the row is imported with the code as written
  and a note on the producer, and the warning is shown in the preview and after the import;
- on any other row they are an error, like every other credit-code problem.

A row is historical when its 历史数据 column says yes (是, y, yes, true, 1), or — for an
authorisation — when its approval date (批准日期) is before 2021-01-01, from the years
before codes were checked on entry.
"""

import datetime

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import SelectableFieldsExportForm

from producers.register import services
from producers.register.validators import credit_code_problem, normalise_credit_code
from products.models import Product, Town
from shanting_gi.core.imports import (
    ChoiceWidget,
    DateWidget,
    DecimalWidget,
    IntegerWidget,
    TextWidget,
    YesNoWidget,
    excel_column,
    excel_row,
    is_yes,
    text_of,
)

from .models import Authorisation, AuthorisationStatus, Producer, ProducerKind

HISTORICAL_BEFORE = datetime.date(2021, 1, 1)
HISTORICAL_COLUMN = "历史数据"


class TownWidget(widgets.ForeignKeyWidget):
    """A town by its Chinese name or its code."""

    def __init__(self, **kwargs):
        super().__init__(Town, field="name", **kwargs)

    def clean(self, value, row=None, **kwargs):
        text = text_of(value)
        if not text:
            raise ValueError(gettext("The town is missing: write its name, such as 水泉镇."))
        town = Town.objects.filter(name=text).first() or Town.objects.filter(code=text).first()
        if town is None:
            raise ValueError(gettext("There is no town called “%(value)s”.") % {"value": text})
        return town


class ProductWidget(widgets.ForeignKeyWidget):
    def __init__(self, **kwargs):
        super().__init__(Product, field="name", **kwargs)

    def clean(self, value, row=None, **kwargs):
        text = text_of(value)
        product = Product.objects.filter(name=text).first() if text else None
        if product is None:
            raise ValueError(gettext("There is no product called “%(value)s”.") % {"value": text})
        return product


def _check_credit_code(resource, code, *, historical, row_number):
    """Error or warning for a credit code; returns True when it goes in with a bad check."""
    problem = credit_code_problem(code) if code else None
    if problem is None:
        return False
    kind, message = problem
    if kind == "check" and historical:
        resource.row_warnings.append(
            (
                excel_row(row_number),
                gettext(
                    "Credit code %(code)s: the check character does not match. The row is "
                    "historical, so it was imported as written; please verify the code."
                )
                % {"code": code},
            )
        )
        return True
    if kind == "check":
        message = gettext(
            "%(message)s A new record must have a valid code; mark the row as historical "
            "(column 历史数据 = 是) only for records from before the code was checked."
        ) % {"message": message}
    raise ValidationError({"credit_code": message})


class WarningsResourceMixin:
    """Collects warnings per row; after_import hands them over on the result."""

    def before_import(self, dataset, **kwargs):
        self.row_warnings = []
        self.user = kwargs.get("user")
        super().before_import(dataset, **kwargs)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        result.row_warnings = list(self.row_warnings)
        self._errors_as_in_excel(dataset, result)

    def _errors_as_in_excel(self, dataset, result):
        """Errors a clerk can find in the spreadsheet: Excel's row numbers, the Chinese
        column header and the cell (e.g. F3) in place of the model's field name, and
        empty cells shown empty rather than as None."""
        headers = list(dataset.headers or [])
        column_of = {}
        for field in self.get_import_fields():
            header = field.column_name
            if header in headers:
                cell_column = excel_column(headers.index(header))
                column_of[field.attribute] = (header, cell_column)
                column_of[field.column_name] = (header, cell_column)
        for row in result.invalid_rows:
            row.number = excel_row(row.number)
            errors = {}
            for key, problems in row.error_dict.items():
                header, column = column_of.get(key, (None, None))
                if header is None:
                    errors.setdefault(NON_FIELD_ERRORS, []).extend(problems)
                else:
                    label = gettext("%(column)s (cell %(cell)s)") % {
                        "column": header,
                        "cell": f"{column}{row.number}",
                    }
                    errors[label] = list(problems)
            row.error_dict = errors
            # import-export shows a column missing from the file as "---", a blank cell as None.
            row.values = tuple("" if value in (None, "---") else value for value in row.values)
        for row in result.error_rows:
            row.number = excel_row(row.number)

    def import_data(self, dataset, **kwargs):
        # One bad row, whatever its kind of error, leaves the database as it was.
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)

    def import_row(self, row, instance_loader, **kwargs):
        # A row left blank in the spreadsheet (cleared, not deleted) is no producer.
        if all(text_of(value) == "" for value in row.values()):
            result = self.get_row_result_class()()
            result.import_type = result.IMPORT_TYPE_SKIP
            result.number = kwargs.get("row_number")
            return result
        return super().import_row(row, instance_loader, **kwargs)


# ---------------------------------------------------------------------------------------------
# Producers


class ProducerResource(WarningsResourceMixin, resources.ModelResource):
    """Producers, one a row. Rows with a known credit code update that producer; households
    without a code are found by name and town. Historical rows: 历史数据 = 是."""

    name = fields.Field("name", "名称", widget=TextWidget())
    name_en = fields.Field("name_en", "英文名称", widget=TextWidget())
    kind = fields.Field("kind", "类型", widget=ChoiceWidget(ProducerKind))
    credit_code = fields.Field("credit_code", "统一社会信用代码", widget=TextWidget())
    legal_representative = fields.Field("legal_representative", "法定代表人", widget=TextWidget())
    town = fields.Field("town", "乡镇", widget=TownWidget())
    address = fields.Field("address", "地址", widget=TextWidget())
    public_contact = fields.Field("public_contact", "公开联系方式", widget=TextWidget())
    planting_area_mu = fields.Field("planting_area_mu", "种植面积（亩）", widget=DecimalWidget())
    association_member = fields.Field(
        "association_member", "协会会员", widget=YesNoWidget(), default=False
    )
    is_public = fields.Field("is_public", "公开显示", widget=YesNoWidget(), default=True)
    historical = fields.Field(None, HISTORICAL_COLUMN, readonly=True)

    class Meta:
        model = Producer
        fields = [
            "name",
            "name_en",
            "kind",
            "credit_code",
            "legal_representative",
            "town",
            "address",
            "public_contact",
            "planting_area_mu",
            "association_member",
            "is_public",
            "historical",
        ]
        import_id_fields = []
        use_transactions = True
        skip_unchanged = False
        clean_model_instances = True

    def dehydrate_historical(self, obj):
        return ""

    def get_or_init_instance(self, instance_loader, row):
        code = normalise_credit_code(text_of(row.get("统一社会信用代码")))
        if code:
            existing = Producer.objects.filter(credit_code=code).first()
        else:
            existing = Producer.objects.filter(
                credit_code="", name=text_of(row.get("名称")), town__name=text_of(row.get("乡镇"))
            ).first()
        return (existing, False) if existing else (self.init_instance(row), True)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        instance.credit_code = normalise_credit_code(instance.credit_code or "")
        instance._bad_check_accepted = False
        if "credit_code" not in errors:
            try:
                instance._bad_check_accepted = _check_credit_code(
                    self,
                    instance.credit_code,
                    historical=is_yes(row.get(HISTORICAL_COLUMN)),
                    row_number=kwargs.get("row_number"),
                )
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
        if instance._bad_check_accepted:
            note = gettext(
                "Imported as historical data; the credit code's check character does not "
                "match (GB 32100) and was kept as written."
            )
            if note not in instance.notes:
                instance.notes = f"{instance.notes}\n{note}".strip()

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if not getattr(instance, "_bad_check_accepted", False):
            return super().validate_instance(instance, import_validation_errors, validate_unique)
        # Everything but the check character, which the row's historical mark excuses.
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=["credit_code", *errors])
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        duplicate = Producer.objects.filter(credit_code=instance.credit_code).exclude(
            pk=instance.pk
        )
        if duplicate.exists():
            errors.setdefault("credit_code", []).append(
                gettext("Another producer already has this credit code.")
            )
        if errors:
            raise ValidationError(errors)

    def do_instance_save(self, instance, is_create):
        reason = gettext("Imported from a spreadsheet.")
        if getattr(instance, "_bad_check_accepted", False):
            producer_save_historical(producer=instance, by=self.user, reason=reason)
        else:
            services.producer_save(producer=instance, by=self.user, reason=reason)


def producer_save_historical(*, producer, by=None, reason=""):
    """producer_save without the check-character test, for historical imports only.

    The import has validated everything else (validate_instance above); the producers
    service would refuse the code, so this saves with the same history bookkeeping.
    """
    with transaction.atomic():
        producer._change_reason = reason
        if by is not None and by.is_authenticated:
            producer._history_user = by
        producer.save()
    return producer


# ---------------------------------------------------------------------------------------------
# Authorisations


class AuthorisationResource(WarningsResourceMixin, resources.ModelResource):
    """Special-mark authorisations, one a row; each row records a new authorisation.

    The producer is found by its credit code (or, for a household without one, by name).
    The row goes through authorisation_apply, then the step its status asks for:
    under review → authorisation_review; approved → authorisation_approve; suspended,
    revoked, expired → approve, then suspend / revoke / expire; rejected → reject.
    Historical: 历史数据 = 是, or approved before 2021-01-01.
    """

    producer_credit_code = fields.Field(
        "producer__credit_code", "统一社会信用代码", widget=TextWidget(), readonly=True
    )
    producer_name = fields.Field("producer__name", "生产者", widget=TextWidget(), readonly=True)
    product = fields.Field("product", "产品", widget=ProductWidget())
    status = fields.Field("status", "状态", widget=ChoiceWidget(AuthorisationStatus))
    applied_on = fields.Field("applied_on", "申请日期", widget=DateWidget())
    approved_on = fields.Field("approved_on", "批准日期", widget=DateWidget())
    announcement_number = fields.Field("announcement_number", "公告号", widget=TextWidget())
    valid_until = fields.Field("valid_until", "有效期至", widget=DateWidget())
    annual_quantity_cap = fields.Field(
        "annual_quantity_cap", "年度标签上限", widget=IntegerWidget()
    )
    status_reason = fields.Field("status_reason", "说明", widget=TextWidget())
    historical = fields.Field(None, HISTORICAL_COLUMN, readonly=True)

    class Meta:
        model = Authorisation
        fields = [
            "producer_credit_code",
            "producer_name",
            "product",
            "status",
            "applied_on",
            "approved_on",
            "announcement_number",
            "valid_until",
            "annual_quantity_cap",
            "status_reason",
            "historical",
        ]
        import_id_fields = []
        use_transactions = True
        skip_unchanged = False
        clean_model_instances = True

    def dehydrate_historical(self, obj):
        return ""

    def get_or_init_instance(self, instance_loader, row):
        return self.init_instance(row), True

    def _historical(self, row, approved_on):
        return is_yes(row.get(HISTORICAL_COLUMN)) or (
            approved_on is not None and approved_on < HISTORICAL_BEFORE
        )

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not instance.status:
            instance.status = AuthorisationStatus.APPLIED
        code = normalise_credit_code(text_of(row.get("统一社会信用代码")))
        name = text_of(row.get("生产者"))
        try:
            _check_credit_code(
                self,
                code,
                historical=self._historical(row, instance.approved_on),
                row_number=kwargs.get("row_number"),
            )
            if code:
                producer = Producer.objects.filter(credit_code=code).first()
            else:
                producer = Producer.objects.filter(credit_code="", name=name).first()
            if producer is None:
                raise ValidationError(
                    {
                        "producer": gettext(
                            "No producer with credit code “%(code)s” (name “%(name)s”) is "
                            "registered; import the producers first."
                        )
                        % {"code": code, "name": name}
                    }
                )
            instance.producer = producer
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def do_instance_save(self, instance, is_create):
        created = authorisation_import(authorisation=instance, by=self.user)
        instance.pk = created.pk
        instance._state.adding = False
        instance.refresh_from_db()


def authorisation_import(*, authorisation, by):
    """Record an imported authorisation through the services, step by step to its status."""
    S = AuthorisationStatus
    target = authorisation.status
    note = (authorisation.status_reason or "").strip()
    reason = note or gettext("Imported from a spreadsheet.")
    with transaction.atomic():
        created = services.authorisation_apply(
            producer=authorisation.producer,
            product=authorisation.product,
            by=by,
            applied_on=authorisation.applied_on,
            reason=reason,
            annual_quantity_cap=authorisation.annual_quantity_cap,
        )
        if target == S.UNDER_REVIEW:
            services.authorisation_review(authorisation=created, by=by, reason=reason)
        elif target == S.REJECTED:
            services.authorisation_reject(authorisation=created, by=by, reason=reason)
        elif target in (S.APPROVED, S.SUSPENDED, S.REVOKED, S.EXPIRED):
            services.authorisation_approve(
                authorisation=created,
                by=by,
                reason=reason,
                announcement_number=authorisation.announcement_number,
                approved_on=authorisation.approved_on,
                valid_until=authorisation.valid_until,
            )
            step = {
                S.SUSPENDED: services.authorisation_suspend,
                S.REVOKED: services.authorisation_revoke,
                S.EXPIRED: services.authorisation_expire,
            }.get(target)
            if step is not None:
                step(authorisation=created, by=by, reason=reason)
    return created


# ---------------------------------------------------------------------------------------------
# Admin integration


def import_failure_message(result):
    problems = [str(error.error) for error in result.base_errors]
    problems += [
        f"{number}: {error.error}" for number, errors in result.row_errors() for error in errors
    ]
    problems += [
        f"{row.number}: {'; '.join(str(m) for m in row.error.messages)}"
        for row in result.invalid_rows
    ]
    return gettext("Nothing was imported. Rows with errors — %(problems)s") % {
        "problems": " | ".join(problems) or "—"
    }


class ColumnHeaderExportForm(SelectableFieldsExportForm):
    """The export page offers each column by its Chinese header (名称), not by a title made
    from the field's English name ("Name (名称)")."""

    def _get_field_label(self, resource, field_name):
        field = resource.fields.get(field_name)
        return field.column_name if field is not None else field_name


class ImportExportAdminMixin(ImportExportMixin):
    """Import and export buttons on a changelist: .xlsx and .csv, warnings shown.

    The changelist template with the buttons is used only when "import_export" is in
    INSTALLED_APPS (its templates live in that app); without it the admin still works.
    """

    import_template_name = "admin/producers/import.html"
    export_form_class = ColumnHeaderExportForm

    @property
    def formats(self):
        return [base_formats.XLSX, base_formats.CSV]

    def init_change_list_template(self):
        self.ie_base_change_list_template = "admin/change_list.html"

    @property
    def change_list_template(self):
        if apps.is_installed("import_export"):
            return "admin/import_export/change_list_import_export.html"
        return None

    @change_list_template.setter
    def change_list_template(self, value):
        pass  # decided per request by the getter above

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # A row that passed the preview failed now (someone changed the data meanwhile):
            # the transaction was rolled back, so say that instead of "import finished".
            messages.error(request, import_failure_message(result))
            return HttpResponseRedirect(
                reverse("admin:{}_{}_changelist".format(*self.get_model_info()))
            )
        response = super().process_result(result, request)
        for number, warning in getattr(result, "row_warnings", []):
            messages.warning(
                request,
                _("Row %(number)s: %(warning)s") % {"number": number, "warning": warning},
            )
        return response
