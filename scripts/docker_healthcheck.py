"""Health check of the web container (docker-compose.yml): GET /health/ as the proxy would.

Production settings accept only ALLOWED_HOSTS and redirect plain HTTP to HTTPS, so the
probe names the first allowed host and says the proxy terminated TLS. Exit 0 when healthy.
"""

import os
import sys
import urllib.error
import urllib.request


def probe_host() -> str:
    for host in os.environ.get("ALLOWED_HOSTS", "").split(","):
        host = host.strip().lstrip(".")  # ".example.org" allows example.org itself
        if host and host != "*":
            return host
    return "localhost"


def main() -> int:
    port = os.environ.get("PORT", "8000")
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/health/",
        headers={"Host": probe_host(), "X-Forwarded-Proto": "https"},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - fixed local URL
            healthy = response.status == 200
    except (urllib.error.URLError, OSError) as error:
        print(f"unhealthy: {error}", file=sys.stderr)
        return 1
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
