"""Settings of bench/bench_pages.py: the production settings plus the benchmark's own URLs.

The bare baseline view lives in bench/pages_urls.py, never in the product's URL configuration.
Everything else (middleware, caches, DEBUG off, SQLite) is what production runs."""

from portal.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.pages_urls"
