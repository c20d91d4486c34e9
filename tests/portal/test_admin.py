"""The portal's back-office: every admin renders and escapes for the bureau, writes go
through the services, the audit group only reads, and attachments are served to staff only."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse

from shanting_gi.portal.models import (
    Article,
    ArticleStatus,
    Association,
    Consultation,
    ConsultationStatus,
    DemonstrationPark,
    Event,
)
from tests.factories import (
    make_article,
    make_association,
    make_consultation,
    make_event,
    make_park,
    make_user,
)

pytestmark = pytest.mark.django_db

XSS = "<script>alert(1)</script>"


def url(model, view, *args):
    return reverse(f"admin:portal_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def bureau(client):
    user = make_user(is_staff=True)
    user.groups.add(Group.objects.get(name="市场监管局"))
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def auditor(client):
    user = make_user(is_staff=True)
    user.groups.add(Group.objects.get(name="只读审计"))
    client.force_login(user)
    return client


@pytest.fixture
def objects():
    consultation, _ = make_consultation(question=XSS, asker_name=XSS)
    return {
        Consultation: consultation,
        Article: make_article(title=XSS),
        Event: make_event(title=XSS),
        DemonstrationPark: make_park(name=XSS),
        Association: make_association(name=XSS),
    }


@pytest.mark.parametrize("model", [Consultation, Article, Event, DemonstrationPark, Association])
def test_pages_render_and_escape_for_the_bureau(bureau, objects, model):
    obj = objects[model]
    changelist = bureau.get(url(model, "changelist"))
    assert changelist.status_code == 200
    assert XSS not in changelist.content.decode()
    assert bureau.get(url(model, "changelist"), {"q": "script"}).status_code == 200
    assert bureau.get(url(model, "add")).status_code == 200
    change = bureau.get(url(model, "change", obj.pk))
    assert change.status_code == 200
    assert XSS not in change.content.decode()
    assert bureau.get(url(model, "history", obj.pk)).status_code == 200


def test_answering_in_the_admin_emails_the_asker_and_publishes(
    bureau, django_capture_on_commit_callbacks
):
    consultation, _ = make_consultation(contact_email="asker@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        response = bureau.post(
            url(Consultation, "change", consultation.pk),
            {
                "topic": consultation.topic,
                "product": "",
                "assigned_to": "",
                "answer": "请标注标准号。",
                "answer_en": "Print the standard number.",
                "public_question": "包装上要印什么？",
                "public_question_en": "What goes on the package?",
                "publish": "on",
                "change_reason": "",
            },
        )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.ANSWERED
    assert consultation.is_published
    assert consultation.assigned_to == bureau.user
    assert [m.to for m in mail.outbox] == [["asker@example.com"]]
    assert consultation.history.count() >= 3  # received, answered, published


def test_publishing_without_a_public_wording_is_refused_with_a_message(bureau):
    consultation, _ = make_consultation(answer="答复")
    response = bureau.post(
        url(Consultation, "changelist"),
        {"action": "publish_selected", "_selected_action": [consultation.pk]},
        follow=True,
    )
    consultation.refresh_from_db()
    assert not consultation.is_published
    assert "公开前" in response.content.decode()


def test_staff_can_write_an_faq_entry_directly(bureau):
    response = bureau.post(
        url(Consultation, "add"),
        {
            "topic": "law",
            "product": "",
            "public_question": "可以在外地樱桃上用“山亭火樱桃”吗？",
            "public_question_en": "",
            "answer": "不可以。",
            "answer_en": "",
            "publish": "on",
            "change_reason": "",
        },
    )
    assert response.status_code == 302
    entry = Consultation.objects.get()
    assert entry.is_published and entry.tracking_number.startswith("ZX")


def test_articles_are_published_and_withdrawn_by_actions(bureau):
    draft = make_article(published=False)
    bureau.post(
        url(Article, "changelist"), {"action": "publish_selected", "_selected_action": [draft.pk]}
    )
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.PUBLISHED
    bureau.post(
        url(Article, "changelist"),
        {
            "action": "unpublish_selected",
            "_selected_action": [draft.pk],
            "apply": "1",
            "reason": "内容有误",
        },
    )
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.DRAFT
    assert draft.history.first().history_change_reason == "内容有误"


def test_the_audit_group_reads_but_cannot_change(auditor, objects):
    consultation = objects[Consultation]
    assert auditor.get(url(Consultation, "change", consultation.pk)).status_code == 200
    response = auditor.post(
        url(Consultation, "change", consultation.pk),
        {"topic": "law", "answer": "不应保存", "publish": "on"},
    )
    assert response.status_code == 403
    consultation.refresh_from_db()
    assert consultation.answer == ""
    assert auditor.get(url(Article, "add")).status_code == 403


def test_attachments_are_served_to_staff_only(bureau, client, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    consultation, _ = make_consultation()
    consultation.attachment.save("a.pdf", ContentFile(b"%PDF-1.4 private"), save=True)
    attachment_url = url(Consultation, "attachment", consultation.pk)
    response = bureau.get(attachment_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 private"
    assert "no-store" in response["Cache-Control"]
    bureau.logout()
    assert bureau.get(attachment_url).status_code == 302  # to the sign-in
    outsider = make_user(is_staff=True)
    bureau.force_login(outsider)
    assert bureau.get(attachment_url).status_code == 403
