"""Complaints in the back-office: contacts and photos for staff, replies and status through the
services, a link to an enforcement case, and nothing deleted."""

import datetime

import pytest
from django.contrib.messages import get_messages

from inspections.models import Complaint, ComplaintReply
from tests.factories import image_upload, make_case, make_user, submit_complaint

from .conftest import XSS, admin_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def complaint(cherry):
    return submit_complaint(
        product=cherry,
        description="标签扫码显示已作废",
        seller="某水果摊",
        label_code="ABCD-EFGH-JKMN-PQRS",
        contact_name="王女士",
        contact_phone="13800000000",
        contact_email="wang@example.cn",
        photos=[image_upload("fake.png", size=(8, 6))],
    )


@pytest.fixture
def case(cherry):
    return make_case(
        case_number="山市监罚〔2026〕7号",
        subject_name="某水果摊",
        product=cherry,
        opened_on=datetime.date(2026, 1, 5),
    )


def flashed(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def change_data(complaint, **extra):
    data = {
        "replies-TOTAL_FORMS": "1",
        "replies-INITIAL_FORMS": "0",
        "replies-MIN_NUM_FORMS": "0",
        "replies-MAX_NUM_FORMS": "1000",
        "replies-0-body": "",
        "replies-0-visible_to_complainant": "on",
        "enforcement_case": complaint.enforcement_case_id or "",
        "change_reason": "",
    }
    data.update(extra)
    return data


def test_changelist_search_and_filters(bureau_client, complaint):
    url = admin_url(Complaint, "changelist")
    for params in ({}, {"q": "ABCD-EFGH"}, {"q": "水果摊"}, {"status__exact": "received"}):
        response = bureau_client.get(url, params)
        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == [complaint], params
    row = bureau_client.get(url).context["cl"].result_list[0]
    assert row.has_photos is True
    assert not bureau_client.get(url, {"photos": "no"}).context["cl"].result_list


def test_change_page_shows_contact_and_photo_to_staff(bureau_client, complaint):
    page = bureau_client.get(admin_url(Complaint, "change", complaint.pk)).content.decode()
    assert "王女士" in page and "13800000000" in page and "wang@example.cn" in page
    photo = complaint.photos.get()
    photo_url = f"/admin/inspections/complaint/{complaint.pk}/photo/{photo.pk}/"
    assert f'<img src="{photo_url}"' in page
    assert complaint.secret_hash not in page
    response = bureau_client.get(photo_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_photo_is_not_served_to_staff_without_permission(client, complaint):
    client.force_login(make_user(username="nobody", is_staff=True))
    photo = complaint.photos.get()
    response = client.get(f"/admin/inspections/complaint/{complaint.pk}/photo/{photo.pk}/")
    assert response.status_code == 403


def test_complaint_text_is_escaped(bureau_client, complaint):
    complaint.description = XSS
    complaint.seller = XSS
    complaint.save()
    for url in (
        admin_url(Complaint, "changelist"),
        admin_url(Complaint, "change", complaint.pk),
    ):
        assert XSS not in bureau_client.get(url).content.decode()


def test_reply_saved_with_the_user(bureau_client, bureau_user, complaint):
    response = bureau_client.post(
        admin_url(Complaint, "change", complaint.pk),
        change_data(complaint, **{"replies-0-body": "已受理，正在核查。"}),
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    reply = ComplaintReply.objects.get()
    assert (reply.body, reply.created_by, reply.visible_to_complainant) == (
        "已受理，正在核查。",
        bureau_user,
        True,
    )
    page = bureau_client.get(admin_url(Complaint, "change", complaint.pk)).content.decode()
    assert "已受理，正在核查。" in page
    assert 'name="replies-0-body"' not in page  # the earlier reply is read-only


def status(client, complaint, value):
    return client.post(
        f"/admin/inspections/complaint/{complaint.pk}/status/",
        {"status": value, "reason": "已办结" if value == "closed" else ""},
    )


def test_status_moves_through_the_service(bureau_client, bureau_user, complaint):
    page = bureau_client.get(admin_url(Complaint, "change", complaint.pk)).content.decode()
    assert 'name="status" value="accepted"' in page
    assert 'name="status" value="investigating"' not in page  # not from received
    for value in ("accepted", "investigating", "closed"):
        response = status(bureau_client, complaint, value)
        assert response.status_code == 302
        complaint.refresh_from_db()
        assert complaint.status == value
    assert complaint.closed_on is not None
    assert complaint.history.latest().history_user == bureau_user


def test_illegal_move_is_refused(bureau_client, complaint):
    response = status(bureau_client, complaint, "investigating")
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "received"
    assert len(flashed(response)) == 1
    assert status(bureau_client, complaint, "nonsense").status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "received"


def test_status_actions(bureau_client, complaint):
    url = admin_url(Complaint, "changelist")
    data = {"action": "investigate_selected", "_selected_action": [complaint.pk]}
    bureau_client.post(url, data)
    complaint.refresh_from_db()
    assert complaint.status == "received"  # received → investigating is not allowed
    bureau_client.post(url, {**data, "action": "accept_selected"})
    complaint.refresh_from_db()
    assert complaint.status == "accepted"


def test_auditor_reads_but_cannot_move_or_reply(client, auditor, complaint):
    client.force_login(auditor)
    page = client.get(admin_url(Complaint, "change", complaint.pk)).content.decode()
    assert "王女士" in page
    assert 'name="status"' not in page
    assert status(client, complaint, "accepted").status_code == 403
    complaint.refresh_from_db()
    assert complaint.status == "received"


def test_link_to_a_case(bureau_client, bureau_user, complaint, case):
    response = bureau_client.post(
        admin_url(Complaint, "change", complaint.pk),
        change_data(complaint, enforcement_case=case.pk),
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.enforcement_case == case
    latest = complaint.history.latest()
    assert latest.history_user == bureau_user
    assert case.case_number in latest.history_change_reason
    assert not ComplaintReply.objects.exists()


def test_complaints_cannot_be_added_or_deleted(bureau_client, complaint):
    assert bureau_client.get(admin_url(Complaint, "add")).status_code == 403
    assert bureau_client.get(admin_url(Complaint, "delete", complaint.pk)).status_code == 403
    page = bureau_client.get(admin_url(Complaint, "changelist")).content.decode()
    assert "delete_selected" not in page
    assert Complaint.objects.filter(pk=complaint.pk).exists()
