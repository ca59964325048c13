"""Template tags of the retention pages: the retention card of a record or dossier page, and
the records unit's sub-navigation. Tags, so the record and dossier pages need only one line."""

from django import template

from access_control.models import Role
from records.models import CopyKind, ItemStatus, Record
from retention import selectors
from retention.explain import explain
from retention.forms import ExtensionForm
from retention.models import DueAction

register = template.Library()

NAV = [
    # (area, url name of its first page, the url-name prefix of its pages)
    ("overview", "retention:overview", "overview"),
    (selectors.REVIEWS, "retention:review_list", "review"),
    (selectors.BATCHES, "retention:batch_list", "batch"),
    (selectors.HOLDS, "retention:hold_list", "hold"),
    ("copy_tasks", "retention:copy_task_list", "copy_task"),
    (selectors.SCHEDULES, "retention:schedule_list", "schedule"),
]


@register.inclusion_tag("retention/_subnav.html", takes_context=True)
def records_unit_nav(context):
    """The records unit's sections the user may open, the current one marked."""
    request = context["request"]
    user = request.user
    current = request.resolver_match.url_name or ""
    visible = []
    for area, url_name, prefix in NAV:
        if area in selectors.AREA_ROLES and not selectors.user_sees_area(user, area):
            continue
        if area == "overview" and user.role not in selectors.RECORDS_UNIT_ROLES:
            continue
        visible.append({"area": area, "url_name": url_name, "current": current.startswith(prefix)})
    return {"sections": visible, "request": request}


@register.inclusion_tag("retention/_retention_card.html", takes_context=True)
def retention_card(context, item):
    """Due date, action, the one-sentence explanation, next review, active holds, and for a
    team leader the extension form (R-WMO-3) of ``item`` (a Record or Dossier)."""
    request = context["request"]
    user = request.user
    kind = "record" if isinstance(item, Record) else "dossier"
    lifecycle = item.status if kind == "record" else item.lifecycle
    selectors.retention_version_with_schedule(item)
    action = item.retention_action
    return {
        "item": item,
        "kind": kind,
        "explanation": explain(item),
        "action_label": DueAction(action).label if action in DueAction.values else "",
        "holds": list(selectors.holds_on(item)),
        "links_to_holds": selectors.user_sees_area(user, selectors.HOLDS),
        "can_extend": (
            user.role == Role.TEAM_LEADER
            and lifecycle == ItemStatus.LIVE
            and item.retention_due_on is not None
        ),
        "extend_form": ExtensionForm(),
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }


@register.filter
def copy_kind_label(value: str) -> str:
    """The words for a copy kind stored on a destruction task ("paper" → "Paper")."""
    return CopyKind(value).label if value in CopyKind.values else value
