"""gunicorn settings for Tumbuh in production: ``gunicorn -c deploy/gunicorn.conf.py``.

Several processes, each with a few threads, serve the Django app (``tumbuh.web.wsgi``) behind
nginx. The job worker is not started here: it runs as its own service (``tumbuh worker``,
deploy/systemd/tumbuh-worker.service). Every value can be changed from the environment
(deploy/tumbuh.env.example); see docs/deployment.md for sizing.
"""

from __future__ import annotations

import os


def _cores() -> int:
    """The cores this process may run on (a container's or a cgroup's share, not the host's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


wsgi_app = "tumbuh.web.wsgi:application"
#: ``host:port`` or ``unix:/run/tumbuh/gunicorn.sock``; nginx proxies to it.
bind = [os.environ.get("TUMBUH_BIND", "127.0.0.1:8000")]
#: Processes: 2 per core + 1 (a page waits on the database about as long as it computes).
workers = _env_int("TUMBUH_WEB_WORKERS", 2 * _cores() + 1)
#: Threads per process: one by default. Tumbuh's pages are CPU-bound in Python, so threads of
#: one process mostly wait for each other's turn (measured on a kabupaten, 32 users on 2 cores:
#: 4 threads cost 15 % more CPU per request and doubled the slowest answers); the processes
#: already overlap what waits on the database. Raise it where the database is far away.
worker_class = "gthread"
threads = _env_int("TUMBUH_WEB_THREADS", 1)
#: Seconds a request may run before its process is replaced: reports (PDF, a year's tables)
#: take tens of seconds on a large kabupaten; imports run in the job worker, not here.
timeout = _env_int("TUMBUH_WEB_TIMEOUT", 120)
graceful_timeout = 30
keepalive = 5
#: A process is replaced after this many requests (with jitter), so memory cannot creep up.
max_requests = 2000
max_requests_jitter = 200
#: The heartbeat file in memory: a busy disk never makes a healthy process look dead.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
#: No control socket (gunicornc) under the service's home: systemd restarts and reloads.
control_socket_disable = True
proc_name = "tumbuh-web"

#: Only the proxy's X-Forwarded-* headers are believed (nginx on this machine by default;
#: the compose file names its nginx container's network).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs go to stderr (the journal). An access line holds the time, method, path WITHOUT its query
# string (searches carry names and NIK there), status, bytes and milliseconds; no client
# address, no referrer (another page's query string), no user agent.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("TUMBUH_WEB_LOG_LEVEL", "info")
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
