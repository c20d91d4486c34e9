"""The words match everywhere: 用标核准 for an authorisation and 标签批次 for a label batch,
in the pages (the catalogue) and in the emails alike."""

from pathlib import Path

from babel.messages.pofile import read_po

BASE = Path(__file__).resolve().parents[2]
EMAILS = BASE / "templates" / "email" / "zh-hans"
OTHER_WORDS = ("授权", "标志批次", "标识批次")


def test_the_chinese_emails_use_the_register_terms():
    for template in EMAILS.glob("*.txt"):
        text = template.read_text(encoding="utf-8")
        for word in OTHER_WORDS:
            assert word not in text, (template.name, word)
    status = (EMAILS / "authorisation_status.txt").read_text(encoding="utf-8")
    assert "用标核准" in status
    assert "标签批次" in (EMAILS / "signup_confirmed.txt").read_text(encoding="utf-8")


def test_the_catalogue_uses_the_register_terms():
    with open(BASE / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po", "rb") as handle:
        catalogue = read_po(handle, locale="zh_Hans")
    assert catalogue.get("special-mark authorisation").string == "用标核准"
    assert catalogue.get("label batch").string == "标签批次"
    for message in catalogue:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for word in OTHER_WORDS:
            assert not any(word in text for text in strings), (message.id, word)
