"""Sign-in, sign-out, language switch and the role-based navigation of base.html."""

import pytest
from django.conf import settings
from django.urls import reverse

from access_control.models import Role
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PAGES = [
    ("dashboard", {}),
    ("dossiers:list", {}),
    ("dossiers:create", {}),
    ("dossiers:detail", {"pk": 1}),
    ("dossiers:entry_create", {"pk": 1}),
    ("dossiers:member_create", {"pk": 1}),
    ("dossiers:close", {"pk": 1}),
    ("dossiers:reopen", {"pk": 1}),
    ("dossiers:attachment", {"pk": 1}),
    ("records:list", {}),
    ("records:create", {}),
    ("records:detail", {"pk": 1}),
    ("records:copy_create", {"pk": 1}),
    ("records:subject_create", {"pk": 1}),
    ("records:event_create", {"pk": 1}),
]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_it_sends_anonymous_visitors_to_the_login_page(client, name, kwargs):
    url = reverse(name, kwargs=kwargs)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_it_signs_in_with_username_and_password(client, owner):
    response = client.post(reverse("login"), {"username": owner.username, "password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


def test_it_shows_the_error_summary_for_a_wrong_password(client, owner):
    response = client.post(reverse("login"), {"username": owner.username, "password": "wrong"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in content
    assert "Enter a correct username and password" in content
    assert "<title>Error:" in content
    assert "_auth_user_id" not in client.session


def test_it_asks_for_both_fields_on_an_empty_login(client):
    response = client.post(reverse("login"), {"username": "", "password": ""})

    content = response.content.decode()
    assert 'href="#id_username">Enter your username.' in content
    assert 'href="#id_password">Enter your password.' in content


def test_it_signs_out_with_a_post_only(login, owner, client):
    login(owner)

    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_it_switches_the_language_to_welsh(login, owner, client):
    """R-REC-10: the service works in Welsh; the switch stores the choice in the cookie."""
    login(owner)

    response = client.post("/i18n/setlang/", {"language": "cy", "next": reverse("dossiers:list")})

    assert response.status_code == 302
    assert response["Location"] == reverse("dossiers:list")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "cy"
    page = client.get(reverse("dossiers:list"))
    assert '<html lang="cy"' in page.content.decode()


def test_it_offers_every_language_by_its_own_name(login, owner, client):
    login(owner)

    content = client.get(reverse("dashboard")).content.decode()

    assert 'action="/i18n/setlang/"' in content
    for code, name in (("cy", "Cymraeg"), ("nl", "Nederlands")):
        assert f'name="language" value="{code}" lang="{code}"' in content
        assert name in content


def test_it_shows_the_product_and_the_users_organisation_without_a_crown(login, owner, client):
    login(owner)

    content = client.get(reverse("dashboard")).content.decode()

    assert "Retentie" in content
    assert owner.organisation.name in content
    assert 'href="#main-content"' in content
    assert "govuk-header__logotype" not in content
    assert "crown" not in content.lower()


def _nav_labels(content: str) -> list[str]:
    nav = content.split('id="navigation"', 1)[1].split("</ul>", 1)[0]
    labels = []
    for chunk in nav.split('class="govuk-service-navigation__link"')[1:]:
        text = chunk.split(">", 1)[1].split("</a>", 1)[0]
        labels.append(
            text.replace('<strong class="govuk-service-navigation__active-fallback">', "")
            .replace("</strong>", "")
            .strip()
        )
    return labels


GOV = "Safeguarding and governance"


@pytest.mark.parametrize(
    ("role", "is_staff", "expected"),
    [
        (Role.CASEWORKER, False, ["Dashboard", "Dossiers", "Records", "Requests", "Consents", GOV]),
        (
            Role.TEAM_LEADER,
            False,
            ["Dashboard", "Dossiers", "Records", "Records unit", "Requests", "Consents", "Data quality", GOV],
        ),
        (
            Role.RECORDS_OFFICER,
            False,
            ["Dashboard", "Records", "Dossiers", "Records unit", "Requests", "Consents", "Data quality", GOV],
        ),
        (
            Role.DPO,
            False,
            [
                "Dashboard",
                "Dossiers",
                "Records",
                "Records unit",
                "Requests",
                "Consents",
                "Compliance",
                GOV,
                "Access log",
                "Access rights",
            ],
        ),
        (
            Role.AUDITOR,
            False,
            ["Dashboard", "Dossiers", "Records", "Compliance", GOV, "Access log", "Access rights"],
        ),
        (Role.ADMINISTRATOR, True, ["Dashboard", "Dossiers", "Records", GOV, "Access rights", "Admin"]),
    ],
)
def test_it_shows_the_navigation_of_the_users_role(login, client, org, role, is_staff, expected):
    login(UserFactory(organisation=org, role=role, is_staff=is_staff))

    # follow: the DPO's start page is the compliance dashboard (a redirect).
    content = client.get(reverse("dashboard"), follow=True).content.decode()

    assert _nav_labels(content) == expected


def test_it_marks_the_current_section_in_words_not_only_colour(login, owner, client):
    login(owner)

    content = client.get(reverse("dossiers:list")).content.decode()

    assert 'aria-current="page"' in content
    assert '<strong class="govuk-service-navigation__active-fallback">Dossiers</strong>' in content


def test_it_serves_the_vendored_design_system_without_the_gds_typeface():
    static = settings.BASE_DIR / "static" / "vendor"
    css = (static / "govuk-frontend" / "govuk-frontend.min.css").read_text()

    assert "GDS Transport" not in css
    assert "@font-face" not in css
    assert (static / "htmx" / "htmx.min.js").exists()
