"""Scripts d'installation et de vérification lancés par make (stdlib seulement)."""
