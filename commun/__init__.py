"""Outils partagés par toutes les apps, au pied de la chaîne des dépendances.

N'importe d'aucune app de domaine : exports CSV sûrs, pagination, vérification des permissions
dans les vues. Les prédicats des rôles sont dans `comptes.rules`.
"""
