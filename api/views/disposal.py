"""Reviews, disposal batches and destruction certificates: read only. Deciding reviews and
approving batches stay in the browser, behind the second factor (R-REC-5, R-REC-7)."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from api import selectors_disposal as selectors
from api.filters import DisposalBatchFilter, ReviewFilter
from api.scopes import Scope
from api.serializers.disposal import (
    DestructionCertificateSerializer,
    DisposalBatchDetailSerializer,
    DisposalBatchSerializer,
    ReviewSerializer,
)
from api.views.base import ApiViewSet
from core.downloads import stored_file_download
from core.models import AccessKind, AccessObject

READ = (Scope.RETENTION_READ,)


def _review_item(review) -> tuple[list[int], str]:
    if review.record_id is not None:
        return [review.record_id], AccessObject.RECORD
    return [review.dossier_id], AccessObject.DOSSIER


@extend_schema(tags=["reviews"])
class ReviewViewSet(ApiViewSet):
    """Periodic reviews of records and dossiers with their documented decisions (R-REC-5)."""

    serializer_class = ReviewSerializer
    filterset_class = ReviewFilter
    required_scopes = {"list": READ, "retrieve": READ}

    def get_queryset(self):
        return selectors.reviews_for(self.request.user)

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        for review in page:  # R-ACC-4: a review names and explains its item
            self.log_listed(*_review_item(review), detail=f"review:{review.pk}")
        return self.get_paginated_response(ReviewSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        review = selectors.review_detail_for(request.user, pk)
        self.log_access(*_review_item(review), detail=f"review:{review.pk}")
        return Response(ReviewSerializer(review).data)


@extend_schema(tags=["disposal batches"])
class DisposalBatchViewSet(ApiViewSet):
    """Disposal batches with their items, approvals and history."""

    serializer_class = DisposalBatchSerializer
    filterset_class = DisposalBatchFilter
    required_scopes = {"list": READ, "retrieve": READ}

    def get_queryset(self):
        return selectors.batches_for(self.request.user)

    def list(self, request):
        return self.paginated(self.get_queryset(), DisposalBatchSerializer)

    @extend_schema(responses=DisposalBatchDetailSerializer)
    def retrieve(self, request, pk=None):
        batch = selectors.batch_detail_for(request.user, pk)
        items = list(batch.items.all())
        detail = f"batch:{batch.pk}"
        self.log_listed([i.record_id for i in items if i.record_id], AccessObject.RECORD, detail=detail)
        self.log_listed([i.dossier_id for i in items if i.dossier_id], AccessObject.DOSSIER, detail=detail)
        return Response(DisposalBatchDetailSerializer(batch).data)


@extend_schema(tags=["destruction certificates"])
class DestructionCertificateViewSet(ApiViewSet):
    """Certificates of destruction: what a batch destroyed, when, how and on what basis."""

    serializer_class = DestructionCertificateSerializer
    required_scopes = {"list": READ, "retrieve": READ, "pdf": READ}

    def get_queryset(self):
        return selectors.certificates_for(self.request.user)

    def perform_content_negotiation(self, request, force=False):
        # The PDF download is asked for with Accept: application/pdf; its errors (and every
        # other answer) are still JSON problem documents.
        return super().perform_content_negotiation(request, force=True)

    def list(self, request):
        return self.paginated(self.get_queryset(), DestructionCertificateSerializer)

    def retrieve(self, request, pk=None):
        certificate = selectors.certificate_detail_for(request.user, pk)
        self.log_access([certificate], AccessObject.CERTIFICATE)
        return Response(DestructionCertificateSerializer(certificate).data)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The signed PDF.")
        }
    )
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        certificate = selectors.certificate_detail_for(request.user, pk)
        if not certificate.pdf:
            raise Http404("The certificate's PDF has not been rendered.")
        # R-ACC-4: the certificate lists what was destroyed, so its download is logged too.
        self.log_access([certificate], AccessObject.CERTIFICATE, access=AccessKind.DOWNLOADED)
        return stored_file_download(
            certificate.pdf, filename=f"{certificate.number}.pdf", content_type="application/pdf"
        )
