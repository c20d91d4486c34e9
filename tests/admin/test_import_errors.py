"""Import errors a clerk can act on: Excel's row numbers and cells, the Chinese column
headers, every error of every row at once, blanks shown blank, nothing half-imported."""

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from producers.register.models import Producer
from tests.factories import make_clerk, make_town

pytestmark = pytest.mark.django_db

HEADERS = ["名称", "类型", "统一社会信用代码", "乡镇", "地址", "种植面积（亩）", "协会会员"]


def xlsx(rows):
    book = openpyxl.Workbook()
    book.active.append(HEADERS)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def text_of(response):
    """The text of the errors: the heading, the note and the table."""
    html = response.content.decode()
    start = html.index("<h2>未导入任何数据")
    main = html[start : html.index("</table>", start)]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def test_every_error_is_named_by_excel_row_cell_and_header(client):
    make_town(name="水泉镇")
    client.force_login(make_clerk())
    content = xlsx(
        [
            ["甲农户", "农户", "", "水泉镇", "东村", "12.5", "是"],  # fine
            ["乙农户", "农户", "", "不存在镇", None, "十二亩", "也许"],  # three errors
            [None, None, None, None, None, None, None],  # a cleared row: skipped
            ["丙合作社", "农民专业合作社", "", "水泉镇", "西村", "abc", "否"],  # two errors
        ]
    )
    response = client.post(
        reverse("admin:producers_producer_changelist") + "import/",
        {"format": "0", "resource": "0", "import_file": SimpleUploadedFile("农户.xlsx", content)},
    )
    assert response.status_code == 200
    result = response.context["result"]
    assert [row.number for row in result.invalid_rows] == [3, 5]  # as Excel numbers them
    third, fifth = result.invalid_rows
    assert set(third.field_specific_errors) == {
        "乡镇（单元格 D3）",
        "种植面积（亩）（单元格 F3）",
        "协会会员（单元格 G3）",
    }
    assert set(fifth.field_specific_errors) == {
        "统一社会信用代码（单元格 C5）",
        "种植面积（亩）（单元格 F5）",
    }
    assert "—" not in third.values and "---" not in third.values and None not in third.values
    page = text_of(response)
    assert "“十二亩”不是数字" in page
    for leak in ("decimal", "ConversionSyntax", "class", "None", "---", "验数据证"):
        assert leak not in page
    assert "未导入任何数据" in page
    assert not Producer.objects.exists()
