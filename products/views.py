"""Public pages of the products app: products and the document library."""

from django.db.models import Case, IntegerField, Prefetch, Q, Value, When
from django.utils import timezone
from django.utils.dates import MONTHS
from django.views.generic import DetailView, ListView

from .filters import DocumentFilter
from .models import (
    Document,
    DocumentKind,
    ImageKind,
    Product,
    ProductImage,
    ProductStatus,
    QualityIndicator,
    Town,
    document_status,
)

# Long texts a list never shows.
DOCUMENT_LIST_DEFERRED = ("body", "body_en", "search_text")

DOCUMENT_KIND_ORDER = Case(
    *[When(kind=kind, then=Value(n)) for n, kind in enumerate(DocumentKind.values)],
    default=Value(len(DocumentKind.values)),
    output_field=IntegerField(),
)

IMAGE_KIND_ORDER = list(ImageKind)


def mark_documents(documents, today):
    """Status of each document of a list fetched with select_related("superseded_by")."""
    for document in documents:
        # A reverse one-to-one fetched empty raises DoesNotExist, an AttributeError.
        document_status(document, getattr(document, "superseded_by", None), today)
    return documents


def image_dimensions(image):
    """Width and height for the <img> attributes, None when the file cannot be read."""
    try:
        return image.image.width, image.image.height
    except (OSError, ValueError):
        return None


def season_months(harvest_months):
    """The twelve months of the season strip, each with its name and whether it is harvested."""
    harvested = set(harvest_months or [])
    return [{"number": n, "name": MONTHS[n], "on": n in harvested} for n in range(1, 13)]


class FilteredListView(ListView):
    """A list narrowed by a FilterSet. Values that do not validate are left unapplied and
    shown beside their control; a page number out of range shows the nearest page."""

    filterset_class = None

    def get_queryset(self):
        self.filterset = self.filterset_class(
            self.request.GET or None, queryset=super().get_queryset(), request=self.request
        )
        return self.filterset.qs

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filterset.form
        context.update(
            filter=self.filterset,
            form=form,
            filtered=self.filterset.is_bound
            and any(form.cleaned_data.get(name) for name in form.fields),
        )
        return context


