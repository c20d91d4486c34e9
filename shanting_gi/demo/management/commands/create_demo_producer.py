"""Set (or reset) the demo producer account's password to a fresh random one and print it,
as create_demo_admin does for the bureau's account."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from shanting_gi.demo.workflows import DEMO_PRODUCER_USERNAME


class Command(BaseCommand):
    help = (
        f"Give the demo producer account '{DEMO_PRODUCER_USERNAME}' (made by seed_demo) a "
        "new random password and print it once. There is never a fixed password."
    )

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=DEMO_PRODUCER_USERNAME).first()
        if user is None:
            raise CommandError("There is no demo producer account yet: run seed_demo first.")
        password = secrets.token_urlsafe(16)
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
        producer = getattr(user, "producer", None)
        credit_code = producer.credit_code if producer is not None else ""
        login_url = settings.PUBLIC_BASE_URL + reverse("accounts:login")
        self.stdout.write(
            self.style.SUCCESS(f"Reset the password of the demo producer {DEMO_PRODUCER_USERNAME}.")
        )
        self.stdout.write(f"  Login:    {login_url}")
        self.stdout.write(
            f"  User:     {DEMO_PRODUCER_USERNAME}"
            + (f"  (or the credit code {credit_code})" if credit_code else "")
        )
        self.stdout.write(f"  Password: {password}")
        self.stdout.write("  The password is shown only now; run this command again to reset it.")
