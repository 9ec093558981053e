from rest_framework import exceptions
from rest_framework import filters


class SearchFilter(filters.SearchFilter):
    """DRF's ?search=, its refusals keyed by the parameter as every filter's are."""

    def get_search_terms(self, request):
        try:
            return super().get_search_terms(request)
        except exceptions.ValidationError as error:
            raise exceptions.ValidationError(
                {self.search_param: error.detail}
            ) from None
