"""La pagination de l'API (réglage REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"]).

Module à part, qui n'importe que `rest_framework.pagination` : DRF charge cette classe pendant l'import de
`rest_framework.generics`.
"""

from rest_framework.pagination import PageNumberPagination


class PaginationCarteBlanche(PageNumberPagination):
    """La pagination de l'API (par 100), décrite avec un exemple réaliste plutôt que celui de DRF
    (`http://api.example.org/accounts/?page=4`)."""

    def get_paginated_response_schema(self, schema):
        reponse = super().get_paginated_response_schema(schema)
        proprietes = reponse["properties"]
        proprietes["count"]["example"] = 63
        proprietes["next"]["example"] = None
        proprietes["previous"]["example"] = None
        return reponse