class ProductListView(ListView):
    # Queries: the count, the products, their genuine-product pictures — 3 whatever the
    # number of products or pictures.
    template_name = "products/product_list.html"
    context_object_name = "products"
    paginate_by = 50
    queryset = Product.objects.order_by("order", "name", "pk").prefetch_related(
        Prefetch(
            "images",
            queryset=ProductImage.objects.filter(kind=ImageKind.GENUINE_PRODUCT).order_by(
                "order", "pk"
            ),
            to_attr="genuine_images",
        )
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for product in context["products"]:
            product.cover = product.genuine_images[0] if product.genuine_images else None
            product.cover_size = image_dimensions(product.cover) if product.cover else None
        return context


class ProductDetailView(DetailView):
    """What the product app knows of a product. The public product page adds who may use
    the mark, results and outlets (shanting_gi/pages/product.py).

    Queries, 5 whatever the data size: 1 the product; 2 its protection-area towns; 3 its
    images; 4 its quality indicators; 5 the documents that apply, each with the version
    replacing it.
    """

    template_name = "products/product_detail.html"
    context_object_name = "product"
    queryset = Product.objects.prefetch_related(
        Prefetch("protection_area", queryset=Town.objects.order_by("code")),
        Prefetch("images", queryset=ProductImage.objects.order_by("kind", "order", "pk")),
        Prefetch("indicators", queryset=QualityIndicator.objects.order_by("order", "pk")),
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        product = self.object
        today = timezone.localdate()

        by_kind = {}
        for image in product.images.all():
            image.size = image_dimensions(image)
            by_kind.setdefault(image.kind, []).append(image)
        image_groups = [
            {"kind": kind.value, "label": kind.label, "images": by_kind[kind.value]}
            for kind in IMAGE_KIND_ORDER
            if kind.value in by_kind
        ]

        months = season_months(product.harvest_months)
        documents = mark_documents(
            list(
                Document.objects.filter(Q(product=product) | Q(product__isnull=True))
                .select_related("superseded_by")
                .defer(*DOCUMENT_LIST_DEFERRED)
                .order_by(DOCUMENT_KIND_ORDER, "-effective_on", "title", "pk")
            ),
            today,
        )
        context.update(
            is_protected=product.status == ProductStatus.PROTECTED,
            towns=list(product.protection_area.all()),
            indicators=list(product.indicators.all()),
            image_groups=image_groups,
            season=months,
            harvest_month_names=[m["name"] for m in months if m["on"]],
            documents=documents,
        )
        return context


class DocumentListView(FilteredListView):
    # Queries: the products for the filter form, the count, the page of documents with
    # product and the versions they replace and are replaced by — 3 whatever the number of
    # documents (plus one when a product is chosen, to look its slug up).
    template_name = "products/document_list.html"
    context_object_name = "documents"
    filterset_class = DocumentFilter
    # Generous: the library holds a few dozen documents; the groups stay whole on one page.
    paginate_by = 100
    queryset = (
        Document.objects.select_related("product", "supersedes", "superseded_by")
        .defer(*DOCUMENT_LIST_DEFERRED)
        .order_by(DOCUMENT_KIND_ORDER, "-effective_on", "title", "pk")
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        documents = mark_documents(list(context["documents"]), timezone.localdate())
        groups = {}
        for document in documents:
            groups.setdefault(document.kind, []).append(document)
        chosen_kind = (
            self.filterset.form.cleaned_data.get("kind") if self.filterset.is_bound else ""
        )
        context["groups"] = [
            {"kind": kind.value, "label": kind.label, "documents": groups.get(kind.value, [])}
            for kind in DocumentKind
            # The rights-protection group always shows, for the 12315 channel, unless
            # another kind was chosen.
            if kind.value in groups
            or (kind == DocumentKind.RIGHTS_PROTECTION and chosen_kind in ("", kind.value))
        ]
        return context


class DocumentDetailView(DetailView):
    # Queries, at most 3 whatever the length of the version chain:
    #   1 the document with its product and the version replacing it;
    #   2 every (newer, older) pair of the library's version links — ids only, a few dozen;
    #   3 the other versions of its chain, when it has any.
    # Document.version_chain() would instead run one query per link.
    template_name = "products/document_detail.html"
    context_object_name = "document"
    queryset = Document.objects.select_related("product", "superseded_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = self.object
        today = timezone.localdate()
        document_status(document, getattr(document, "superseded_by", None), today)
        context.update(
            chain=self.version_chain(document, today),
            pdf_size=self.pdf_size(document),
        )
        return context

    @staticmethod
    def pdf_size(document):
        if not document.pdf:
            return None
        try:
            return document.pdf.size
        except OSError:
            return None

    @staticmethod
    def version_chain(document, today):
        """Every version from the oldest to the newest, each marked with its status."""
        older_of = dict(
            Document.objects.filter(supersedes__isnull=False)
            .order_by()
            .values_list("pk", "supersedes_id")
        )
        newer_of = {older: newer for newer, older in older_of.items()}
        oldest, seen = document.pk, {document.pk}
        while older_of.get(oldest) is not None and older_of[oldest] not in seen:
            oldest = older_of[oldest]
            seen.add(oldest)
        ids, seen = [oldest], {oldest}
        while newer_of.get(ids[-1]) is not None and newer_of[ids[-1]] not in seen:
            ids.append(newer_of[ids[-1]])
            seen.add(ids[-1])
        if len(ids) == 1:
            return [document]
        versions = {
            d.pk: d for d in Document.objects.filter(pk__in=ids).defer(*DOCUMENT_LIST_DEFERRED)
        }
        versions[document.pk] = document
        chain = [versions[pk] for pk in ids if pk in versions]
        for older, newer in zip(chain, [*chain[1:], None], strict=True):
            if older is not document:
                document_status(older, newer, today)
        return chain
