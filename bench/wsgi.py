"""WSGI entry point of the benchmark server: the project's application with bench.settings
(the project's settings and URLconf plus /bench-hello). Started by bench/run.py only."""

import os

from django.core.wsgi import get_wsgi_application

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

application = get_wsgi_application()
