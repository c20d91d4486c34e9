"""The consumer complaint channel: filing with photos, tracking with number + secret."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from inspections.models import Complaint, ComplaintPhoto, ComplaintStatus
from inspections.services import (
    complaint_find,
    complaint_reply,
    complaint_set_status,
    complaint_submit,
)
from tests import factories
from tests.factories import image_bytes, image_upload, spam_guard_fields

pytestmark = pytest.mark.django_db

GPS_TAG = 0x8825  # GPSInfo IFD pointer


def jpeg_with_gps(name="photo.jpg", size=(640, 480)):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[GPS_TAG] = {1: "N", 2: (35.0, 5.0, 0.0), 3: "E", 4: (117.0, 30.0, 0.0)}
    return image_upload(name, size=size, exif=exif)


@pytest.fixture
def media(settings):
    """Where complaint photos go: the private uploads folder (a temporary one, see the root
    conftest, which also gives each test an empty cache for the rate limit)."""
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def cherry():
    return factories.cherry()


def post_complaint(client, **extra):
    data = {
        "product": "shanting-fire-cherry",
        "description": "标签码查不到，疑似假冒",
        "bought_where": "某农贸市场",
        "seller": "某摊位",
        "label_code": "ABCD-EFGH-JKMN-PQRS",
        "contact_phone": "13900001111",
        "contact_email": "buyer@example.com",
    }
    data.update(spam_guard_fields(), **extra)
    return client.post("/complaints/new/", data)


def stored_files(media):
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


class TestFiling:
    def test_photos_are_not_reachable_by_url(self, client, cherry, media, settings):
        post_complaint(client, photos=[jpeg_with_gps()])
        photo = ComplaintPhoto.objects.get()
        assert photo.image.path.startswith(str(media))
        assert not photo.image.path.startswith(str(settings.MEDIA_ROOT))
        with pytest.raises(ValueError):
            photo.image.url  # noqa: B018

    def test_form_is_prefilled_with_the_code_from_a_failed_verification(self, client):
        response = client.get("/complaints/new/", {"code": "ZZZZ-ZZZZ-ZZZZ-ZZZZ"})
        assert response.status_code == 200
        assert 'value="ZZZZ-ZZZZ-ZZZZ-ZZZZ"' in response.content.decode()

    def test_submit_with_photo_shows_number_and_secret_once(self, client, cherry, media):
        response = post_complaint(client, photos=[jpeg_with_gps()])
        assert response.status_code == 302
        page = client.get(response.url)
        receipt = page.context["receipt"]
        assert receipt["tracking_number"] in page.content.decode()
        assert receipt["secret"] in page.content.decode()
        complaint = Complaint.objects.get()
        assert complaint.tracking_number == receipt["tracking_number"]
        assert complaint.label_code == "ABCD-EFGH-JKMN-PQRS"
        assert complaint.secret_hash != receipt["secret"]  # stored hashed
        # Shown once: reloading shows nothing.
        assert client.get(response.url).context["receipt"] is None

    def test_photo_is_re_encoded_without_gps(self, client, cherry, media):
        post_complaint(client, photos=[jpeg_with_gps()])
        photo = ComplaintPhoto.objects.get()
        with Image.open(photo.image.path) as stored:
            assert stored.format == "JPEG"
            exif = stored.getexif()
            assert GPS_TAG not in exif
            assert 0x010F not in exif
            assert stored.size == (640, 480)

    def test_non_image_is_refused_and_nothing_saved(self, client, cherry, media):
        fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
        response = post_complaint(client, photos=[jpeg_with_gps(), fake])
        assert response.status_code == 400
        assert "photo.jpg" in response.content.decode()
        assert Complaint.objects.count() == 0
        assert ComplaintPhoto.objects.count() == 0
        assert stored_files(media) == []

    def test_oversize_file_is_refused(self, client, cherry, settings):
        big = SimpleUploadedFile(
            "big.jpg", b"\xff" * (8 * 1024 * 1024 + 1), content_type="image/jpeg"
        )
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
        response = post_complaint(client, photos=[big])
        assert response.status_code == 400
        assert Complaint.objects.count() == 0

    def test_pixel_bomb_is_refused_before_decoding(self, client, cherry):
        # A tiny PNG that claims 20000×20000 pixels (400 MP).
        pixels = image_bytes("PNG", mode="1", size=(20000, 20000), colour=0, optimize=True)
        bomb = SimpleUploadedFile("bomb.png", pixels, content_type="image/png")
        assert bomb.size < 1024 * 1024
        response = post_complaint(client, photos=[bomb])
        assert response.status_code == 400
        assert Complaint.objects.count() == 0

    def test_more_than_three_photos_refused(self, client, cherry):
        photos = [jpeg_with_gps(f"p{i}.jpg", (40, 30)) for i in range(4)]
        response = post_complaint(client, photos=photos)
        assert response.status_code == 400
        assert Complaint.objects.count() == 0

    def test_missing_description_is_a_clear_400(self, client, cherry):
        response = post_complaint(client, description="")
        assert response.status_code == 400
        assert response.context["form"].errors["description"]

    def test_future_purchase_date_refused(self, client, cherry):
        response = post_complaint(client, bought_on="2999-01-01")
        assert response.status_code == 400
        assert "bought_on" in response.context["form"].errors


class TestTracking:
    def submit(self, cherry):
        return complaint_submit(
            fields={"product": cherry, "description": "假冒", "contact_phone": "13900002222"}
        )

    def test_number_and_secret_show_status_and_visible_replies(self, client, cherry):
        complaint, secret = self.submit(cherry)
        complaint_reply(complaint=complaint, body="已受理，正在核查。", by=None)
        complaint_reply(
            complaint=complaint, body="内部备注：勿外传", by=None, visible_to_complainant=False
        )
        complaint_set_status(complaint=complaint, status=ComplaintStatus.ACCEPTED, by=None)
        response = client.post(
            "/complaints/track/",
            {"tracking_number": complaint.tracking_number.lower(), "secret": secret},
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "已受理，正在核查。" in html
        assert "内部备注" not in html
        assert "13900002222" not in html

    @pytest.mark.parametrize("secret", ["", "wrong-secret"])
    def test_number_without_the_secret_shows_nothing(self, client, cherry, secret):
        complaint, _secret = self.submit(cherry)
        complaint_reply(complaint=complaint, body="回复内容", by=None)
        response = client.post(
            "/complaints/track/", {"tracking_number": complaint.tracking_number, "secret": secret}
        )
        assert response.status_code in (400, 404)
        assert "回复内容" not in response.content.decode()

    def test_wrong_number_and_wrong_secret_answer_alike(self, client, cherry):
        complaint, secret = self.submit(cherry)
        a = client.post(
            "/complaints/track/", {"tracking_number": "TS000000XXXXXX", "secret": secret}
        )
        b = client.post(
            "/complaints/track/", {"tracking_number": complaint.tracking_number, "secret": "nope"}
        )
        assert a.status_code == b.status_code == 404
        assert a.context["not_found"] and b.context["not_found"]

    def test_find_needs_both(self, cherry):
        complaint, secret = self.submit(cherry)
        assert complaint_find(tracking_number=complaint.tracking_number, secret=secret) == complaint
        assert complaint_find(tracking_number=complaint.tracking_number, secret="x") is None


class TestWorkflow:
    def test_status_moves_forward_only(self, cherry):
        complaint, _secret = complaint_submit(fields={"product": cherry, "description": "x"})
        complaint_set_status(complaint=complaint, status=ComplaintStatus.ACCEPTED, by=None)
        complaint_set_status(complaint=complaint, status=ComplaintStatus.INVESTIGATING, by=None)
        complaint_set_status(
            complaint=complaint, status=ComplaintStatus.CLOSED, by=None, reason="已调解完毕"
        )
        assert complaint.closed_on is not None
        with pytest.raises(ValidationError):
            complaint_set_status(complaint=complaint, status=ComplaintStatus.ACCEPTED, by=None)

    def test_empty_reply_refused(self, cherry):
        complaint, _secret = complaint_submit(fields={"product": cherry, "description": "x"})
        with pytest.raises(ValidationError):
            complaint_reply(complaint=complaint, body="  ", by=None)

    def test_rate_limit_on_filing(self, client, cherry, settings):
        from inspections.views import complaints as complaint_views

        for _ in range(complaint_views.COMPLAINT_LIMIT):
            assert post_complaint(client).status_code == 302
        response = post_complaint(client)
        assert response.status_code == 429
        assert response["Retry-After"]


@pytest.mark.parametrize(
    ("language", "text"),
    [("zh-hans", "最多可上传3张"), ("en", "Up to 3 photos")],
)
def test_the_photo_help_is_in_the_visitors_language(client, language, text):
    # It was interpolated at import, so one language showed on both pages.
    client.cookies["lang"] = language
    assert text in client.get("/complaints/new/").content.decode()
