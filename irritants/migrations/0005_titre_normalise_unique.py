# Un titre en service par expérimentation, aux accents, majuscules et ponctuation près.

import re
import unicodedata

from django.db import migrations, models


def _cle_titre(titre):
    # Copie figée de irritants.models.cle_titre : une migration ne dépend pas du code qui évolue.
    texte = unicodedata.normalize("NFKD", titre or "").encode("ascii", "ignore").decode().casefold()
    return " ".join(re.findall(r"\w+", texte))


def remplir_titres_normalises(apps, schema_editor):
    """Calcule la clé de chaque irritant. Des doublons déjà en base (d'avant cette règle) gardent une clé
    distincte (« … #n° ») pour que la contrainte s'installe : ils restent visibles et se fusionnent à l'écran
    de fusion ; les publier demande d'abord de les fusionner ou de les renommer."""
    Irritant = apps.get_model("irritants", "Irritant")
    vues = set()
    a_jour = []
    for irritant in Irritant.objects.order_by("pk").only("pk", "titre", "experimentation_id", "statut", "fusionne_dans_id"):
        cle = _cle_titre(irritant.titre)
        en_service = irritant.fusionne_dans_id is None and irritant.statut != "retire"
        if en_service:
            if (irritant.experimentation_id, cle) in vues:
                cle = f"{cle} #{irritant.pk}"[:200]
            vues.add((irritant.experimentation_id, cle))
        irritant.titre_normalise = cle
        a_jour.append(irritant)
    Irritant.objects.bulk_update(a_jour, ["titre_normalise"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("experimentations", "0001_initial"),
        ("irritants", "0004_journal_en_ajout_seul_statut_irritant"),
        ("terrain", "0004_retrait_journal_publication_verbatims"),
    ]

    operations = [
        migrations.AddField(
            model_name="irritant",
            name="titre_normalise",
            field=models.CharField(default="", editable=False, max_length=200, verbose_name="titre normalisé"),
        ),
        migrations.RunPython(remplir_titres_normalises, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="irritant",
            constraint=models.UniqueConstraint(
                condition=models.Q(("fusionne_dans__isnull", True), models.Q(("statut", "retire"), _negated=True)),
                fields=("experimentation", "titre_normalise"),
                name="irritant_titre_unique_en_service",
                violation_error_message="Un irritant en service porte déjà ce titre dans cette expérimentation.",
            ),
        ),
    ]
