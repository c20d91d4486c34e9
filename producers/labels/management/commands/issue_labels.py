"""Issue a batch of special-mark labels to a live authorisation: one database row, whatever
the quantity (the codes are signed, not stored; export them with export_labels)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from producers.labels.services import label_batch_issue, label_quantity_left
from producers.register.models import Authorisation


class _DryRun(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Issue a batch of labels to a live authorisation. Refused when the authorisation is "
        "not live or the batch would exceed its annual cap for the season. Prints the batch "
        "id to give to export_labels."
    )

    def add_arguments(self, parser):
        parser.add_argument("--authorisation", type=int, required=True, help="Authorisation id.")
        parser.add_argument("--quantity", type=int, required=True, help="Number of labels.")
        parser.add_argument(
            "--season", type=int, default=None, help="Harvest year (default: the current year)."
        )
        parser.add_argument(
            "--by", default=None, help="Username of the staff member issuing (kept in history)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check everything, then write nothing."
        )

    def handle(self, *args, **options):
        season = options["season"] or timezone.localdate().year
        try:
            authorisation = Authorisation.objects.select_related("producer", "product").get(
                pk=options["authorisation"]
            )
        except Authorisation.DoesNotExist:
            raise CommandError(f"There is no authorisation {options['authorisation']}.") from None
        by = None
        if options["by"]:
            User = get_user_model()
            try:
                by = User.objects.get(**{User.USERNAME_FIELD: options["by"]})
            except User.DoesNotExist:
                raise CommandError(f"There is no user {options['by']!r}.") from None
        try:
            with transaction.atomic():
                batch = label_batch_issue(
                    authorisation=authorisation,
                    quantity=options["quantity"],
                    season=season,
                    by=by,
                )
                left = label_quantity_left(authorisation=authorisation, season=season)
                if options["dry_run"]:
                    raise _DryRun
        except _DryRun:
            self.stdout.write(
                f"Dry run: {options['quantity']:,} labels for season {season} could be issued "
                f"to {authorisation}. Nothing was written."
            )
            return
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Issued batch {batch.pk}: {batch.quantity:,} labels for season {season} to "
                f"{authorisation} (signing key version {batch.key_version})."
            )
        )
        if left is not None:
            self.stdout.write(f"The season's cap leaves {left:,} more labels.")
        self.stdout.write(
            f"Export the codes with: manage.py export_labels {batch.pk} --format csv -o FILE"
        )
