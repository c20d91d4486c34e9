"""The consultation channel: asking, spam protection, rate limit, tracking, answering with
an email, publishing in the FAQ — and the asker's private details never public."""

import io
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from shanting_gi.portal import services
from shanting_gi.portal.models import Consultation, ConsultationStatus
from shanting_gi.portal.views import CONSULTATION_LIMIT
from tests.factories import make_consultation, make_product, make_user, spam_guard_fields

pytestmark = pytest.mark.django_db

PRIVATE_PHONE = "13911112222"
PRIVATE_EMAIL = "asker-private@example.com"
PRIVATE_NAME = "提问人张某某"
ASKED_WORDS = "我家合作社的私密问题原文"
SECRET_FORMAT = re.compile(r"^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}$")


def ask(client, **fields):
    data = {
        "topic": "brand_use",
        "question": "包装上要印哪些内容？需要印标准号吗？",
        **spam_guard_fields(),
        **fields,
    }
    return client.post("/questions/ask/", data)


def png(name="label.png"):
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


class TestAsking:
    def test_a_question_is_stored_and_the_receipt_shown_once(self, client, media_root):
        cherry = make_product(slug="cherry")
        response = ask(
            client,
            product="cherry",
            asker_name=PRIVATE_NAME,
            contact_phone=PRIVATE_PHONE,
            contact_email=PRIVATE_EMAIL,
            attachment=png(),
        )
        assert response.status_code == 302
        assert response["Location"] == "/questions/sent/"
        consultation = Consultation.objects.get()
        assert consultation.product == cherry
        assert consultation.contact_email == PRIVATE_EMAIL
        assert consultation.attachment.name.startswith("consultations/")
        assert consultation.tracking_number.startswith("ZX")

        page = client.get("/questions/sent/").content.decode()
        secret = re.search(r'id="tracking-secret"[^>]*>([^<]+)<', page).group(1)
        assert SECRET_FORMAT.match(secret)
        assert consultation.tracking_number in page
        assert "data-copy" in page and "data-print" in page
        assert consultation.secret_hash != secret and secret not in consultation.secret_hash
        # Shown once: a reload shows nothing.
        assert secret not in client.get("/questions/sent/").content.decode()

    @pytest.mark.parametrize(
        "fields, field, message",
        [
            ({"question": ""}, "question", "该字段是必填项"),
            ({"question": "嗯"}, "question", "请再多写几个字"),
            ({"topic": "gossip"}, "topic", "gossip"),
            ({"contact_phone": "call me"}, "contact_phone", "电话号码"),
            ({"contact_email": "not-an-email"}, "contact_email", "邮件地址"),
            ({"product": "no-such-product"}, "product", "选择一个有效的选项"),
        ],
    )
    def test_bad_input_is_refused_with_a_message_and_nothing_saved(
        self, client, fields, field, message
    ):
        response = ask(client, **fields)
        assert response.status_code == 400
        assert field in response.context["form"].errors
        assert message in response.content.decode()
        assert "尚未保存" in response.content.decode()
        assert not Consultation.objects.exists()

    def test_an_attachment_that_is_not_a_pdf_or_picture_is_refused(self, client, media_root):
        fake = SimpleUploadedFile(
            "scan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
        )
        response = ask(client, attachment=fake)
        assert response.status_code == 400
        assert "attachment" in response.context["form"].errors
        assert not Consultation.objects.exists()
        assert not any(media_root.rglob("*.pdf"))

    def test_a_failed_save_leaves_no_file_behind(self, client, media_root, monkeypatch):
        def refuse(*args, **kwargs):
            raise ValidationError("database refused")

        monkeypatch.setattr(services, "_save", refuse)
        response = ask(client, attachment=png())
        assert response.status_code == 400
        assert not Consultation.objects.exists()
        assert not [p for p in media_root.rglob("*") if p.is_file()]


class TestSpamProtection:
    def test_a_filled_honeypot_is_refused(self, client):
        response = ask(client, website="http://spam.example")
        assert response.status_code == 400
        assert "隐藏" in response.content.decode()
        assert not Consultation.objects.exists()

    def test_a_form_sent_back_too_fast_is_refused_and_the_entries_kept(self, client):
        question = "这个问题是机器一秒内发出的吗？"
        response = ask(client, question=question, **spam_guard_fields(seconds_ago=0))
        assert response.status_code == 400
        html = response.content.decode()
        assert question in html  # nothing the person typed is lost
        assert not Consultation.objects.exists()

    @pytest.mark.parametrize("stamp", ["", "forged:stamp"])
    def test_a_missing_or_forged_stamp_is_refused(self, client, stamp):
        response = ask(client, form_started=stamp)
        assert response.status_code == 400
        assert not Consultation.objects.exists()

    def test_the_honeypot_is_hidden_from_everyone(self, client):
        html = client.get("/questions/ask/").content.decode()
        block = html[html.index('class="hp"') - 20 : html.index('name="website"') + 60]
        assert 'aria-hidden="true"' in block and 'tabindex="-1"' in block


def test_asking_is_rate_limited(client):
    for n in range(CONSULTATION_LIMIT):
        assert ask(client, question=f"第{n}个问题，关于标准号").status_code == 302
    response = ask(client, question="再问一个问题，关于标准号")
    assert response.status_code == 429
    assert response["Retry-After"]
    assert Consultation.objects.count() == CONSULTATION_LIMIT


