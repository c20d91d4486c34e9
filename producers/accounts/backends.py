"""Producers sign in with their user name or with their 统一社会信用代码 — the number printed
beside the special mark, which a co-operative knows better than a user name it chose once."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from producers.register.models import Producer
from producers.register.validators import normalise_credit_code

from .models import ProducerSignup


def user_for_login(login):
    """The account a sign-in name means: a user name (any case), or the credit code of a
    registered producer or of a registration waiting for the bureau. None if neither."""
    login = (login or "").strip()
    if not login:
        return None
    User = get_user_model()
    user = User.objects.filter(username__iexact=login).first()
    if user is not None:
        return user
    code = normalise_credit_code(login)
    if len(code) != 18:
        return None
    producer = Producer.objects.filter(credit_code=code, user__isnull=False).first()
    if producer is not None:
        return producer.user
    signup = ProducerSignup.objects.filter(credit_code=code).select_related("user").first()
    return signup.user if signup is not None else None


class CreditCodeBackend(ModelBackend):
    """Authenticates by credit code (and by user name in any case); the password check and
    the refusal of inactive accounts are ModelBackend's."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = user_for_login(username)
        if user is None or password is None:
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
