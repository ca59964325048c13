"""The foundation's "done when", tried in a real browser: a caseworker signs in, opens a
household dossier with three members and a report (R-DOS-1), adds a second entry that
separates fact from opinion and names who it concerns (R-DOS-2), finds the dossier with
the search box, and switches the interface to Welsh (R-REC-10)."""

import re

import pytest
from playwright.sync_api import expect

from records.models import Dossier, EntryKind, EntryNature
from tests.factories import DossierFactory, grant

pytestmark = pytest.mark.browser


def _fill_member(page, number: int, *, role: str, given: str, family: str, born: str) -> None:
    row = page.get_by_role("group", name=f"Member {number}")
    row.get_by_label("Role").select_option(label=role)
    row.get_by_label("Given names").fill(given)
    row.get_by_label("Family name").fill(family)
    row.get_by_label("Date of birth").fill(born)


def _add_member_row(page, number: int) -> None:
    page.get_by_role("button", name="Add another member").click()
    # htmx swaps the member rows in place and moves focus to the new row's first field.
    expect(page.get_by_role("group", name=f"Member {number}").get_by_label("Role")).to_be_focused()


def test_it_lets_a_caseworker_open_a_dossier_add_an_entry_find_it_and_read_it_in_welsh(
    page, sign_in, caseworker, organisation
):
    """R-DOS-1, R-DOS-2, R-REC-10."""
    # Other dossiers of the same caseworker, so the search visibly narrows the list.
    for household in ("Bakker household", "Visser household"):
        grant(caseworker, DossierFactory(organisation=organisation, household_name=household))

    sign_in(caseworker)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Dossiers").click()
    page.get_by_role("button", name="Open a dossier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open a dossier")

    page.get_by_label("Household name").fill("De Wit household")
    page.get_by_label("Date of the report").fill("2025-01-15")
    page.get_by_label("Team").select_option(label="Team North")
    page.get_by_label("The report", exact=True).fill("The school reports that Lotte often arrives hungry.")
    page.get_by_label("Source of the report").fill("School mentor")
    _fill_member(page, 1, role="Child", given="Lotte", family="de Wit", born="2014-04-04")
    _add_member_row(page, 2)
    # What was typed before the post-back is still there.
    expect(page.get_by_role("group", name="Member 1").get_by_label("Given names")).to_have_value("Lotte")
    expect(page.get_by_label("Household name")).to_have_value("De Wit household")
    _fill_member(page, 2, role="Child", given="Bram", family="de Wit", born="2017-07-07")
    _add_member_row(page, 3)
    _fill_member(page, 3, role="Parent / carer", given="Anke", family="de Wit", born="1983-03-03")
    page.get_by_role("button", name="Open the dossier").click()

    dossier = Dossier.objects.get(household_name="De Wit household")
    expect(page.get_by_text(f"Dossier {dossier.reference} opened.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("De Wit household")
    members = page.get_by_role("table", name="Household members")
    for name in ("Lotte de Wit", "Bram de Wit", "Anke de Wit"):
        expect(members.get_by_role("cell", name=name)).to_be_visible()
    expect(page.locator("article.app-entry")).to_have_count(1)  # the report, stored as a fact

    page.get_by_role("button", name="Add an entry").click()
    page.get_by_label("Kind of entry").select_option(label="Safety assessment")
    page.get_by_role("radio", name="Opinion or hypothesis").check()
    page.get_by_label("Text").fill("The children are not safe at home for now.")
    concerns = page.get_by_role("group", name="Which members does this entry concern?")
    concerns.get_by_label("Lotte de Wit (Child)").check()
    concerns.get_by_label("Bram de Wit (Child)").check()
    page.get_by_label("Source (optional)").fill("Home visit")
    page.get_by_role("button", name="Add the entry").click()

    expect(page.get_by_text("The entry is added to the dossier.")).to_be_visible()
    entries = page.locator("article.app-entry")
    expect(entries).to_have_count(2)
    assessment = entries.filter(has_text="The children are not safe at home for now.")
    expect(assessment.get_by_role("heading")).to_contain_text("Safety assessment")
    expect(assessment.get_by_role("heading")).to_contain_text("Opinion or hypothesis")
    expect(assessment).to_contain_text("Lotte de Wit, Bram de Wit")
    entry = dossier.entries.get(kind=EntryKind.SAFETY_ASSESSMENT)
    assert entry.nature == EntryNature.OPINION
    assert sorted(m.person.given_names for m in entry.concerns.all()) == ["Bram", "Lotte"]
    assert dossier.members.count() == 3

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Dossiers").click()
    results = page.locator("#dossier-results")
    expect(results).to_contain_text("3 dossiers found")
    page.get_by_label("Search dossiers").fill("De Wit")
    page.get_by_label("Search dossiers").press("Enter")
    expect(results).to_contain_text("1 dossier found")
    expect(results.get_by_role("link", name=dossier.reference)).to_be_visible()
    expect(results).not_to_contain_text("Bakker household")
    # htmx pushes the search into the address bar, so a reload or a shared link keeps it.
    expect(page).to_have_url(re.compile(r"/dossiers/\?q=De(%20|\+)Wit"))

    page.get_by_role("button", name="Cymraeg").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.get_by_role("navigation", name="Iaith").locator("[aria-current=true]")).to_have_text(
        "Cymraeg"
    )
    # Dates are localised: January is "Ionawr" in Welsh.
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=dossier.reference))
    expect(row).to_contain_text("15 Ion 2025")
    expect(page.get_by_role("heading", level=1)).to_have_text("Coflenni aelwydydd")
    menu = page.get_by_role("navigation", name="Dewislen")
    expect(menu.get_by_role("link", name="Dangosfwrdd")).to_be_visible()
    expect(page.get_by_role("button", name="Allgofnodi")).to_be_visible()
