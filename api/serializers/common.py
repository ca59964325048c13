"""Shared serializer pieces: strict input (unknown fields are errors) and organisation-
scoped references, so an id of another organisation is "not found" like a missing one."""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from access_control.models import Role, Unit


class StrictInputSerializer(serializers.Serializer):
    """Input that refuses fields it does not know: a typo must not be silently ignored."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(str(name) for name in data if name not in writable)
            if unknown:
                raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
            # DRF would turn 5 or true into "5" / "True": text fields take JSON strings only.
            not_text = sorted(
                name
                for name, field in self.fields.items()
                if isinstance(field, serializers.CharField)
                and name in data
                and data[name] is not None
                and not isinstance(data[name], str)
            )
            if not_text:
                raise serializers.ValidationError({name: [_("Not a valid string.")] for name in not_text})
        return super().to_internal_value(data)


def _organisation_id(field) -> int | None:
    request = field.context.get("request")
    return getattr(getattr(request, "user", None), "organisation_id", None)


class OrganisationPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """An id of a row of the caller's organisation."""

    def get_queryset(self):
        return super().get_queryset().filter(organisation_id=_organisation_id(self))

    def to_internal_value(self, data):
        # Out-of-range integers cannot name a row; refuse them before they reach SQL.
        if isinstance(data, int) and not isinstance(data, bool) and not 0 < data < 2**63:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class OrganisationSlugField(serializers.SlugRelatedField):
    """A code (or other unique name) of a row of the caller's organisation."""

    def get_queryset(self):
        return super().get_queryset().filter(organisation_id=_organisation_id(self))


class UnitField(OrganisationPrimaryKeyField):
    """A unit to file under: any of the organisation's for an API client, a person's own
    units for a browser session (as the web forms offer)."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Unit.objects.all(), **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        units = super().get_queryset()
        if getattr(user, "role", None) == Role.API_CLIENT:
            return units
        return units.filter(members=user)


def choice_field(choices, **kwargs) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=choices.choices, **kwargs)


def whole_number(**kwargs) -> serializers.IntegerField:
    """A read-only count or number, declared rather than derived from the model: derived bounds
    follow the database backend (smallint on PostgreSQL), and the published schema must not."""
    return serializers.IntegerField(read_only=True, min_value=0, **kwargs)
