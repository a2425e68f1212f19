"""Container health probe: GET /healthz on the local gunicorn, exit 0 if it answers 200.

Used by the Dockerfile HEALTHCHECK (no curl in the slim image). It sends a Host header the
production settings accept (the first ALLOWED_HOSTS entry) and X-Forwarded-Proto: https so the
HTTPS redirect does not turn the probe into a 301.
"""

import os
import sys
import urllib.error
import urllib.request


def main() -> int:
    hosts = [host.strip().lstrip(".") for host in os.environ.get("ALLOWED_HOSTS", "").split(",")]
    host = next((host for host in hosts if host and host != "*"), "localhost")
    port = os.environ.get("PORT", "8000")
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz",
        headers={"Host": host, "X-Forwarded-Proto": "https"},
    )
    try:
        # The URL is fixed: http:// on the loopback address, never a scheme taken from outside.
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - see above
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as exc:
        print(f"healthcheck: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
