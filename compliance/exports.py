"""CSV export of a compliance list: streamed, and every exported row access-logged (R-ACC-4).

The rows are written as they are read (``iterator``), so a long list never sits in memory.
Each chunk of rows is noted in the access log as *downloaded* and written to the log before
the chunk is sent: what left the system is in the log, even if the download breaks off.
"""

import csv
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from django.http import StreamingHttpResponse

from core.access_log import access_log_flush, access_log_record
from core.models import AccessKind

CHUNK = 1000
# A cell starting like this would be run as a formula by a spreadsheet (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text


class _Echo:
    """A file-like object for csv.writer that hands each line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


def _chunks(rows: Iterable, size: int) -> Iterator[list]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _log_chunk(request, chunk: list, logged_as: Callable | None, detail: str) -> None:
    if logged_as is None:
        return
    by_kind: dict[str, list[int]] = {}
    for row in chunk:
        target = logged_as(row)
        if target is not None:
            by_kind.setdefault(target[0], []).append(target[1])
    for kind, ids in by_kind.items():
        access_log_record(request, ids, kind, access=AccessKind.DOWNLOADED, detail=detail)


def csv_response(
    request,
    *,
    rows,
    header: list[str],
    cells: Callable[[object], list],
    filename: str,
    logged_as: Callable[[object], tuple[str, int] | None] | None,
    detail: str,
) -> StreamingHttpResponse:
    """Stream ``rows`` (a QuerySet or a list) as CSV; ``cells(row)`` gives one line's values and
    ``logged_as(row)`` the (object kind, id) it shows, or None for rows without personal data."""
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(content_type="text/csv; charset=utf-8")
    source = rows.iterator(chunk_size=CHUNK) if hasattr(rows, "iterator") else iter(rows)
    http_request = getattr(request, "_request", request)

    def lines() -> Iterator[str]:
        yield writer.writerow([csv_cell(h) for h in header])
        for chunk in _chunks(source, CHUNK):
            _log_chunk(request, chunk, logged_as, detail)
            access_log_flush(http_request, response)
            for row in chunk:
                yield writer.writerow([csv_cell(value) for value in cells(row)])

    response.streaming_content = lines()
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
