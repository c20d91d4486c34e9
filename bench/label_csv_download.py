"""Time the admin's CSV download of a 1,000,000-label batch, in-process and over HTTP.

    .venv/bin/python bench/label_csv_download.py            # 1,000,000 labels
    .venv/bin/python bench/label_csv_download.py 200000

On a fresh, throw-away SQLite database (migrated, demo data loaded) it issues one batch of
N labels, then downloads /admin/labels/labelbatch/<id>/labels.csv as a signed-in superuser
twice: through Django's test client (the response iterated in-process) and from gunicorn
on a free loopback port (one sync worker, read with urllib). For each it prints the
seconds, the bytes, the number of chunks the response was written in and the average chunk
size. Issue 12 measured 82 s over HTTP with one ~68-byte chunk per line; the goal is
≤ 10 s both ways.
"""

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    tmp = tempfile.TemporaryDirectory(prefix="label-csv-")
    env = {
        "SQLITE_PATH": str(Path(tmp.name) / "db.sqlite3"),
        "MEDIA_ROOT": str(Path(tmp.name) / "media"),
        "STATIC_ROOT": str(Path(tmp.name)),  # exists: no warning from WhiteNoise
        "CACHE_DIR": str(Path(tmp.name) / "cache"),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "LABEL_SIGNING_KEYS": "1:" + secrets.token_urlsafe(32),
    }
    os.environ.pop("DATABASE_URL", None)  # always SQLite: the figure is about streaming
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "shanting_gi.settings"

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from producers.labels.models import LabelBatch
    from producers.register.models import Authorisation

    call_command("migrate", "--noinput", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    today = timezone.localdate()
    authorisation = next(a for a in Authorisation.objects.all() if a.is_live(today))
    # One row whatever the quantity; made directly so the demo's annual caps do not apply.
    batch = LabelBatch.objects.create(
        authorisation=authorisation,
        season=today.year,
        quantity=count,
        key_version=1,
        issued_at=timezone.now(),
    )
    admin = get_user_model().objects.create_superuser("bench", password=secrets.token_hex(16))
    url = reverse("admin:labels_labelbatch_csv", args=[batch.pk])

    client = Client()
    client.force_login(admin)
    began = time.perf_counter()
    response = client.get(url)
    chunks = size = 0
    for chunk in response.streaming_content:
        chunks += 1
        size += len(chunk)
    report("test client", time.perf_counter() - began, size, chunks)

    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "shanting_gi.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "300",
        ],
        cwd=ROOT,
        env={**os.environ},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz")
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{url}",
            headers={"Cookie": f"sessionid={client.cookies['sessionid'].value}"},
        )
        began = time.perf_counter()
        with urllib.request.urlopen(request, timeout=300) as answer:
            assert answer.status == 200, answer.status
            size = reads = 0
            while block := answer.read(1 << 20):
                size += len(block)
                reads += 1
        report("gunicorn (HTTP)", time.perf_counter() - began, size, None)
    finally:
        server.terminate()
        server.wait()
        tmp.cleanup()


def wait_for(url):
    for _attempt in range(150):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer")


def report(how, seconds, size, chunks):
    per_chunk = f", {chunks:,} chunks of {size / chunks:,.0f} B on average" if chunks else ""
    print(f"{how:>16}: {seconds:6.1f} s, {size:,} bytes{per_chunk}")


if __name__ == "__main__":
    main()
