"""The lists behind the dashboard's figures: what each shows, in which columns, and what it logs.

Each ``DrillDown`` names a selector (the same one the figure counts, so a list always has
exactly as many rows as its figure says), its columns (one definition for the page and the
CSV) and, for rows about a person, record or dossier, the access-log entry each row makes
(R-ACC-4). Parameters (an age band, a month, a method) come from the query string and are
checked by the list's ``parse``: an unknown value answers 404.
"""

from typing import Any

from django.http import Http404

from compliance.drilldowns import oversight, people, retention
from compliance.drilldowns.base import Column, Context, DrillDown

DRILLDOWNS: dict[str, DrillDown] = {
    definition.slug: definition
    for module in (people, retention, oversight)
    for definition in module.DRILLDOWNS
}


def drilldown_get(slug: str) -> DrillDown:
    definition = DRILLDOWNS.get(slug)
    if definition is None:
        raise Http404("No such list.")
    return definition


def row_cells(definition: DrillDown, row, context: Context) -> list[tuple[Any, str | None]]:
    """(text, link) of every column of one row, for the page."""
    return [
        (column.value(row, context), column.link(row, context) if column.link else None)
        for column in definition.columns
    ]


__all__ = ["DRILLDOWNS", "Column", "Context", "DrillDown", "drilldown_get", "row_cells"]
