"""`python -m bench` (or `make bench`): run every benchmark. Needs DATABASE_URL to a scratch
PostgreSQL database; see docs/benchmarks.md for the figures and the commands behind them.

`python -m bench retention|pages|api_load [options]` runs one of them; options without a
name go to the retention benchmark (as before).
"""

import sys

from bench import api_load, pages, retention

BENCHMARKS = {"retention": retention.main, "pages": pages.main, "api_load": api_load.main}


def main(argv: list[str]) -> int:
    if argv and argv[0] in BENCHMARKS:
        return BENCHMARKS[argv[0]](argv[1:])
    if argv:
        return retention.main(argv)
    # pages rebuilds the data set with users and grants; api_load reads what pages left.
    for name in ("retention", "pages", "api_load"):
        print(f"== {name}", flush=True)
        status = BENCHMARKS[name]([])
        if status:
            return status
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
