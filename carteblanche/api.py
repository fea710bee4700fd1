"""Routeur DRF unique : chaque app y enregistre ses viewsets (racine navigable à /api/)."""

from rest_framework.routers import DefaultRouter

from irritants.api import IrritantViewSet, ObservationCodeeViewSet
from promesses.api import PointAvancementViewSet, PromesseViewSet
from territoire.api import CommuneViewSet, EpciViewSet, LieuAccueilViewSet

router = DefaultRouter()
router.register("communes", CommuneViewSet, basename="commune")
router.register("epci", EpciViewSet, basename="epci")
router.register("lieux-accueil", LieuAccueilViewSet, basename="lieu-accueil")
# Les observations du terrain, avec leur codage en irritants (l'app des irritants étend celle du terrain).
router.register("observations", ObservationCodeeViewSet, basename="observation")
router.register("irritants", IrritantViewSet, basename="irritant")
router.register("promesses", PromesseViewSet, basename="promesse")
router.register("points-avancement", PointAvancementViewSet, basename="point-avancement")
