"""R-ACC-2: no personal data before the current confidentiality declaration is accepted."""

import pytest
from django.urls import reverse

from access_control.declarations import declaration_accept, declaration_publish
from access_control.models import ConfidentialityDeclaration, DeclarationAcceptance, Role
from core.errors import DomainError, NotAllowed
from core.models import DomainEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DECLARATION = reverse("declaration")
TEXT = "I keep everything I read about children and families confidential (R-ACC-6)."


@pytest.fixture
def published(dpo):
    return declaration_publish(acting_user=dpo, text=TEXT)


def _gated_urls(dossier, record) -> list[str]:
    return [
        reverse("dashboard"),
        reverse("dossiers:list"),
        reverse("dossiers:detail", kwargs={"pk": dossier.pk}),
        reverse("records:detail", kwargs={"pk": record.pk}),
        reverse("retention:overview"),
        reverse("access_log"),
    ]


def test_it_opens_everything_while_no_declaration_is_published(login, owner, dossier):
    assert login(owner).get(reverse("dossiers:detail", kwargs={"pk": dossier.pk})).status_code == 200


def test_it_sends_a_user_who_has_not_accepted_to_the_declaration_first(
    login, owner, dossier, record, published
):
    client = login(owner)

    for url in _gated_urls(dossier, record):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{DECLARATION}?next={url.replace('/', '%2F')}", url


def test_it_lets_the_user_through_after_accepting_and_returns_to_the_page(login, owner, dossier, published):
    client = login(owner)
    detail = reverse("dossiers:detail", kwargs={"pk": dossier.pk})

    page = client.get(DECLARATION, {"next": detail})
    assert TEXT in page.content.decode()
    response = client.post(
        DECLARATION, {"action": "accept", "declaration": published.pk, "agree": "on", "next": detail}
    )

    assert response.status_code == 302 and response["Location"] == detail
    assert client.get(detail).status_code == 200
    acceptance = DeclarationAcceptance.objects.get(user=owner)
    assert acceptance.declaration == published
    assert DomainEvent.objects.filter(verb="declaration.accepted", actor=owner).exists()


def test_it_asks_to_tick_the_box(login, owner, published):
    response = login(owner).post(DECLARATION, {"action": "accept", "declaration": published.pk})

    assert response.status_code == 200
    assert "Confirm that you accept the declaration." in response.content.decode()
    assert not DeclarationAcceptance.objects.exists()


def test_it_asks_again_when_a_new_version_is_published(login, owner, dpo, dossier, published):
    declaration_accept(acting_user=owner, declaration_id=published.pk)
    detail = reverse("dossiers:detail", kwargs={"pk": dossier.pk})
    client = login(owner)
    assert client.get(detail).status_code == 200

    second = declaration_publish(acting_user=dpo, text=TEXT + " Also on paper.")

    assert second.version == 2
    assert client.get(detail).status_code == 302
    assert "Version 2" in client.get(DECLARATION).content.decode()


def test_it_refuses_to_accept_an_old_version(owner, dpo, published):
    declaration_publish(acting_user=dpo, text="A newer text.")

    with pytest.raises(DomainError, match="not the current version"):
        declaration_accept(acting_user=owner, declaration_id=published.pk)


def test_it_accepts_once_however_often_asked(owner, published):
    first = declaration_accept(acting_user=owner, declaration_id=published.pk)

    assert declaration_accept(acting_user=owner, declaration_id=published.pk) == first
    assert DeclarationAcceptance.objects.count() == 1


def test_it_keeps_sign_in_out_and_the_declaration_open(client, owner, published):
    client.force_login(owner)

    assert client.get(DECLARATION).status_code == 200
    assert client.get(reverse("health")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("login")).status_code == 200


def test_it_answers_an_api_call_with_403(login, owner, published):
    response = login(owner).get("/api/schema/")

    assert response.status_code == 403
    assert "confidentiality declaration" in response.json()["detail"]


def test_it_sends_htmx_to_the_declaration_as_a_whole_page(login, owner, published):
    response = login(owner).get(reverse("dossiers:list"), {"q": "x"}, headers={"HX-Request": "true"})

    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(DECLARATION)


def test_it_never_returns_to_another_site(login, owner, published):
    response = login(owner).post(
        DECLARATION,
        {"action": "accept", "declaration": published.pk, "agree": "on", "next": "https://evil.example/"},
    )

    assert response["Location"] == "/"


def test_it_does_not_gate_another_organisation(login, outsider, published):
    assert login(outsider).get(reverse("dossiers:list")).status_code == 200


def test_it_lets_the_dpo_publish_versions_in_the_browser(login, dpo):
    client = login(dpo)

    response = client.post(DECLARATION, {"action": "publish", "publish-text": TEXT})

    assert response.status_code == 302
    declaration = ConfidentialityDeclaration.objects.get()
    assert (declaration.version, declaration.text, declaration.published_by) == (1, TEXT, dpo)
    assert DomainEvent.objects.filter(verb="declaration.published").exists()
    same = client.post(DECLARATION, {"action": "publish", "publish-text": TEXT})
    assert "The text is the same as the current version." in same.content.decode()


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.RECORDS_OFFICER, Role.AUDITOR])
def test_it_lets_only_administrators_and_the_dpo_publish(login, org, role):
    user = UserFactory(organisation=org, role=role)

    with pytest.raises(NotAllowed):
        declaration_publish(acting_user=user, text=TEXT)
    login(user).post(DECLARATION, {"action": "publish", "publish-text": TEXT})
    assert not ConfidentialityDeclaration.objects.exists()


def test_it_refuses_an_empty_text(dpo):
    with pytest.raises(DomainError, match="Write the text"):
        declaration_publish(acting_user=dpo, text="   ")
