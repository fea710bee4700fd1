/* Codage des irritants (pages servies avec htmx) : htmx 2 ne remplace pas le contenu d'une réponse 4xx par
 * défaut ; une fiche renvoyée en 400 porte les messages d'erreur en français, on la laisse donc remplacer
 * l'ancienne. Une panne réseau ou serveur est signalée dans la fiche concernée.
 * (Fichier à part : la Content-Security-Policy refuse les scripts en ligne.) */
(function () {
  "use strict";
  document.addEventListener("htmx:beforeSwap", function (evenement) {
    if (evenement.detail.xhr.status === 400) {
      evenement.detail.shouldSwap = true;
      evenement.detail.isError = false;
    }
  });
  function signalerPanne(evenement) {
    var fiche = evenement.target.closest(".cb-fiche");
    if (!fiche || fiche.querySelector(".cb-panne")) { return; }
    var alerte = document.createElement("div");
    alerte.className = "fr-alert fr-alert--error fr-alert--sm fr-mb-2w cb-panne";
    alerte.setAttribute("role", "alert");
    alerte.textContent = "L'envoi a échoué (connexion, droits ou serveur) : rien n'a été enregistré. Rechargez la page puis réessayez.";
    fiche.insertBefore(alerte, fiche.querySelector("form"));
  }
  document.addEventListener("htmx:sendError", signalerPanne);
  document.addEventListener("htmx:responseError", signalerPanne);
})();
