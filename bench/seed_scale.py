"""Time `seed_demo --scale N` on a fresh, throw-away SQLite database.

    .venv/bin/python bench/seed_scale.py            # 10,000 producers
    .venv/bin/python bench/seed_scale.py 2000

Migrates a new database in a temporary directory (media files go there too), loads the
demo data, then times the scale run alone and prints the seconds. The target is 10,000
producers, each with an approved authorisation and a published inspection, in under a
minute.
"""

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True
    )


def child_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory(prefix="seed-scale-") as tmp:
        env = {
            **os.environ,
            "SQLITE_PATH": str(Path(tmp) / "db.sqlite3"),
            "MEDIA_ROOT": str(Path(tmp) / "media"),
            "CACHE_DIR": str(Path(tmp) / "cache"),
        }
        env.pop("DATABASE_URL", None)  # always SQLite: that is what the target is about
        manage("migrate", "--noinput", "-v", "0", env=env)
        began = time.perf_counter()
        manage("seed_demo", env=env)
        demo = time.perf_counter() - began
        began, cpu_before = time.perf_counter(), child_cpu_seconds()
        manage("seed_demo", "--scale", str(count), env=env)
        scale, cpu = time.perf_counter() - began, child_cpu_seconds() - cpu_before
    print(f"seed_demo (demo data only):  {demo:6.1f} s")
    print(f"seed_demo --scale {count:,}: {scale:6.1f} s (whole command, demo data already there)")
    # CPU time says how much of the wall time was the command's own work on a busy machine.
    print(
        f"  of which CPU time (user + system): {cpu:.1f} s; load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