class TestTracking:
    def test_number_and_secret_show_the_answer_in_any_case_and_grouping(self, client):
        consultation, secret = make_consultation(answer="请标注产品标准号。")
        typed = secret.replace("-", " ").lower()
        response = client.post(
            "/questions/track/",
            {"tracking_number": consultation.tracking_number.lower(), "secret": typed},
        )
        assert response.status_code == 200
        assert "请标注产品标准号。" in response.content.decode()

    def test_full_width_input_from_a_chinese_keyboard_works(self, client):
        consultation, secret = make_consultation()
        full_width = "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in secret)
        response = client.post(
            "/questions/track/",
            {"tracking_number": consultation.tracking_number, "secret": full_width},
        )
        assert response.status_code == 200

    @pytest.mark.parametrize("wrong", ["number", "secret"])
    def test_a_wrong_number_or_secret_answers_alike(self, client, wrong):
        consultation, secret = make_consultation(answer="答复内容")
        data = {"tracking_number": consultation.tracking_number, "secret": secret}
        data["tracking_number" if wrong == "number" else "secret"] = "ZX000000AAAAAA"
        response = client.post("/questions/track/", data)
        assert response.status_code == 404
        assert "答复内容" not in response.content.decode()

    def test_the_secret_field_is_shown_not_masked(self, client):
        html = client.get("/questions/track/").content.decode()
        assert 'type="password"' not in html
        assert 'name="secret"' in html and 'class="code-input"' in html


class TestAnswering:
    def test_the_asker_is_emailed_in_both_languages_after_commit(
        self, django_capture_on_commit_callbacks
    ):
        consultation, _ = make_consultation(contact_email=PRIVATE_EMAIL)
        staff = make_user(is_staff=True)
        with django_capture_on_commit_callbacks(execute=True):
            services.consultation_answer(
                consultation=consultation, answer="可以使用。", answer_en="You may.", by=staff
            )
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == [PRIVATE_EMAIL]
        assert "已有答复" in message.subject and "answered" in message.subject
        assert "可以使用。" in message.body and "You may." in message.body
        assert consultation.tracking_number in message.body
        consultation.refresh_from_db()
        assert consultation.status == ConsultationStatus.ANSWERED
        assert consultation.assigned_to == staff

    def test_no_email_without_an_address_and_none_for_a_refused_answer(
        self, django_capture_on_commit_callbacks
    ):
        consultation, _ = make_consultation()
        with django_capture_on_commit_callbacks(execute=True):
            services.consultation_answer(consultation=consultation, answer="好", by=None)
        emailed, _ = make_consultation(contact_email=PRIVATE_EMAIL)
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
            services.consultation_answer(consultation=emailed, answer="  ", by=None)
        assert mail.outbox == []

    def test_publishing_needs_an_answer_and_a_public_wording(self):
        consultation, _ = make_consultation()
        with pytest.raises(ValidationError, match="Only an answered|只有已答复"):
            services.consultation_publish(consultation=consultation, by=None, public_question="问")
        services.consultation_answer(consultation=consultation, answer="答", by=None)
        consultation.public_question = ""
        with pytest.raises(ValidationError):
            services.consultation_publish(consultation=consultation, by=None)
        services.consultation_publish(consultation=consultation, by=None, public_question="问")
        assert consultation.is_published

    def test_a_closed_question_cannot_be_answered(self):
        consultation, _ = make_consultation()
        services.consultation_close(consultation=consultation, by=None, reason="重复提问")
        with pytest.raises(ValidationError):
            services.consultation_answer(consultation=consultation, answer="答", by=None)


class TestFaq:
    def test_only_published_answers_are_listed_and_nothing_private(self, client):
        published, _ = make_consultation(
            publish=True,
            public_question="包装上要印标准号吗？",
            question=ASKED_WORDS,
            asker_name=PRIVATE_NAME,
            contact_phone=PRIVATE_PHONE,
            contact_email=PRIVATE_EMAIL,
        )
        make_consultation(answer="未公开的答复", public_question="未公开的问题")
        html = client.get("/questions/").content.decode()
        assert "包装上要印标准号吗？" in html
        assert "未公开的问题" not in html and "未公开的答复" not in html
        detail = client.get(published.get_absolute_url()).content.decode()
        for private in (ASKED_WORDS, PRIVATE_NAME, PRIVATE_PHONE, PRIVATE_EMAIL):
            assert private not in html and private not in detail
        assert published.tracking_number not in detail
        assert '<meta name="ArticleTitle" content="包装上要印标准号吗？">' in detail

    def test_an_unpublished_answer_has_no_page(self, client):
        consultation, _ = make_consultation(answer="答")
        assert client.get(f"/questions/{consultation.pk}/").status_code == 404

    def test_search_topic_and_product_filters(self, client):
        cherry = make_product(slug="cherry")
        make_consultation(publish=True, product=cherry, public_question="樱桃的标准号是什么")
        make_consultation(publish=True, topic="law", public_question="法律问题一则")
        html = client.get("/questions/", {"q": "biaozhunhao"}).content.decode()
        assert "樱桃的标准号是什么" in html and "法律问题一则" not in html
        html = client.get("/questions/", {"topic": "law"}).content.decode()
        assert "法律问题一则" in html and "樱桃的标准号是什么" not in html
        response = client.get("/questions/", {"topic": "nonsense"})
        assert response.status_code == 200
        assert "nonsense" in response.content.decode()  # named as ignored, not a 500

    def test_the_faq_costs_a_constant_number_of_queries(self, client, django_assert_num_queries):
        cherry = make_product(slug="cherry")
        for _ in range(3):
            make_consultation(publish=True, product=cherry)
        # Queries: the products of the filter form, the count, the page of answers with
        # their products.
        with django_assert_num_queries(3):
            client.get("/questions/")
        for _ in range(10):
            make_consultation(publish=True, product=make_product())
        with django_assert_num_queries(3):
            client.get("/questions/")


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return tmp_path
