"""Le générateur du schéma OpenAPI (réglage REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]).

À part de `carteblanche.api` : DRF charge cette classe pendant l'import des viewsets, que `carteblanche.api`
importe (un import circulaire sinon).
"""

from drf_spectacular.openapi import AutoSchema
from rest_framework import permissions

# Les permissions qui laissent un visiteur anonyme lire.
PERMISSIONS_LECTURE_PUBLIQUE = (permissions.AllowAny, permissions.IsAuthenticatedOrReadOnly)


class SchemaCarteBlanche(AutoSchema):
    """Une lecture ouverte à tous n'exige aucune identification : l'opération n'a pas de `security`, et
    Swagger UI ne montre pas de cadenas sur une donnée publique."""

    def get_auth(self):
        if self.method in permissions.SAFE_METHODS and all(
            isinstance(permission, PERMISSIONS_LECTURE_PUBLIQUE) for permission in self.view.get_permissions()
        ):
            return []
        return super().get_auth()

    def _insert_field_validators(self, field, schema):
        """Sans la borne que la base impose à un entier (9223372036854775807 sous SQLite, que Swagger UI
        affichait arrondie en 9223372036854776000) : elle ne dit rien de la donnée."""
        super()._insert_field_validators(field, schema)
        if isinstance(schema, dict) and schema.get("maximum", 0) >= 2**31 - 1:
            del schema["maximum"]
