"""Règles d'accès aux irritants : le codage et la fusion sont réservés aux facilitateurs."""

import rules

from terrain.rules import est_facilitateur

rules.add_perm("irritants.coder", est_facilitateur)
rules.add_perm("irritants.voir_tout", est_facilitateur)
