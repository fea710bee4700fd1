"""Les vues des ateliers : le séminaire public et les liens personnels (`seminaire`), la gestion par les
facilitateurs (`gestion`), les lettres d'engagement et le vote (`engagements`), la co-construction et le
laboratoire (`coconstruction`)."""
