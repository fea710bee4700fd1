/* Page « Vous êtes déconnecté » : rien de l'espace terrain ne reste sur l'appareil.
 *
 * Le service worker efface déjà tout quand la déconnexion passe par lui (terrain-sw.js) ; cette page
 * le refait au cas où il n'était pas là (autre onglet, navigateur sans service worker) : file d'attente
 * et brouillons (IndexedDB), pages gardées (caches), service worker, ancienne file (localStorage).
 */
(function () {
  "use strict";
  var taches = [];
  if (window.CBTerrain) taches.push(window.CBTerrain.toutEffacer().catch(function () {}));
  if (window.indexedDB) {
    taches.push(new Promise(function (fini) {
      var demande = indexedDB.deleteDatabase("cb-terrain");
      demande.onsuccess = demande.onerror = demande.onblocked = function () { fini(); };
    }));
  }
  if (navigator.serviceWorker && navigator.serviceWorker.getRegistrations) {
    taches.push(navigator.serviceWorker.getRegistrations().then(function (inscriptions) {
      return Promise.all(inscriptions.map(function (inscription) { return inscription.unregister(); }));
    }).catch(function () {}));
  }
  try {
    Object.keys(window.localStorage)
      .filter(function (cle) { return /^cb-(envois|brouillon):/.test(cle); })
      .forEach(function (cle) { localStorage.removeItem(cle); });
  } catch (e) { /* stockage interdit */ }
  Promise.all(taches).then(function () { document.documentElement.dataset.terrainEfface = "1"; });
})();
