"""Export a label batch's codes: every code as CSV, the whole batch (or a range) as a
printable A4 PDF, or a printable HTML sheet of a range."""

import sys

from django.core.management.base import BaseCommand, CommandError

from producers.labels import codes, pdf
from producers.labels.models import LabelBatch


class Command(BaseCommand):
    help = (
        "Export a label batch. --format csv writes every label (serial, grouped code, short "
        "URL), generated row by row, so a batch of a million streams in constant memory. "
        "--format pdf writes an A4 PDF of the batch (or of --start/--count, widened to whole "
        "pages), page by page in constant memory. "
        "--format sheet writes a printable A4 HTML page with a QR code per label for "
        f"--count labels from serial --start (default the first {codes.SHEET_DEFAULT_COUNT}, "
        f"at most {codes.SHEET_MAX_COUNT}): a million QR codes in one HTML file would not "
        "open, let alone print — print large batches range by range, or send the CSV to a "
        "label printer. Serials are numbered from 0."
    )

    def add_arguments(self, parser):
        parser.add_argument("batch", type=int, help="Label batch id (printed by issue_labels).")
        parser.add_argument("--format", choices=["csv", "pdf", "sheet"], default="csv")
        parser.add_argument(
            "-o", "--output", required=True, help="File to write, or - for standard output."
        )
        parser.add_argument("--start", type=int, default=0, help="First serial (default 0).")
        parser.add_argument(
            "--count",
            type=int,
            default=None,
            help=f"How many labels (csv: all; sheet: {codes.SHEET_DEFAULT_COUNT}).",
        )
        parser.add_argument(
            "--language", default=None, help="Language of the sheet's wording (default: site's)."
        )
        parser.add_argument(
            "--allow-void", action="store_true", help="Export even though the batch is void."
        )

    def handle(self, *args, **options):
        try:
            batch = LabelBatch.objects.select_related(
                "authorisation__producer", "authorisation__product"
            ).get(pk=options["batch"])
        except LabelBatch.DoesNotExist:
            raise CommandError(f"There is no label batch {options['batch']}.") from None
        if batch.voided_at is not None and not options["allow_void"]:
            raise CommandError(
                f"Batch {batch.pk} is void ({batch.void_reason}); its labels would verify with "
                "a warning. Use --allow-void to export it anyway."
            )
        start, count = options["start"], options["count"]
        if not 0 <= start < batch.quantity:
            raise CommandError(f"--start must be from 0 to {batch.quantity - 1}.")
        if count is not None and count < 1:
            raise CommandError("--count must be at least 1.")
        if options["format"] == "pdf":
            start, count = pdf.page_range(batch.quantity, start, count)
            written = count
            chunks = pdf.iter_label_pdf(batch, start, count, language=options["language"])
            if options["output"] == "-":
                for chunk in chunks:
                    sys.stdout.buffer.write(chunk)
            else:
                with open(options["output"], "wb") as file:
                    for chunk in chunks:
                        file.write(chunk)
        elif options["format"] == "sheet":
            count = count or codes.SHEET_DEFAULT_COUNT
            if count > codes.SHEET_MAX_COUNT:
                raise CommandError(
                    f"A sheet holds at most {codes.SHEET_MAX_COUNT} labels; export the batch "
                    "in ranges with --start, or use --format csv."
                )
            html = codes.render_label_sheet(batch, start, count, language=options["language"])
            self._write(options["output"], lambda file: file.write(html))
            written = min(count, batch.quantity - start)
        else:
            written = self._write(
                options["output"],
                lambda file: codes.write_label_csv(batch, file, start, count),
            )
        self.stderr.write(f"Wrote {written:,} labels of batch {batch.pk}.")

    def _write(self, output, writer):
        if output == "-":
            return writer(sys.stdout)
        with open(output, "w", encoding="utf-8", newline="") as file:
            return writer(file)
