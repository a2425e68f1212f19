from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
DEMO_USERS_ENABLED = True
# The demo users all share the made-up domain demo.cl: it names no institution (conflict detection).
SHARED_EMAIL_DOMAINS = ["demo.cl"]
