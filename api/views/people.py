from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import PermissionDenied

from access_control.permissions import Action, user_can
from api import selectors
from api.scopes import Scope
from api.serializers.people import PersonInputSerializer, PersonSerializer
from api.serializers.restriction import restriction_annotate
from api.views.base import ApiViewSet
from core.models import AccessObject
from records.services import person_create


def require_create(request, action: str) -> None:
    """A person needs the role to start this (a token client's scope was checked already)."""
    if selectors.api_client_of(request.user) is None and not user_can(request.user, action):
        raise PermissionDenied()


@extend_schema(tags=["people"])
class PersonViewSet(ApiViewSet):
    """People (data subjects) of the organisation: list, read, register."""

    serializer_class = PersonSerializer
    required_scopes = {
        "list": (Scope.PEOPLE_READ,),
        "retrieve": (Scope.PEOPLE_READ,),
        "create": (Scope.PEOPLE_WRITE,),
    }

    def get_queryset(self):
        return selectors.person_list_for(self.request.user)

    def list(self, request):
        # One subquery for the restriction fields (GDPR art. 18) instead of one query per row.
        people = restriction_annotate(self.get_queryset())
        return self.paginated(people, PersonSerializer, access_kind=AccessObject.PERSON)

    def retrieve(self, request, pk=None):
        person = selectors.one_or_404(self.get_queryset(), pk, "person")
        self.log_access([person], AccessObject.PERSON)  # R-ACC-4
        return self.with_etag(person, PersonSerializer(person).data)

    @extend_schema(request=PersonInputSerializer, responses={201: PersonSerializer})
    def create(self, request):
        require_create(request, Action.CREATE_PERSON)
        data = self.input(PersonInputSerializer)
        person = person_create(
            acting_user=request.user,
            organisation=request.user.organisation,
            data=PersonInputSerializer().to_input(data),
        )
        person = selectors.person_reload(person)
        return self.with_etag(
            person, PersonSerializer(person).data, status=201, headers=self.location(person)
        )
