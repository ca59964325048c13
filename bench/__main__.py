"""`python -m bench` (or `make bench`): run every benchmark. Needs DATABASE_URL to a scratch
PostgreSQL database; see docs/benchmarks.md for the figures and the commands behind them."""

import sys

from bench import retention

if __name__ == "__main__":
    sys.exit(retention.main(sys.argv[1:]))
