"""settings.py is driven by the environment; each case runs in a fresh interpreter."""

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
SETUP = (
    "import json, django; django.setup(); from django.conf import settings; "
    "db = settings.DATABASES['default']; "
    "print(json.dumps({'ENGINE': db['ENGINE'], 'NAME': str(db['NAME']), "
    "'HOST': db.get('HOST', ''), 'PORT': db.get('PORT', ''), 'USER': db.get('USER', ''), "
    "'OPTIONS': db.get('OPTIONS', {}), 'DEBUG': settings.DEBUG}))"
)
CONTROLLED = ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "LABEL_SIGNING_KEYS", "DATABASE_URL")
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x7!q" * 13,  # 52 characters, as check --deploy wants
    "ALLOWED_HOSTS": "example.org",
    "LABEL_SIGNING_KEYS": "1:" + "k3y" * 12,
}


def production_without(name):
    return {k: v for k, v in PRODUCTION.items() if k != name}


def start(**env):
    """Import the settings with exactly the given variables (of the controlled ones)."""
    environ = {k: v for k, v in os.environ.items() if k not in CONTROLLED}
    environ.update(env, DJANGO_SETTINGS_MODULE="shanting_gi.settings")
    return subprocess.run(
        [sys.executable, "-c", SETUP],
        cwd=BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )


def started(**env):
    result = start(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_refuses_to_start_without_a_secret_key():
    result = start(**production_without("SECRET_KEY"))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = start(**production_without("ALLOWED_HOSTS"))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_refuses_to_start_without_label_signing_keys():
    result = start(**production_without("LABEL_SIGNING_KEYS"))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "LABEL_SIGNING_KEYS" in result.stderr


def test_production_starts_with_its_required_variables():
    config = started(**PRODUCTION)

    assert config["DEBUG"] is False


def test_development_starts_with_nothing_set():
    assert started()["DEBUG"] is True


def test_database_url_selects_postgresql():
    config = started(DATABASE_URL="postgres://u@h:5432/d")

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["HOST"], config["PORT"], config["NAME"]) == (
        "u",
        "h",
        5432,
        "d",
    )


def test_without_database_url_sqlite_is_tuned_for_concurrent_writers():
    config = started()

    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(BASE_DIR / "db.sqlite3")
    options = config["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "PRAGMA journal_mode=WAL" in options["init_command"]
    assert "busy_timeout" in options["init_command"]
