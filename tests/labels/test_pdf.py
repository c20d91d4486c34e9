"""The label PDF: A4, whole pages, QR + code + credit code on each label, streamed."""

import io

import pypdf
import pytest
from django.urls import reverse

from producers.labels import codes, pdf
from shanting_gi.staff_groups import MARKET_REGULATION
from tests.factories import make_label_batch, make_producer, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def label_settings(settings):
    settings.LABEL_SIGNING_KEYS = {1: b"test-label-key-one"}
    settings.PUBLIC_BASE_URL = "https://gi.example.cn"


def read(chunks):
    return pypdf.PdfReader(io.BytesIO(b"".join(chunks)))


@pytest.mark.parametrize(
    ("quantity", "start", "count", "expected"),
    [
        (100, 0, None, (0, 100)),  # the whole batch
        (100, 10, 3, (0, 24)),  # a few labels: the page that holds them
        (100, 30, 30, (24, 48)),  # 30–59 lie on pages 2 and 3
        (100, 90, 50, (72, 28)),  # the batch's own last page may be short
        (100, 500, 10, (96, 4)),  # past the end: the last page
    ],
)
def test_ranges_fill_whole_pages(quantity, start, count, expected):
    assert pdf.page_range(quantity, start, count) == expected


def test_every_label_has_its_qr_code_code_and_credit_code():
    producer = make_producer(name="水泉镇火樱桃专业合作社")
    batch = make_label_batch(quantity=30, authorisation=None)
    batch.authorisation.producer = producer  # the words on the label come from here
    reader = read(pdf.iter_label_pdf(batch))

    assert len(reader.pages) == 2
    first = reader.pages[0]
    width, height = float(first.mediabox.width), float(first.mediabox.height)
    assert (round(width / pdf.MM), round(height / pdf.MM)) == (210, 297)  # A4
    text = first.extract_text()
    grouped = [code for _serial, code, _url in codes.iter_label_rows(batch, 0, 24)]
    for code in grouped:
        assert code in text
    assert text.count(producer.credit_code) == 24
    assert "水泉镇火樱桃专业合作社" in text
    assert "统一社会信用代码" in text
    assert grouped[24 - 1] in text and codes.group(codes.encode(1, batch.pk, 24)) not in text
    second = reader.pages[1].extract_text()
    assert second.count(producer.credit_code) == 6
    # Each label draws its QR code as filled rectangles; crop marks are stroked lines.
    content = first.get_contents().get_data().decode("latin-1")
    assert content.count("\nf") >= 24
    crop_marks = [line for line in content.splitlines() if line.endswith(" l")]
    assert len(crop_marks) == 2 * (pdf.COLUMNS + 1) + 2 * (pdf.ROWS + 1)


def test_a_household_without_credit_code_prints_no_empty_line():
    batch = make_label_batch(quantity=5)
    batch.authorisation.producer.credit_code = ""
    text = read(pdf.iter_label_pdf(batch)).pages[0].extract_text()
    assert "统一社会信用代码" not in text


def test_the_pdf_streams_page_by_page_without_queries(django_assert_num_queries):
    batch = make_label_batch(quantity=24 * 5)
    batch = (
        type(batch)
        .objects.select_related("authorisation__producer", "authorisation__product")
        .get(pk=batch.pk)
    )
    # No query: the batch, its authorisation, producer and product are loaded already.
    with django_assert_num_queries(0):
        chunks = list(pdf.iter_label_pdf(batch))
    # Header and five fixed objects, two objects a page, the page tree, xref and trailer.
    assert len(chunks) == 6 + 2 * 5 + 3
    assert max(len(chunk) for chunk in chunks) < 64 * 1024


def test_clerk_downloads_the_whole_batch_as_one_pdf(client):
    clerk = make_user(is_staff=True, groups=[MARKET_REGULATION])
    client.force_login(clerk)
    batch = make_label_batch(quantity=50)
    url = reverse("admin:labels_labelbatch_pdf", args=[batch.pk])
    change = client.get(reverse("admin:labels_labelbatch_change", args=[batch.pk]))
    assert url in change.content.decode()

    response = client.get(url)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/pdf"
    assert f"labels-batch-{batch.pk}-0-49.pdf" in response["Content-Disposition"]
    assert len(read(response.streaming_content).pages) == 3

    part = client.get(url, {"start": 30, "count": "x"})  # a bad count: the rest of the batch
    assert len(read(part.streaming_content).pages) == 2


def test_staff_without_view_permission_cannot_download_the_pdf(client):
    client.force_login(make_user(is_staff=True))
    batch = make_label_batch(quantity=5)
    response = client.get(reverse("admin:labels_labelbatch_pdf", args=[batch.pk]))
    assert response.status_code == 403
