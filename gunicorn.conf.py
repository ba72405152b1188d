"""gunicorn's settings for Tryg: `make serve` and the production test start gunicorn with this file (`--config
gunicorn.conf.py`), and the load test too (gunicorn reads ./gunicorn.conf.py by default), so what is tested is
what runs. The address and the number of workers come from
`PORT` and `WORKERS`, as `make serve` passes them."""

import os

wsgi_app = "tryg.wsgi"
bind = f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WORKERS", "2"))

# A worker silent for this long is killed and replaced, and gunicorn logs it: a request stuck on a hung database
# or mail server must not hold a worker forever. The slowest legitimate requests are the web import of a national
# file (about 45 s, bench/README.md) and the status report's PDF under load (about 14 s), so 120 s leaves room.
timeout = 120
# On a restart, requests under way get this long to finish.
graceful_timeout = 30
# The reverse proxy keeps connections open to gunicorn; a little longer than its idle requests are apart.
keepalive = 5
