"""A small client of the Retentie REST API, using only the Python standard library.

It opens a household dossier, closes it, reads its retention status (the date and the
sentence that explains it), places a legal hold on it, and files the mother's access
request for the child's data (R-DSR-7: a child under 12 exercises the rights through a
legal representative).

    RETENTIE_API_URL=http://localhost:8000/api/v1 RETENTIE_API_TOKEN=<token> python docs/api-example.py

The token comes from an administrator (admin: API clients, "Issue a new token", or
``manage.py api_token issue --client <id>``); the client needs the scopes dossiers:write,
dossiers:read, retention:read, holds:write and dsr:write. The schema is at /api/schema/ and the
browsable documentation at /api/docs/.
"""

import datetime
import json
import os
import sys
import urllib.error
import urllib.request
import uuid

BASE_URL = os.environ.get("RETENTIE_API_URL", "http://localhost:8000/api/v1").rstrip("/")
TOKEN = os.environ.get("RETENTIE_API_TOKEN", "")


class ApiError(Exception):
    def __init__(self, status: int, problem: dict):
        self.status, self.problem = status, problem
        errors = "".join(
            f"\n  {field}: {' '.join(messages)}" for field, messages in problem.get("errors", {}).items()
        )
        super().__init__(f"{status} {problem.get('title')}: {problem.get('detail')}{errors}")


def call(method: str, path: str, body: dict | None = None, headers: dict | None = None) -> tuple[dict, dict]:
    """Send one request; return (JSON body, response headers) or raise ApiError."""
    request = urllib.request.Request(  # noqa: S310 - the URL is the configured API's
        f"{BASE_URL}{path}",
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={
            "Authorization": f"Bearer {TOKEN}",
            "Accept": "application/json",
            **({"Content-Type": "application/json"} if body is not None else {}),
            **(headers or {}),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return json.load(response), dict(response.headers)
    except urllib.error.HTTPError as error:
        # Errors are RFC 9457 problem details: title, detail and errors per field.
        raise ApiError(error.code, json.load(error)) from None


def post(path: str, body: dict) -> dict:
    # An Idempotency-Key per logical operation: if the connection drops and we send the
    # same request again with the same key, the server answers it once, not twice.
    data, _headers = call("POST", path, body, {"Idempotency-Key": str(uuid.uuid4())})
    return data


def main() -> int:
    if not TOKEN:
        print("Set RETENTIE_API_TOKEN to an API client's token.", file=sys.stderr)
        return 2
    # Yesterday (UTC) for the closing date: never "in the future" in the server's time zone.
    yesterday = datetime.datetime.now(datetime.UTC).date() - datetime.timedelta(days=1)
    report_date = yesterday - datetime.timedelta(days=30)

    dossier = post(
        "/dossiers/",
        {
            "household_name": "Example household",
            "report_date": report_date.isoformat(),
            "record_class": "VT-DOSSIER",
            "members": [
                {
                    "role": "child",
                    "new_person": {
                        "given_names": "Sam",
                        "family_name": "Example",
                        "date_of_birth": "2015-05-04",
                    },
                },
                {"role": "parent_carer", "new_person": {"given_names": "Eva", "family_name": "Example"}},
            ],
            "report_text": "Report received from the school.",
            "report_source": "School (telephone)",
        },
    )
    print(f"Opened dossier {dossier['reference']} (id {dossier['id']}), status {dossier['status']}.")

    post(
        f"/dossiers/{dossier['id']}/close/",
        {"closed_on": yesterday.isoformat(), "reason": "Handed over"},
    )
    status, _headers = call("GET", f"/dossiers/{dossier['id']}/retention/")
    print(f"Retention: {status['action']} on {status['due_on']} ({status['basis']}).")
    print(f"  {status['explanation']}")

    hold = post(
        "/holds/",
        {
            "reason": "A complaint about this dossier is pending.",
            "authority": "investigation",
            "authority_reference": "COMPLAINT-1",
            "dossiers": [dossier["id"]],
        },
    )
    status, _headers = call("GET", f"/dossiers/{dossier['id']}/retention/")
    print(f"Placed hold {hold['id']}; held now: {status['held']}.")

    child = next(member["person"] for member in dossier["members"] if member["role"] == "child")
    request = post(
        "/subject-requests/",
        {
            "subject": child["id"],
            "request_type": "access",
            "requester_role": "representative",
            "requester_name": "Eva Example",
            "requester_relationship": "mother",
            "on_behalf_of": "Sam Example",
            "received_on": yesterday.isoformat(),
            "details": "A copy of everything recorded about Sam.",
        },
    )
    print(
        f"Filed access request {request['reference']}: {request['status']}, "
        f"answer due {request['current_due_on']} ({request['capacity_reason']})."
    )
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except ApiError as error:
        print(error, file=sys.stderr)
        sys.exit(1)
