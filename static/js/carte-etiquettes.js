/*
 * Cartes des communes : le nom de la commune sous le pointeur ou le focus clavier s'affiche en clair,
 * au-dessus de la commune. Le lien garde son nom accessible (<title>) : l'étiquette, décorative, est
 * cachée aux lecteurs d'écran. Sans script, le navigateur montre le <title> au survol.
 * Fichier statique (pas de script en ligne) : compatible avec une politique CSP stricte.
 */
(function () {
  "use strict";

  function preparer(conteneur) {
    var etiquette = document.createElement("div");
    etiquette.className = "cb-carte__etiquette";
    etiquette.setAttribute("aria-hidden", "true");
    etiquette.hidden = true;
    conteneur.appendChild(etiquette);

    function montrer(lien) {
      var zone = lien.getBoundingClientRect();
      var cadre = conteneur.getBoundingClientRect();
      etiquette.textContent = lien.getAttribute("data-nom");
      etiquette.hidden = false;
      var gauche = zone.left + zone.width / 2 - cadre.left - etiquette.offsetWidth / 2;
      gauche = Math.max(0, Math.min(gauche, cadre.width - etiquette.offsetWidth));
      var haut = zone.top + zone.height / 2 - cadre.top - etiquette.offsetHeight - 8;
      etiquette.style.left = gauche + "px";
      etiquette.style.top = Math.max(0, haut) + "px";
    }

    function cacher() {
      etiquette.hidden = true;
    }

    conteneur.addEventListener("pointerover", function (evenement) {
      var lien = evenement.target.closest("a[data-nom]");
      if (lien) montrer(lien);
    });
    conteneur.addEventListener("pointerleave", cacher);
    conteneur.addEventListener("focusin", function (evenement) {
      var lien = evenement.target.closest("a[data-nom]");
      if (lien) montrer(lien);
    });
    conteneur.addEventListener("focusout", cacher);
  }

  document.querySelectorAll("[data-carte-etiquettes]").forEach(preparer);
})();
