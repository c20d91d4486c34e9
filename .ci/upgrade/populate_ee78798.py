"""Run with the code of release ee78798 (after its seed_demo, create_demo_admin and
create_demo_producer) to add a row to every table the demo leaves empty, so that the
upgrade check sees each of them carried forward.
"""

import io
import os
import sys

import django

sys.path.insert(0, os.getcwd())  # run from the old release's checkout

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shanting_gi.settings")
django.setup()

from django.contrib.admin.models import ADDITION, LogEntry  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Permission  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.db import transaction  # noqa: E402
from PIL import Image  # noqa: E402

from inspections.models import Complaint, ComplaintPhoto  # noqa: E402
from producers.accounts.models import Application, ApplicationDocument  # noqa: E402
from producers.labels import codes  # noqa: E402
from producers.labels.models import LabelBatch  # noqa: E402
from producers.labels.verification import verify  # noqa: E402
from shanting_gi.portal.models import Article, ArticleAttachment, ArticleImage  # noqa: E402


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 40)).save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="upgrade.png")


User = get_user_model()
with transaction.atomic():
    staff = User.objects.get(username="bureau-admin")
    staff.user_permissions.add(Permission.objects.get(codename="view_complaint"))
    complaint = Complaint.objects.order_by("pk").first()
    ComplaintPhoto.objects.create(complaint=complaint, image=png())
    article = Article.objects.order_by("pk").first()
    ArticleImage.objects.create(article=article, image=png(), alt_text="升级检查图片")
    ArticleAttachment.objects.create(
        article=article,
        title="升级检查附件",
        file=ContentFile(b"%PDF-1.4 upgrade check\n", name="upgrade.pdf"),
    )
    application = Application.objects.order_by("pk").first()
    ApplicationDocument.objects.create(
        application=application,
        kind="pdf",
        original_name="营业执照.pdf",
        file=ContentFile(b"%PDF-1.4 upgrade check\n", name="document.pdf"),
    )
    LogEntry.objects.create(
        user=staff,
        content_type=ContentType.objects.get_for_model(Article),
        object_id=str(article.pk),
        object_repr=str(article)[:200],
        action_flag=ADDITION,
        change_message="upgrade check",
    )

batch = LabelBatch.objects.filter(voided_at__isnull=True).order_by("pk").first()
code = codes.group(codes.encode(batch.key_version, batch.pk, 0))
for _ in range(3):
    verify(code, client_ip=None)
print("populated:", code)
