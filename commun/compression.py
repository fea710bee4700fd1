"""Compression des réponses : gzip pour ce qui est du texte (HTML, JSON, CSV, CSS, JS, SVG, Atom, iCalendar),
rien pour ce qui est déjà compressé (PDF, images, archives).

`django.middleware.gzip.GZipMiddleware` compresse toute réponse de plus de 200 octets : un PDF de lettre (déjà
compressé) y perdait son en-tête `Content-Length` (le navigateur ne montrait plus la taille ni la progression du
téléchargement) et le serveur y dépensait du temps pour rien.
"""

from django.middleware.gzip import GZipMiddleware

TYPES_TEXTE = (
    "text/",
    "application/json",
    "application/javascript",
    "application/xml",
    "application/atom+xml",
    "application/rss+xml",
    "application/vnd.oai.openapi",
    "application/manifest+json",
    "image/svg+xml",
)


def _est_du_texte(content_type: str) -> bool:
    return content_type.split(";", 1)[0].strip().lower().startswith(TYPES_TEXTE)


class CompressionTexte(GZipMiddleware):
    """GZipMiddleware limité aux réponses textuelles."""

    def process_response(self, request, response):
        if not _est_du_texte(response.get("Content-Type", "")):
            return response
        return super().process_response(request, response)
