"""Streamed CSV and JSON downloads of the public registers."""

import csv
import io
import json
import re

import pytest
from django.http import StreamingHttpResponse
from django.utils import translation

from producers.register.models import Authorisation, Producer
from shanting_gi.core.models import field_label

pytestmark = pytest.mark.django_db

BOM = "\ufeff".encode()


def download(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    assert isinstance(response, StreamingHttpResponse)
    return response, b"".join(response.streaming_content)


def csv_rows(client, name, **params):
    response, body = download(client, f"/exports/{name}.csv", **params)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert body.startswith(BOM)
    return list(csv.reader(io.StringIO(body[len(BOM) :].decode("utf-8"))))


def json_rows(client, name, **params):
    response, body = download(client, f"/exports/{name}.json", **params)
    assert response["Content-Type"] == "application/json"
    data = json.loads(body)
    assert data["license"] == "CC BY 4.0"
    assert data["attribution"] == "山亭区市场监督管理局"
    return data["rows"]


class TestProducers:
    def test_csv_has_bom_chinese_headers_and_a_row_per_authorisation(self, client, register):
        response, body = download(client, "/exports/producers.csv")
        assert body[:3] == b"\xef\xbb\xbf"
        assert response["Content-Disposition"].startswith('attachment; filename="shanting-gi-')
        assert 'rel="license"' in response["Link"]
        header, *rows = csv.reader(io.StringIO(body.decode("utf-8-sig")))
        assert header[:4] == ["生产者编号", "名称", "名称（英文）", "类型"]
        assert "统一社会信用代码" in header and "核准日期" in header
        by_name = {row[1]: dict(zip(header, row, strict=True)) for row in rows}
        assert set(by_name) == {"水泉镇樱桃专业合作社", "北庄镇农户周某", "店子红枣有限公司"}
        household = by_name["北庄镇农户周某"]
        assert household["镇街统计用区划代码"] == "370406104"
        assert household["镇街"] == "北庄镇"
        assert household["产品网址标识"] == "shanting-fire-cherry"
        assert household["状态"] == "已暂停"
        assert household["当前有效"] == "否"
        assert household["最近一次变更的原因"] == "抽检不合格，限期整改"
        assert by_name["水泉镇樱桃专业合作社"]["当前有效"] == "是"
        assert household["公开页面地址"] == f"http://testserver/producers/{register.household.pk}/"

    def test_a_producer_without_authorisation_has_one_row(self, client, register, make_producer):
        make_producer(register.dianzi, name="尚未申请的合作社")
        rows = [row for row in csv_rows(client, "producers") if row[1] == "尚未申请的合作社"]
        assert len(rows) == 1
        header = csv_rows(client, "producers")[0]
        assert rows[0][header.index("核准记录编号")] == ""

    def test_json_has_the_same_rows_with_codes(self, client, register):
        rows = json_rows(client, "producers")
        assert len(rows) == 3
        household = next(r for r in rows if r["name"] == "北庄镇农户周某")
        assert household["kind"] == "household"
        assert household["status"] == "suspended"
        assert household["live"] is False
        assert household["town_code"] == "370406104"

    def test_the_pages_filters_apply(self, client, register):
        rows = csv_rows(client, "producers", town="370406107", product="", q="", status="")
        assert [row[1] for row in rows[1:]] == ["水泉镇樱桃专业合作社"]
        rows = json_rows(client, "producers", product="dianzi-long-red-jujube", page="3")
        assert [r["name"] for r in rows] == ["店子红枣有限公司"]

    def test_invalid_filters_answer_400(self, client, register):
        response = client.get("/exports/producers.csv", {"town": "999"})
        assert response.status_code == 400
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert "999" in response.content.decode()

    def test_a_cell_excel_would_run_as_a_formula_stays_text(self, client, register):
        Producer.objects.filter(pk=register.coop.pk).update(name="=HYPERLINK(1)")
        names = [row[1] for row in csv_rows(client, "producers")[1:]]
        assert "'=HYPERLINK(1)" in names
        assert "=HYPERLINK(1)" in [r["name"] for r in json_rows(client, "producers")]


class TestInspectionResults:
    def test_one_row_per_published_result(self, client, register, inspect):
        extra = inspect(register.coop, register.cherry, register.weight, "12")
        header, *rows = csv_rows(client, "inspection-results")
        assert header[:2] == ["抽检编号", "样品编号"]
        assert {"测定值", "判定所依据的下限值", "判定所依据的上限值", "单项判定"} <= set(header)
        assert len(rows) == 5  # four published inspections of one result, one more
        failed = next(
            dict(zip(header, r, strict=True)) for r in rows if r[0] == str(register.failed.pk)
        )
        assert failed["测定值"] == "16"
        assert failed["判定所依据的下限值"] == "18"
        assert failed["判定所依据的上限值"] == ""
        assert failed["检验结论"] == "不合格"
        assert failed["生产者"] == "北庄镇农户周某"
        assert extra.sample_number in {r[1] for r in rows}

    def test_json_rows_and_non_public_producers(self, client, register):
        rows = json_rows(client, "inspection-results")
        hidden = next(r for r in rows if r["inspection_id"] == register.hidden_inspection.pk)
        assert hidden["producer_id"] is None
        assert hidden["producer"] == str(register.hidden_inspection.public_producer_name)
        failed = next(r for r in rows if r["inspection_id"] == register.failed.pk)
        assert (failed["measured_value"], failed["limit_min"], failed["passed"]) == (
            "16.000",
            "18.000",
            False,
        )
        assert failed["conclusion"] == "fail"

    def test_filters(self, client, register):
        rows = json_rows(client, "inspection-results", conclusion="fail")
        assert [r["inspection_id"] for r in rows] == [register.failed.pk]
        assert client.get("/exports/inspection-results.csv", {"year": "19x0"}).status_code == 400
        # A year (or product, town) of the right form without records: the API's empty list.
        assert json_rows(client, "inspection-results", year="1900") == []
        assert json_rows(client, "inspection-results", product="apple") == []
        assert len(csv_rows(client, "inspection-results", year="1900")) == 1  # the header


def test_enforcement_cases(client, register):
    header, *rows = csv_rows(client, "enforcement-cases")
    assert header[:3] == ["案件记录编号", "案件编号", "当事人"]
    assert {row[1] for row in rows} == {"山市监罚〔2025〕1号", "山市监罚〔2025〕2号"}
    fined = next(dict(zip(header, r, strict=True)) for r in rows if r[1] == "山市监罚〔2025〕2号")
    assert fined["罚款（元）"] == "500"
    rows = json_rows(client, "enforcement-cases", violation_type="beyond_scope")
    assert [(r["case_number"], r["fine_yuan"]) for r in rows] == [("山市监罚〔2025〕2号", "500.00")]


def test_documents_with_their_versions(client, register):
    header, *rows = csv_rows(client, "documents", product="shanting-fire-cherry")
    by_number = {r[header.index("文号")]: dict(zip(header, r, strict=True)) for r in rows}
    old = by_number["DB3704/T 0001—2015"]
    assert old["被新版本取代（编号）"] == str(register.new_regulation.pk)
    assert old["现行有效"] == "否"
    assert by_number["DB3704/T 0035—2023"]["取代的旧版本编号"] == str(register.old_regulation.pk)
    assert by_number["国家知识产权局令第80号"]["适用产品"] == "全部产品"
    rows = json_rows(client, "documents", kind="technical_regulation")
    assert {(r["number"], r["in_force"], r["status"]) for r in rows} == {
        ("DB3704/T 0001—2015", False, "superseded"),
        ("DB3704/T 0035—2023", True, "in_force"),
    }


@pytest.mark.parametrize(
    ("page", "export"),
    [
        ("/producers/", "/exports/producers"),
        ("/inspections/", "/exports/inspection-results"),
        ("/enforcement/", "/exports/enforcement-cases"),
        ("/library/", "/exports/documents"),
    ],
)
def test_list_pages_link_their_downloads_with_the_current_filters(client, register, page, export):
    html = client.get(page, {"product": "shanting-fire-cherry", "page": "1"}).content.decode()
    assert f'href="{export}.csv?product=shanting-fire-cherry"' in html
    assert f'href="{export}.json?product=shanting-fire-cherry"' in html
    plain = client.get(page).content.decode()
    assert f'href="{export}.csv"' in plain


def test_an_export_reads_in_chunks_whatever_its_size(
    client, register, make_producer, approve, django_assert_max_num_queries
):
    for n in range(30):
        approve(make_producer(register.shuiquan, name=f"批量{n:02d}"), register.cherry)
    # Queries: the producers with their towns, their authorisations with products — one
    # round trip each per chunk of 500 (plus the savepoints the test database adds).
    with django_assert_max_num_queries(4):
        _response, body = download(client, "/exports/producers.csv")
    assert body.decode("utf-8-sig").count("\r\n") == 1 + 33


def test_the_producer_register_names_each_column_once(client, register):
    """The register page, the CSV headers and the API's field titles take a field's name from
    its verbose_name; approval of mark use is 核准 everywhere."""
    page = client.get("/producers/").content.decode()
    page_headers = re.findall(r'<th scope="col">([^<]+)</th>', page)
    csv_header = csv_rows(client, "producers")[0]
    schema = client.get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]
    producer, authorisation = schema["Producer"], schema["ProducerAuthorisation"]

    with translation.override("zh-hans"):
        for name in ("name", "kind", "town", "credit_code"):
            label = str(field_label(Producer, name))
            assert label in page_headers, (name, page_headers)
            assert label in csv_header, (name, csv_header)
        for name in ("kind", "name_en", "credit_code", "address", "public_contact"):
            label = str(field_label(Producer, name))
            assert producer["properties"][name]["title"] == label, name
            assert label in csv_header, name
        assert producer["properties"]["town"]["description"] == "镇街 / Town"
        for name in ("status", "applied_on", "approved_on", "valid_until", "status_reason"):
            label = str(field_label(Authorisation, name))
            assert authorisation["properties"][name]["title"] == label, name
            assert label in csv_header, name
    assert "核准日期" in csv_header and "批准日期" not in csv_header
    assert authorisation["properties"]["approved_on"]["title"] == "核准日期"
    assert authorisation["properties"]["live"]["description"].startswith("当前有效")
    assert "当前有效" in csv_header
    assert producer["properties"]["url"]["description"].startswith("公开页面地址")
    assert "公开页面地址" in csv_header
