"""Label batches in the back-office: issued and voided through the services, downloads, scans."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from producers.labels import codes
from producers.labels.models import LabelBatch, LabelScan
from producers.labels.services import label_batch_void
from producers.register.models import Authorisation
from tests.factories import approve, make_authorisation, make_label_batch, make_user

from .conftest import XSS, admin_url

pytestmark = pytest.mark.django_db

ESCAPED_XSS = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture(autouse=True)
def label_settings(settings):
    settings.LABEL_SIGNING_KEYS = {1: b"test-label-key-one"}
    settings.LABEL_SCAN_WARNING_THRESHOLD = 20
    settings.PUBLIC_BASE_URL = "https://gi.example.cn"
    return settings


@pytest.fixture
def live(producer, cherry):
    return approve(producer, cherry, on=datetime.date(2024, 1, 1), number="公告第1号", cap=1000)


@pytest.fixture
def batch(live, bureau_user):
    return make_label_batch(live, quantity=300, season=2025, by=bureau_user)


def flashed(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def add_batch(client, authorisation, quantity, season=2025):
    return client.post(
        admin_url(LabelBatch, "add"),
        {"authorisation": authorisation.pk, "quantity": quantity, "season": season},
    )


def test_pages_render_and_escape(bureau_client, batch, producer):
    producer.name = XSS
    producer.save()
    for url in (
        admin_url(LabelBatch, "changelist"),
        admin_url(LabelBatch, "changelist") + "?q=樱桃",
        admin_url(LabelBatch, "add"),
        admin_url(LabelBatch, "change", batch.pk),
        admin_url(LabelScan, "changelist"),
    ):
        response = bureau_client.get(url)
        assert response.status_code == 200, url
        assert XSS not in response.content.decode()
    page = bureau_client.get(admin_url(LabelBatch, "changelist")).content.decode()
    assert ESCAPED_XSS in page


def test_issue_a_batch_from_the_admin(bureau_client, bureau_user, live):
    response = add_batch(bureau_client, live, 250)
    assert response.status_code == 302
    batch = LabelBatch.objects.get()
    assert (batch.authorisation, batch.quantity, batch.season) == (live, 250, 2025)
    assert batch.issued_by == bureau_user
    assert batch.key_version == 1
    assert batch.history.get().history_user == bureau_user


def test_cap_refusal_is_a_form_error(bureau_client, live, batch):
    response = add_batch(bureau_client, live, 701)  # 300 issued, the cap is 1,000
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert "700" in errors[0] and "701" in errors[0]
    assert LabelBatch.objects.count() == 1


def test_only_live_authorisations_are_offered(bureau_client, producer, jujube, live):
    make_authorisation(producer=producer, product=jujube)  # applied: not live
    live.status = "suspended"
    live.save()
    response = add_batch(bureau_client, live, 10)
    assert response.status_code == 200
    assert "authorisation" in response.context["adminform"].form.errors
    assert not LabelBatch.objects.exists()
    # And the autocomplete lists live ones only.
    live.status = "approved"
    live.save()
    response = bureau_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "labels",
            "model_name": "labelbatch",
            "field_name": "authorisation",
            "term": "",
        },
    )
    ids = [int(item["id"]) for item in response.json()["results"]]
    assert ids == [live.pk]


def test_no_editing_and_no_delete(bureau_client, batch):
    page = bureau_client.get(admin_url(LabelBatch, "change", batch.pk)).content.decode()
    assert 'name="quantity"' not in page
    assert 'name="_save"' not in page
    response = bureau_client.post(
        admin_url(LabelBatch, "change", batch.pk), {"quantity": 1, "season": 2025}
    )
    assert response.status_code == 403
    assert bureau_client.get(admin_url(LabelBatch, "delete", batch.pk)).status_code == 403
    changelist = bureau_client.get(admin_url(LabelBatch, "changelist")).content.decode()
    assert "delete_selected" not in changelist
    batch.refresh_from_db()
    assert batch.quantity == 300


def void(client, batch, reason=None):
    data = {"action": "void_selected", "_selected_action": [batch.pk]}
    if reason is not None:
        data.update(apply="1", reason=reason)
    return client.post(admin_url(LabelBatch, "changelist"), data)


def test_void_action_asks_for_a_reason(bureau_client, bureau_user, batch):
    response = void(bureau_client, batch)
    assert response.status_code == 200
    assert 'name="reason"' in response.content.decode()
    response = void(bureau_client, batch, reason="  ")
    assert response.status_code == 200
    assert response.context["form"].errors
    batch.refresh_from_db()
    assert batch.voided_at is None

    response = void(bureau_client, batch, reason="标签遗失")
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.voided_at is not None and batch.void_reason == "标签遗失"
    assert batch.history.latest().history_user == bureau_user

    response = void(bureau_client, batch, reason="again")
    assert response.status_code == 302
    assert any(str(batch) in message for message in flashed(response))


def test_csv_download_streams_genuine_codes(bureau_client, batch):
    response = bureau_client.get(admin_url(LabelBatch, "csv", batch.pk))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Disposition"] == f'attachment; filename="batch-{batch.pk}.csv"'
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == "serial,code,url"
    assert len(lines) == 1 + 300
    serial, code, url = lines[1].split(",")
    decoded = codes.decode(code)
    assert decoded.is_genuine
    assert (decoded.batch_id, decoded.serial, serial) == (batch.pk, 0, "0")


def test_csv_download_is_written_in_64_kb_chunks(bureau_client, live, bureau_user):
    # One write per CSV line made a million-label download take 82 s over HTTP.
    Authorisation.objects.filter(pk=live.pk).update(annual_quantity_cap=None)
    batch = make_label_batch(live, quantity=3000, season=2025, by=bureau_user)
    response = bureau_client.get(admin_url(LabelBatch, "csv", batch.pk))
    chunks = list(response.streaming_content)
    body = b"".join(chunks)
    assert len(body.splitlines()) == 1 + 3000
    assert len(body) > 2 * 64 * 1024
    assert [len(c) >= 64 * 1024 for c in chunks] == [True] * (len(chunks) - 1) + [False]
    assert len(chunks) == len(body) // (64 * 1024) + 1


def test_sheet_download(bureau_client, batch):
    response = bureau_client.get(
        admin_url(LabelBatch, "sheet", batch.pk), {"start": 10, "count": 3}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<svg") == 24  # widened to the whole page holding serials 10-12
    assert codes.group(codes.encode(1, batch.pk, 10)) in page
    default = bureau_client.get(admin_url(LabelBatch, "sheet", batch.pk)).content.decode()
    assert default.count("<svg") == 120  # 100 asked, widened to 5 whole pages
    links = bureau_client.get(admin_url(LabelBatch, "change", batch.pk)).content.decode()
    assert admin_url(LabelBatch, "csv", batch.pk) in links
    assert admin_url(LabelBatch, "sheet", batch.pk) in links


def test_auditor_views_but_cannot_issue_or_void(client, auditor, live, batch):
    client.force_login(auditor)
    assert client.get(admin_url(LabelBatch, "changelist")).status_code == 200
    assert client.get(admin_url(LabelBatch, "change", batch.pk)).status_code == 200
    assert client.get(admin_url(LabelBatch, "csv", batch.pk)).status_code == 200
    assert client.get(admin_url(LabelBatch, "add")).status_code == 403
    assert add_batch(client, live, 5).status_code == 403
    void(client, batch, reason="不行")
    batch.refresh_from_db()
    assert batch.voided_at is None
    assert LabelBatch.objects.count() == 1


def test_staff_without_view_permission_cannot_download(client, batch):
    user = make_user(username="nobody", is_staff=True)
    client.force_login(user)
    assert client.get(admin_url(LabelBatch, "csv", batch.pk)).status_code == 403
    assert client.get(admin_url(LabelBatch, "sheet", batch.pk)).status_code == 403


def test_scans_view_lists_codes_over_the_threshold(bureau_client, batch):
    now = timezone.now()
    LabelScan.objects.create(
        batch=batch, serial=7, first_scanned_at=now, last_scanned_at=now, count=21
    )
    LabelScan.objects.create(
        batch=batch, serial=8, first_scanned_at=now, last_scanned_at=now, count=20
    )
    page = bureau_client.get(admin_url(LabelBatch, "change", batch.pk)).content.decode()
    assert codes.group(codes.encode(1, batch.pk, 7)) in page
    assert codes.group(codes.encode(1, batch.pk, 8)) not in page  # at the threshold
    assert "<td>21</td>" in page
    changelist = bureau_client.get(admin_url(LabelBatch, "changelist"))
    assert changelist.context["cl"].result_list[0].scanned == 2
    # The scans list is read-only and finds a code typed with dashes.
    scans = bureau_client.get(
        admin_url(LabelScan, "changelist"), {"q": codes.group(codes.encode(1, batch.pk, 8))}
    )
    assert [scan.serial for scan in scans.context["cl"].result_list] == [8]
    scan = LabelScan.objects.get(serial=7)
    detail = bureau_client.get(admin_url(LabelScan, "change", scan.pk)).content.decode()
    assert codes.group(codes.encode(1, batch.pk, 7)) in detail
    assert bureau_client.post(admin_url(LabelScan, "change", scan.pk), {}).status_code == 403
    assert bureau_client.get(admin_url(LabelScan, "add")).status_code == 403


def test_changelist_queries_do_not_grow_with_rows(
    bureau_client, live, bureau_user, django_assert_max_num_queries
):
    for _ in range(3):
        make_label_batch(live, quantity=10, season=2025, by=bureau_user)
    url = admin_url(LabelBatch, "changelist")
    bureau_client.get(url)
    # session, user, permissions, count, filter choices (seasons, products), the page of
    # batches joined to authorisation, producer and product with their scan counts
    with django_assert_max_num_queries(12) as few:
        bureau_client.get(url)
    for _ in range(5):
        make_label_batch(live, quantity=10, season=2025, by=bureau_user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        bureau_client.get(url)


def test_filters(bureau_client, live, bureau_user):
    kept = make_label_batch(live, quantity=10, season=2025, by=bureau_user)
    gone = make_label_batch(live, quantity=10, season=2024, by=bureau_user)
    label_batch_void(batch=gone, by=bureau_user, reason="丢失")
    url = admin_url(LabelBatch, "changelist")
    void_rows = bureau_client.get(url, {"void": "yes"}).context["cl"].result_list
    assert list(void_rows) == [gone]
    season_rows = bureau_client.get(url, {"season": 2025}).context["cl"].result_list
    assert list(season_rows) == [kept]
