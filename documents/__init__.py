"""Documents PDF générés en arrière-plan, pour toutes les apps du domaine.

Voir `documents.registre` (déclarer une source), `documents.services` (demander un document),
`documents.pdf` (le moteur WeasyPrint) et `documents.fetcher` (ce que WeasyPrint a le droit de lire).
"""
