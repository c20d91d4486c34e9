"""Excel / CSV import and export of producers and authorisations in the back-office."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from tablib import Dataset

from producers.register.imports import AuthorisationResource, ProducerResource
from producers.register.models import Authorisation, Producer
from producers.register.validators import credit_code_problem
from tests.factories import credit_code, credit_code_with_wrong_check, make_authorisation

from .conftest import admin_url

pytestmark = pytest.mark.django_db

PRODUCER_HEADERS = ["名称", "类型", "统一社会信用代码", "乡镇", "地址", "协会会员", "历史数据"]
XLSX, CSV = "0", "1"  # the order of the formats offered


@pytest.fixture(autouse=True)
def import_export_installed(settings):
    # Until settings.py lists it: the import pages use import_export's templates.
    if "import_export" not in settings.INSTALLED_APPS:
        settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "import_export"]
    return settings


def xlsx(headers, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(headers, rows):
    lines = [",".join(headers)] + [",".join(str(v) for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def upload(client, model, content, name="data.xlsx", fmt=XLSX):
    """Step 1: the dry run with its preview (or its errors)."""
    return client.post(
        admin_url(model, "changelist") + "import/",
        {"format": fmt, "resource": "0", "import_file": SimpleUploadedFile(name, content)},
    )


def confirm(client, model, preview):
    """Step 2: the real import, from the confirm form the preview offered."""
    form = preview.context["confirm_form"]
    data = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}
    data = {k: "" if v is None else v for k, v in data.items()}
    return client.post(admin_url(model, "changelist") + "process_import/", data)


def producer_row(n, **overrides):
    row = {
        "名称": f"樱桃合作社{n}",
        "类型": "cooperative",
        "统一社会信用代码": credit_code(),
        "乡镇": "水泉镇",
        "地址": f"水泉镇{n}号",
        "协会会员": "是",
        "历史数据": "",
    }
    row.update(overrides)
    return [row[h] for h in PRODUCER_HEADERS]


def test_import_page_renders_for_bureau_not_for_auditor(bureau_client, client, auditor):
    url = admin_url(Producer, "changelist") + "import/"
    changelist = bureau_client.get(admin_url(Producer, "changelist")).content.decode()
    assert f"href='{url}' class=\"import_link\"" in changelist
    page = bureau_client.get(url)
    assert page.status_code == 200
    assert "统一社会信用代码" in page.content.decode()
    client.force_login(auditor)
    assert client.get(url).status_code == 403
    assert client.get(admin_url(Producer, "changelist") + "export/").status_code == 200


def test_valid_xlsx_imports_every_row(bureau_client, bureau_user, town):
    content = xlsx(PRODUCER_HEADERS, [producer_row(n) for n in (11, 12, 13)])
    preview = upload(bureau_client, Producer, content)
    assert preview.status_code == 200
    assert "confirm_form" in preview.context, preview.context["result"].invalid_rows
    assert not Producer.objects.exists()  # the preview is a dry run
    response = confirm(bureau_client, Producer, preview)
    assert response.status_code == 302
    producers = Producer.objects.order_by("name")
    assert [p.name for p in producers] == ["樱桃合作社11", "樱桃合作社12", "樱桃合作社13"]
    assert all(p.association_member and p.town == town for p in producers)
    assert producers[0].history.get().history_user == bureau_user  # through producer_save


def test_csv_imports_too(bureau_client, town):
    row = producer_row(21)
    content = csv_bytes(PRODUCER_HEADERS, [row])
    preview = upload(bureau_client, Producer, content, name="data.csv", fmt=CSV)
    confirm(bureau_client, Producer, preview)
    assert Producer.objects.get().credit_code == row[PRODUCER_HEADERS.index("统一社会信用代码")]


def test_one_bad_row_writes_nothing_and_shows_the_row_error(bureau_client, town):
    rows = [producer_row(31), producer_row(32, 类型="工厂"), producer_row(33)]
    response = upload(bureau_client, Producer, xlsx(PRODUCER_HEADERS, rows))
    assert response.status_code == 200
    result = response.context["result"]
    assert "confirm_form" not in response.context
    assert [row.number for row in result.invalid_rows] == [3]  # Excel rows: header is 1
    assert "工厂" in response.content.decode()
    assert not Producer.objects.exists()
    # And the import itself refuses the whole file, not just the bad row.
    resource = ProducerResource()
    dataset = Dataset(*rows, headers=PRODUCER_HEADERS)
    outcome = resource.import_data(dataset, dry_run=False)
    assert outcome.has_validation_errors()
    assert not Producer.objects.exists()


def test_new_code_with_a_bad_check_character_is_an_error(bureau_client, town):
    code = credit_code_with_wrong_check()
    response = upload(
        bureau_client,
        Producer,
        xlsx(PRODUCER_HEADERS, [producer_row(41, **{"统一社会信用代码": code})]),
    )
    result = response.context["result"]
    assert [row.number for row in result.invalid_rows] == [2]  # Excel rows: header is 1
    with translation.override("zh-hans"):
        expected = str(credit_code_problem(code)[1])
    assert expected in response.content.decode()
    assert not Producer.objects.exists()


def test_historical_code_with_a_bad_check_character_is_a_warning(bureau_client, town):
    code = credit_code_with_wrong_check()
    rows = [producer_row(42, **{"统一社会信用代码": code, "历史数据": "是"}), producer_row(43)]
    preview = upload(bureau_client, Producer, xlsx(PRODUCER_HEADERS, rows))
    assert "confirm_form" in preview.context
    assert [number for number, _warning in preview.context["result"].row_warnings] == [2]
    assert code in preview.content.decode()
    response = confirm(bureau_client, Producer, preview)
    assert response.status_code == 302
    historical = Producer.objects.get(name="樱桃合作社42")
    assert historical.credit_code == code  # kept as written
    assert historical.notes  # with a note saying so
    assert Producer.objects.count() == 2
    follow = bureau_client.get(response["Location"])
    assert any(code in str(m) for m in follow.context["messages"])


def authorisation_rows(producer, cherry, **overrides):
    row = {
        "统一社会信用代码": producer.credit_code,
        "生产者": producer.name,
        "产品": cherry.name,
        "状态": "approved",
        "申请日期": datetime.date(2019, 3, 1),
        "批准日期": datetime.date(2019, 6, 1),
        "公告号": "国家知识产权局公告第300号",
        "有效期至": "",
        "年度标签上限": 5000,
        "历史数据": "",
    }
    row.update(overrides)
    return list(row), [list(row.values())]


def test_authorisations_import_through_the_services(bureau_client, bureau_user, producer, cherry):
    headers, rows = authorisation_rows(producer, cherry)
    preview = upload(bureau_client, Authorisation, xlsx(headers, rows))
    assert "confirm_form" in preview.context, preview.context["result"].invalid_rows
    confirm(bureau_client, Authorisation, preview)
    authorisation = Authorisation.objects.get()
    assert authorisation.status == "approved"
    assert authorisation.approved_on == datetime.date(2019, 6, 1)
    assert authorisation.annual_quantity_cap == 5000
    # applied, then approved: two history rows, both by the importing user
    history = list(authorisation.history.order_by("history_date"))
    assert [h.status for h in history] == ["applied", "approved"]
    assert {h.history_user for h in history} == {bureau_user}


def test_row_failing_at_confirmation_writes_nothing(bureau_client, producer, jujube, cherry):
    headers, rows = authorisation_rows(producer, cherry)
    rows.append(rows[0][:2] + [jujube.name] + rows[0][3:])
    preview = upload(bureau_client, Authorisation, xlsx(headers, rows))
    assert "confirm_form" in preview.context
    # Meanwhile someone records the jujube application by hand.
    make_authorisation(producer=producer, product=jujube)
    response = confirm(bureau_client, Authorisation, preview)
    assert response.status_code == 302
    assert Authorisation.objects.count() == 1  # the cherry row was rolled back too
    follow = bureau_client.get(response["Location"])
    assert [m.level_tag for m in follow.context["messages"]] == ["error"]


def test_authorisation_for_an_unknown_producer_is_an_error(bureau_client, producer, cherry):
    headers, rows = authorisation_rows(producer, cherry, 统一社会信用代码=credit_code())
    response = upload(bureau_client, Authorisation, xlsx(headers, rows))
    assert [row.number for row in response.context["result"].invalid_rows] == [2]
    assert not Authorisation.objects.exists()


def test_old_approval_makes_a_bad_check_character_a_warning(bureau_client, producer, cherry):
    # The producer was imported historically with its code as written.
    producer.credit_code = credit_code_with_wrong_check()
    Producer.objects.filter(pk=producer.pk).update(credit_code=producer.credit_code)
    headers, rows = authorisation_rows(producer, cherry)  # approved in 2019: historical
    preview = upload(bureau_client, Authorisation, xlsx(headers, rows))
    assert preview.context["result"].row_warnings
    confirm(bureau_client, Authorisation, preview)
    assert Authorisation.objects.get().producer == producer
    headers, rows = authorisation_rows(
        producer, cherry, 批准日期=datetime.date(2023, 6, 1), 申请日期=datetime.date(2023, 3, 1)
    )
    Authorisation.objects.all().delete()
    response = upload(bureau_client, Authorisation, xlsx(headers, rows))
    assert [row.number for row in response.context["result"].invalid_rows] == [2]


def test_export_has_chinese_headers(bureau_client, producer, authorisation):
    fields = {f"producerresource_{name}": "on" for name in ProducerResource().get_export_order()}
    response = bureau_client.post(
        admin_url(Producer, "changelist") + "export/",
        {"format": XLSX, "resource": "0", **fields},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert list(rows[0])[:4] == ["名称", "英文名称", "类型", "统一社会信用代码"]
    assert rows[1][0] == producer.name and rows[1][3] == producer.credit_code
    headers = AuthorisationResource().get_export_headers()
    assert headers[:3] == ["统一社会信用代码", "生产者", "产品"]
    dataset = AuthorisationResource().export()
    assert dataset[0][1] == producer.name
