"""Gunicorn settings for production, read from the environment.

    gunicorn -c shanting_gi/gunicorn.conf.py

Meant to run behind a reverse proxy (nginx) on the same host, which terminates TLS and
buffers slow clients; settings.py trusts its X-Forwarded-Proto when DEBUG is off.
"""

import multiprocessing
import os


def _env_int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


wsgi_app = "shanting_gi.wsgi:application"

# Loopback by default: only the proxy in front should reach the app server.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# gthread: most requests wait on the database, so a few threads per worker add throughput
# at little memory cost, and one slow upload does not hold a whole process.
worker_class = "gthread"
workers = _env_int("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1)
threads = _env_int("GUNICORN_THREADS", 4)

# A request still running after this is stuck (the pages are small, imports are chunked):
# kill the worker rather than let it pile up requests. Graceful restarts get as long.
timeout = _env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Slightly above nginx's default upstream keepalive, so the proxy closes idle
# connections first and never sends on one gunicorn has just dropped.
keepalive = _env_int("GUNICORN_KEEPALIVE", 75)

# Recycle workers now and then so a slow leak (in a library, in Pillow) cannot grow
# without bound; the jitter keeps all workers from restarting at the same moment.
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _env_int("GUNICORN_MAX_REQUESTS_JITTER", 100)

# Off: each worker imports the app itself, so `kill -HUP` reloads new code and no
# database connection opened at import time is shared between forked workers.
preload_app = False

# The worker heartbeat file on tmpfs: on a disk under load the heartbeat write can block
# long enough for the arbiter to kill healthy workers.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# Logs to stdout/stderr; the service manager (systemd, a container runtime) collects them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Include the request time (%(M)s ms) so slow pages show up in the access log.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
