"""POST /api/v1/complaints/: validated by ComplaintForm (same rules, same messages), stored
by complaint_submit, rate-limited like the page — through the one function both doors call,
inspections.complaint_intake.complaint_file."""

import datetime
from html import escape

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from inspections import complaint_intake
from inspections.forms import ComplaintForm
from inspections.models import Complaint
from inspections.services import complaint_find
from tests.factories import image_bytes, image_upload, spam_guard_fields

pytestmark = pytest.mark.django_db

URL = "/api/v1/complaints/"


def valid(**overrides):
    data = {
        "product": "shanting-fire-cherry",
        "description": "标签码查不到，疑似假冒",
        "bought_where": "某农贸市场",
        "bought_on": "2025-05-20",
        "seller": "3号摊位",
        "label_code": "abcd-efgh-jkmn-pqrs",
        "contact_name": "王女士",
        "contact_phone": "139 0000 1111",
        "contact_email": "buyer@example.com",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_a_complaint_with_photos_is_stored_and_answers_number_and_secret(client, register):
    response = client.post(
        URL,
        {
            **valid(),
            "photos": [image_upload("a.png", size=(32, 24)), image_upload("b.png", size=(32, 24))],
        },
    )
    assert response.status_code == 201, response.content
    assert "no-store" in response["Cache-Control"]
    receipt = response.json()
    assert set(receipt) == {"tracking_number", "secret", "track_url"}
    assert receipt["track_url"] == "http://testserver/complaints/track/"
    complaint = complaint_find(tracking_number=receipt["tracking_number"], secret=receipt["secret"])
    assert complaint is not None
    assert complaint.product == register.cherry
    assert complaint.label_code == "ABCD-EFGH-JKMN-PQRS"
    assert complaint.contact_phone == "139 0000 1111"
    photos = list(complaint.photos.all())
    assert len(photos) == 2
    assert all(p.width == 32 and p.height == 24 for p in photos)


def test_only_a_description_is_needed(client, register):
    response = client.post(URL, {"description": "假冒"})
    assert response.status_code == 201
    assert Complaint.objects.get().product is None


def fresh_files(files):
    return {
        name: [SimpleUploadedFile(f.name, f.read_bytes, f.content_type) for f in items]
        for name, items in files.items()
    }


class Upload:
    def __init__(self, name, content, content_type):
        self.name, self.read_bytes, self.content_type = name, content, content_type


def png_upload(name):
    return Upload(name, image_bytes("PNG"), "image/png")


TOMORROW = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
INVALID = {
    "no description": (valid(description=None), {}),
    "only spaces": (valid(description="   "), {}),
    "future purchase": (valid(bought_on=TOMORROW), {}),
    "not a date": (valid(bought_on="昨天"), {}),
    "unknown product": (valid(product="apple"), {}),
    "bad phone": (valid(contact_phone="call me"), {}),
    "bad email": (valid(contact_email="me@"), {}),
    "too long": (valid(description="长" * 2001, seller="x" * 151), {}),
    "not an image": (valid(), {"photos": [Upload("fake.jpg", b"not an image", "image/jpeg")]}),
    "four photos": (valid(), {"photos": [png_upload(f"{n}.png") for n in range(4)]}),
    "photo sent as text": (valid(photos="not a file"), {}),
}


@pytest.mark.parametrize("case", INVALID, ids=list(INVALID))
def test_invalid_input_gives_the_forms_messages(client, register, case):
    data, files = INVALID[case]
    form = ComplaintForm(data, fresh_files(files))
    assert not form.is_valid()
    expected = {name: list(messages) for name, messages in form.errors.items()}

    response = client.post(URL, {**data, **fresh_files(files)})
    assert response.status_code == 400
    assert response.json() == expected

    html = client.post(
        "/complaints/new/", {**data, **fresh_files(files), **spam_guard_fields()}
    ).content.decode()
    for messages in expected.values():
        for message in messages:
            assert escape(message) in html
    assert Complaint.objects.count() == 0


def test_messages_follow_the_language(client, register):
    client.cookies["lang"] = "en"
    response = client.post(URL, valid(description=None))
    assert response.json() == {"description": ["This field is required."]}


def test_a_photo_sent_as_text_is_refused(client, register):
    response = client.post(URL, {**valid(), "photos": "not a file"})
    assert response.status_code == 400
    assert list(response.json()) == ["photos"]
    assert Complaint.objects.count() == 0


def test_only_multipart_is_accepted(client, register):
    response = client.post(URL, '{"description": "x"}', content_type="application/json")
    assert response.status_code == 415
    assert "detail" in response.json()


def test_get_is_not_allowed(client, register):
    response = client.get(URL)
    assert response.status_code == 405
    assert "POST" in response["Allow"]


def test_the_page_and_the_api_share_the_complaint_limit(client, register):
    for n in range(5):
        page_data = {**valid(description=f"第{n}次"), **spam_guard_fields()}
        assert client.post("/complaints/new/", page_data).status_code == 302
    for n in range(5):
        assert client.post(URL, valid(description=f"API {n}")).status_code == 201
    response = client.post(URL, valid())
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert Complaint.objects.count() == 10
    # Invalid input is still explained: the limit counts only complaints that would be stored.
    assert client.post(URL, valid(description=None)).status_code == 400


def test_both_doors_go_through_the_one_intake(client, register, monkeypatch):
    """A refusal at storage time (complaint_submit) reaches the page and the API alike: both
    call complaint_intake.complaint_file, nothing of their own."""
    calls = []

    def refuse(**kwargs):
        calls.append(kwargs["fields"]["description"])
        raise ValidationError("存储失败（测试）")

    monkeypatch.setattr(complaint_intake, "complaint_submit", refuse)

    response = client.post(URL, valid(description="API"))
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["存储失败（测试）"]}
    page = client.post("/complaints/new/", {**valid(description="页面"), **spam_guard_fields()})
    assert page.status_code == 400
    assert "存储失败（测试）" in page.content.decode()
    assert calls == ["API", "页面"]
    assert Complaint.objects.count() == 0


def test_the_limit_filled_through_the_api_closes_the_page_too(client, register):
    for n in range(complaint_intake.COMPLAINT_LIMIT):
        assert client.post(URL, valid(description=f"API {n}")).status_code == 201
    page = client.post("/complaints/new/", {**valid(), **spam_guard_fields()})
    assert page.status_code == 429
    assert int(page["Retry-After"]) >= 1
    assert page["Content-Type"].startswith("text/html")
    api = client.post(URL, valid())
    assert api.status_code == 429
    assert int(api["Retry-After"]) >= 1
    assert "detail" in api.json()
    assert Complaint.objects.count() == complaint_intake.COMPLAINT_LIMIT
