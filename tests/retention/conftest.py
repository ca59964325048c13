import pytest

from access_control.models import OrganisationKind, Role
from retention.models import RecordClass
from retention.services.schedules import schedules_install_defaults
from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def police(db):
    organisation = OrganisationFactory(kind=OrganisationKind.POLICE_FORCE, jurisdiction="GB-WLS")
    officer = UserFactory(organisation=organisation, role=Role.RECORDS_OFFICER)
    schedules_install_defaults(acting_user=officer, organisation=organisation)
    return organisation


@pytest.fixture
def veilig_thuis(db):
    organisation = OrganisationFactory(kind=OrganisationKind.VEILIG_THUIS)
    leader = UserFactory(organisation=organisation, role=Role.TEAM_LEADER)
    schedules_install_defaults(acting_user=leader, organisation=organisation)
    return organisation


def record_class(organisation, code: str) -> RecordClass:
    return RecordClass.objects.get(organisation=organisation, code=code)
