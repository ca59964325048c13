"""POST bodies for the create forms, as a browser would send them."""


def management(prefix: str, total: int, *, minimum: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": str(minimum),
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def member_rows(rows: list[dict]) -> dict:
    """rows: dicts with role and either person (pk) or given_names/family_name/date_of_birth."""
    data = management("members", len(rows), minimum=1)
    for index, row in enumerate(rows):
        for key in ("role", "person", "given_names", "family_name", "date_of_birth"):
            data[f"members-{index}-{key}"] = str(row.get(key, ""))
    return data


def dossier_create(
    *, household_name="Visser household", report_date="2024-05-01", reference="", members=None, **extra
) -> dict:
    members = (
        members
        if members is not None
        else [
            {"role": "child", "given_names": "Noor", "family_name": "Visser", "date_of_birth": "2016-02-03"},
        ]
    )
    return {
        "household_name": household_name,
        "report_date": report_date,
        "reference": reference,
        "unit": "",
        "record_class": "",
        "report_text": "",
        "report_source": "",
        **member_rows(members),
        **extra,
    }


def record_create(*, record_class, asset, reference="REC-2024-100", subjects=(), copies=(), **extra) -> dict:
    data = {
        "reference": reference,
        "title": "Interview notes",
        "description": "",
        "category": record_class.category,
        "record_class": str(record_class.pk),
        "information_asset": str(asset.pk),
        "unit": "",
        "format": "digital",
        "language": "en",
        "created_on": "2024-02-02",
        "closed_on": "",
        "last_action_on": "",
        **management("subjects", len(subjects)),
        **management("copies", len(copies)),
        **extra,
    }
    for index, row in enumerate(subjects):
        for key in ("role", "person", "given_names", "family_name", "date_of_birth"):
            data[f"subjects-{index}-{key}"] = str(row.get(key, ""))
    for index, row in enumerate(copies):
        for key in ("kind", "location", "custodian"):
            data[f"copies-{index}-{key}"] = str(row.get(key, ""))
    return data
