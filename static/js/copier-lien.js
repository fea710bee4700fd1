// Page des participants : « Copier » met le lien personnel d'un participant dans le presse-papiers.
// Le bouton n'apparaît que si le navigateur sait copier (contexte sûr : https ou 127.0.0.1) ; sinon le lien
// « Ouvrir » reste là (clic droit, « Copier l'adresse du lien »).
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) {
    return;
  }
  var annonce = document.getElementById("copie-annonce");
  document.querySelectorAll("button.cb-copier[data-lien]").forEach(function (bouton) {
    bouton.hidden = false;
    bouton.addEventListener("click", function () {
      navigator.clipboard.writeText(bouton.dataset.lien).then(
        function () {
          if (annonce) {
            annonce.textContent = "Lien copié : " + bouton.dataset.lien;
          }
          bouton.classList.add("cb-copie-faite");
        },
        function () {
          if (annonce) {
            annonce.textContent = "Copie impossible : faites un clic droit sur « Ouvrir », puis « Copier l'adresse du lien ».";
          }
        }
      );
    });
  });
})();
