"""Cursor pagination in id order: stable while rows are added, and cheap at any depth."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination


class IdCursorPagination(CursorPagination):
    ordering = "id"
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound:
            # A malformed cursor is bad input (400), not a missing resource.
            raise ValidationError({self.cursor_query_param: [_("This cursor is not valid.")]}) from None
