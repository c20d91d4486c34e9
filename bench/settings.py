"""The project's settings, with one extra URL for the benchmark's hello world.

Only bench/run.py's gunicorn uses this module (through bench/wsgi.py); every page is the
project's own, served by the project's middleware, settings and URLconf.
"""

from shanting_gi.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
