"""Create (or reset) the demo back-office superuser with a fresh random password."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse

USERNAME = "bureau-admin"
BUREAU_GROUP = "市场监管局"


class Command(BaseCommand):
    help = (
        f"Create the superuser '{USERNAME}', or reset its password, and print the new random "
        "password once. There is never a fixed password."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default=USERNAME, help=f"Default: {USERNAME}.")

    def handle(self, *args, username=USERNAME, **options):
        User = get_user_model()
        password = secrets.token_urlsafe(16)
        with transaction.atomic():
            user, created = User.objects.get_or_create(**{User.USERNAME_FIELD: username})
            user.is_staff = True
            user.is_superuser = True
            user.is_active = True
            user.set_password(password)
            user.save()
            # The group is created by a data migration of another app; join it when present.
            group = Group.objects.filter(name=BUREAU_GROUP).first()
            if group:
                user.groups.add(group)
        login_url = settings.PUBLIC_BASE_URL + reverse("admin:index")
        self.stdout.write(
            self.style.SUCCESS(
                f"{'Created' if created else 'Reset the password of'} the superuser {username}."
            )
        )
        self.stdout.write(f"  Login:    {login_url}")
        self.stdout.write(f"  User:     {username}")
        self.stdout.write(f"  Password: {password}")
        self.stdout.write("  The password is shown only now; run this command again to reset it.")
