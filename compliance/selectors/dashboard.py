"""Every figure of the compliance dashboard and the quarterly report, in one object.

Each part is a handful of aggregate queries (see the modules it reads); nothing here loops
over rows. ``today`` is passed in so that the dashboard, the report and the tests agree on
which day "overdue" and "past the destruction date" are measured.
"""

import datetime
from dataclasses import dataclass

from compliance.periods import Period
from compliance.selectors import access, oversight, requests, retention, sampling
from compliance.selectors.common import reader_organisation_id


@dataclass(frozen=True)
class ComplianceFigures:
    period: Period
    today: datetime.date
    requests: requests.RequestFigures
    consents: requests.ConsentFigures
    past_due: list[retention.PastDue]
    review_backlog: list[tuple[retention.AgeBand, int]]
    active_holds: int
    holds_by_authority: list[tuple[str, str, int]]
    disposals: list[retention.DisposalMonth]
    access: access.AccessVolume
    break_glass: oversight.BreakGlassFigures
    governance: oversight.GovernanceFigures
    quality: sampling.QualitySummary

    @property
    def past_due_total(self) -> int:
        return sum(item.total for item in self.past_due)

    @property
    def review_backlog_total(self) -> int:
        return sum(count for _band, count in self.review_backlog)

    @property
    def disposals_total(self) -> int:
        return sum(month.total for month in self.disposals)

    def disposals_by_method(self) -> dict[str, int]:
        methods = [a.value for a in retention.DISPOSAL_METHODS]
        return {method: sum(month.by_action[method] for month in self.disposals) for method in methods}


def compliance_figures(*, user, period: Period, today: datetime.date) -> ComplianceFigures:
    organisation_id = reader_organisation_id(user)  # refuse before any query
    holds_by_authority = retention.active_holds_by_authority(user=user)
    return ComplianceFigures(
        period=period,
        today=today,
        requests=requests.request_figures(user=user, period=period, today=today),
        consents=requests.consent_figures(user=user, period=period, today=today),
        past_due=retention.past_due_figures(user=user, today=today),
        review_backlog=retention.review_backlog_by_band(user=user, today=today),
        active_holds=sum(n for _a, _l, n in holds_by_authority),
        holds_by_authority=holds_by_authority,
        disposals=retention.disposals_by_month(user=user, period=period),
        access=access.access_volume(user=user, period=period),
        break_glass=oversight.break_glass_figures(user=user, period=period),
        governance=oversight.governance_figures(user=user, today=today),
        quality=sampling.quality_summary(organisation_id=organisation_id, period=period),
    )
