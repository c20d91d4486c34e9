"""Databases made by earlier releases migrate forward with nothing lost.

Each .ci/upgrade/release-<commit>.sql.gz is a PostgreSQL dump of that release after its
seed_demo plus .ci/upgrade/populate_<commit>.py (a row in every table the demo leaves empty;
403a9de also an application the old admin-approval bug left undecided). The test restores
each into a database of its own, runs this code's migrations on it, and compares every table.
"""

import gzip
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
UPGRADE = ROOT / ".ci" / "upgrade"
# release -> the statuses of its applications after migrating (403a9de: the one the old bug
# left "submitted" now carries its authorisation's decision).
RELEASES = {
    "403a9de": "['approved', 'info_requested']",
    "ee78798": "['submitted', 'info_requested', 'approved', 'rejected']",
}
# Tables whose rows the migrations may add to: bookkeeping, and the history entry the
# repair migration writes for each application it brings in line.
MAY_GROW = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "auth_group_permissions",
    "producers_historicalapplication",
}

pytestmark = [
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="the release's dump is a PostgreSQL dump"),
    # In CI a missing psql is a failure (the run below), not a reason to skip.
    pytest.mark.skipif(
        not shutil.which("psql") and not os.environ.get("CI"), reason="psql restores the dump"
    ),
]


def run(command, *, env, stdin=None):
    result = subprocess.run(command, env=env, input=stdin, capture_output=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    return result.stdout.decode()


def table_counts(env):
    tables = run(
        ["psql", "-XAtq", "-c", "SELECT tablename FROM pg_tables WHERE schemaname='public'"],
        env=env,
    ).split()
    query = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM \"{t}\"" for t in tables)
    rows = run(["psql", "-XAtq", "-F", " ", "-c", query], env=env).splitlines()
    return {name: int(count) for name, count in (row.split() for row in rows)}


@pytest.fixture(params=sorted(RELEASES))
def release_database(request):
    """A database holding a release's dump; dropped afterwards."""
    database = settings.DATABASES["default"]
    name = f"{connection.settings_dict['NAME']}_upgrade_{request.param}"
    env = {
        **os.environ,
        "PGHOST": database["HOST"] or "localhost",
        "PGPORT": str(database["PORT"] or 5432),
        "PGUSER": database["USER"],
        "PGPASSWORD": database["PASSWORD"] or "",
        "PGDATABASE": "postgres",
    }
    run(["psql", "-Xq", "-c", f'DROP DATABASE IF EXISTS "{name}"'], env=env)
    run(["psql", "-Xq", "-c", f'CREATE DATABASE "{name}"'], env=env)
    env["PGDATABASE"] = name
    # \restrict and \unrestrict only guard psql sessions; older psql does not know them.
    script = b"".join(
        line
        for line in gzip.decompress(
            (UPGRADE / f"release-{request.param}.sql.gz").read_bytes()
        ).splitlines(keepends=True)
        if not line.startswith((b"\\restrict", b"\\unrestrict"))
    )
    run(["psql", "-Xq", "-v", "ON_ERROR_STOP=1"], env=env, stdin=script)
    url = (
        f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@"
        f"{env['PGHOST']}:{env['PGPORT']}/{name}"
    )
    yield env, url, request.param
    env["PGDATABASE"] = "postgres"
    run(["psql", "-Xq", "-c", f'DROP DATABASE IF EXISTS "{name}"'], env=env)


def test_a_release_migrates_forward_with_nothing_lost(release_database, tmp_path):
    env, url, release = release_database
    before = table_counts(env)
    app_env = {
        **os.environ,
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        "DEBUG": "1",
        "SECRET_KEY": "",
        "LABEL_SIGNING_KEYS": "",
    }
    run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env=app_env)
    after = table_counts(env)

    lost = {t: (n, after.get(t)) for t, n in before.items() if after.get(t, -1) < n}
    assert lost == {}, "rows or tables lost"
    changed = {t: (n, after[t]) for t, n in before.items() if t not in MAY_GROW and after[t] != n}
    assert changed == {}
    assert before["producers_labelbatch"] and before["producers_application"]  # a real test

    # The moved models read their old tables; their permissions came with them; the
    # application the old bug left open now carries its authorisation's decision; the
    # demo label code still verifies (same development signing key), its 3 checks counted on.
    check = """
from django.contrib.auth.models import Group
from producers.accounts.models import Application
from producers.labels.models import LabelBatch, LabelScan
from producers.labels.verification import verify
result = verify("4001-0000-CH0H-TGNM", client_ip=None)
bureau = set(Group.objects.get(name="市场监管局").permissions.values_list(
    "content_type__app_label", "codename"))
print(LabelBatch.objects.count(), LabelScan.objects.get().count,
      result.outcome, result.times_checked,
      list(Application.objects.order_by("pk").values_list("status", flat=True)),
      ("labels", "change_labelbatch") in bureau, ("accounts", "view_application") in bureau)
"""
    shell = [sys.executable, "manage.py", "shell", "--no-imports", "-c", check]
    output = run(shell, env=app_env).splitlines()[-1].split()
    batches, scan_count, outcome, times_checked, *rest = output
    assert int(batches) == before["producers_labelbatch"]
    assert (int(scan_count), outcome, int(times_checked)) == (4, "genuine", 4)
    assert " ".join(rest) == f"{RELEASES[release]} True True"
