// Version imprimable d'une lettre : le bouton « Imprimer » ouvre la boîte d'impression du navigateur.
// Sans JavaScript, le bouton reste caché et la page dit d'utiliser Ctrl+P.
document.querySelectorAll("[data-cb-imprimer]").forEach((bouton) => {
  bouton.hidden = false;
  bouton.addEventListener("click", () => window.print());
});
