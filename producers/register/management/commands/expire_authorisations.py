"""Close the authorisations whose validity has ended: run it daily (cron or a timer).

Until it runs, such an authorisation is shown as "approved, validity ended" and gives no
right to the mark; afterwards it is expired, with its history entry and the producer told.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from producers.register import services
from producers.register.models import Authorisation, AuthorisationStatus


class Command(BaseCommand):
    help = "Mark approved or suspended authorisations whose validity has ended as expired."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would expire; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        today = timezone.localdate()
        if dry_run:
            due = Authorisation.objects.filter(
                status__in=[AuthorisationStatus.APPROVED, AuthorisationStatus.SUSPENDED],
                valid_until__lt=today,
            ).select_related("producer", "product")
            for authorisation in due:
                self.stdout.write(
                    f"would expire: {authorisation} (valid until {authorisation.valid_until})"
                )
            return
        with transaction.atomic():
            expired = services.authorisations_expire_due(today=today)
        for authorisation in expired:
            self.stdout.write(f"expired: {authorisation}")
        self.stdout.write(f"{len(expired)} authorisation(s) expired.")
