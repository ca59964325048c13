from rest_framework import serializers

from api.serializers.common import StrictInputSerializer
from api.serializers.restriction import RestrictionFieldsMixin
from records.models import Person, PersonIdentifier
from records.services import PersonInput


class PersonIdentifierSerializer(serializers.ModelSerializer):
    class Meta:
        model = PersonIdentifier
        fields = ["scheme", "value"]


class PersonSerializer(RestrictionFieldsMixin, serializers.ModelSerializer):
    identifiers = PersonIdentifierSerializer(many=True, read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "given_names",
            "family_name",
            "full_name",
            "date_of_birth",
            "identifiers",
            "restricted",
            "restriction_reason",
            "created_at",
            "updated_at",
        ]


class PersonBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "given_names", "family_name", "date_of_birth"]


class PersonInputSerializer(StrictInputSerializer):
    given_names = serializers.CharField(max_length=150, allow_blank=True, default="")
    family_name = serializers.CharField(max_length=150, allow_blank=True, default="")
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    identifiers = serializers.DictField(
        child=serializers.CharField(max_length=64),
        required=False,
        default=dict,
        help_text="Identifier scheme (pnc, nhs, bsn, pupil, case, other) to value.",
    )

    def to_input(self, data) -> PersonInput:
        return PersonInput(
            given_names=data["given_names"],
            family_name=data["family_name"],
            date_of_birth=data["date_of_birth"],
            identifiers=dict(data["identifiers"]),
        )


def person_input(data) -> PersonInput:
    return PersonInputSerializer().to_input(data)
