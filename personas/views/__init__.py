"""Pages des personas : liste, page d'un persona, lettre et vue d'impression (`publiques`) ; création, dérivation
d'irritants, modification, publication, édition de la lettre et ses versions (`gestion`, facilitateurs).

Les vues restent minces : lectures dans `personas.selectors`, écritures dans `personas.services`, droits dans
`personas/rules.py`.
"""
