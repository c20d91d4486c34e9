"""The one list page the portal has: a queryset narrowed by a FilterSet, paginated.

Bad input never fails the page: a filter value that does not validate is left unapplied and
named beside its control (the others still apply), and a page number that is not a number
or lies out of range shows the first or last page with a note saying so. The API reads the
same FilterSets, where the same bad value answers 400.
"""

from django.utils.translation import gettext as _
from django.views.generic import ListView


class FilteredListView(ListView):
    """Context: `filter` and its `form`, `filtered` (some filter is in effect) and
    `page_error` (the page asked for did not exist). templates/includes/filter_form.html
    renders the form and what was ignored."""

    filterset_class = None
    paginate_by = 25

    def get_queryset(self):
        self.filterset = self.filterset_class(
            self.request.GET or None, queryset=super().get_queryset(), request=self.request
        )
        return self.filterset.qs

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        asked = self.request.GET.get(self.page_kwarg) or None
        page = paginator.get_page(asked)
        self.page_error = None
        if asked is not None and asked != str(page.number):
            self.page_error = _("There is no page “%(asked)s”; showing page %(number)d.") % {
                "asked": asked[:20],
                "number": page.number,
            }
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filterset.form
        context.update(
            filter=self.filterset,
            form=form,
            filtered=self.filterset.is_bound
            and any(form.cleaned_data.get(name) for name in form.fields),
            page_error=getattr(self, "page_error", None),
        )
        return context
