"""gunicorn settings for production and the fault tests: ``gunicorn -c gunicorn.conf.py wsgi:app``.

Every value can be overridden by the environment variable named beside it (or on the
command line, which wins over this file).
"""
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Threaded workers: a request waiting on a slow search holds one thread, not the process,
# so database-only requests in the same worker are never stuck behind it.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# Above the Elasticsearch budget of a request (config.py ELASTICSEARCH_TIMEOUT, 1.5 s) with
# a wide margin: a request that waits on the index ends in 503 long before this.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# The API accepts q of up to 10,000 characters (api.md), up to ~30,000 bytes URL-encoded,
# beyond gunicorn's request line limit (at most 8,190; default 4,094), which would answer
# with its own HTML 400. 0 lifts it; the app itself refuses an over-long q with its JSON
# error, and the request's headers stay limited (limit_request_field_size, _fields).
limit_request_line = 0
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")


def post_worker_init(worker):
    """Each worker process starts its own search outbox drain (search.indexer.Indexer) once
    it has loaded the app: threads do not survive a fork, so the master must not start it."""
    app = worker.wsgi
    indexer = getattr(app, "extensions", {}).get("indexer")
    if indexer is not None:
        indexer.start()
