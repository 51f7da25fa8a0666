"""Gunicorn's settings for the web tier; `fotavtrykk serve` passes this file, flags override it.

Threads, not more processes: a request mostly waits on the store or the cache, and every
worker process holds its own copy of the app and the boundaries (~200 MB), so a few processes
with several threads each serve more at the same memory. Workers are recycled after a number
of requests (with jitter, so they do not all restart together) to bound slow leaks.
"""

from __future__ import annotations

import os

from core.settings import get_settings

_settings = get_settings()

bind = f"{_settings.host}:{_settings.port}"
worker_class = "gthread"
#: Processes; WEB_CONCURRENCY is the variable platforms use to size this.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
#: Threads per process: requests in flight per worker while others wait on the store.
threads = int(os.environ.get("FOTAVTRYKK_THREADS", "4"))
#: A worker silent for this long is killed and replaced, so one stuck request cannot hold
#: a process forever (`fotavtrykk serve --timeout`).
timeout = 30
#: On restart or deploy, requests in flight get this long to finish.
graceful_timeout = 20
#: Seconds an idle keep-alive connection is held (a proxy in front reuses it).
keepalive = 5
max_requests = 1000
max_requests_jitter = 200
#: Not preloaded: each worker builds the app itself after the fork, so no database
#: connection or file handle is shared between processes.
preload_app = False
accesslog = "-"
errorlog = "-"
