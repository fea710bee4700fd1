"""Pages des irritants : synthèse publique et page d'un irritant (`publiques`), codage, fusion, publication et
journal (`codage`), liste et export des observations avec leur codage (`observations`).

Les vues restent minces : lectures dans `irritants.selectors`, écritures dans `irritants.services`,
droits dans `irritants/rules.py` appliqués par `commun.permissions.permission_requise`.
"""
