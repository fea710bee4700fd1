/* Service worker de l'espace terrain : les pages de l'agent s'ouvrent sans réseau, la file d'attente
 * part dès que le réseau revient, et la déconnexion efface tout.
 *
 * Chargé par /terrain/sw.js (vue `terrain.views.saisie.service_worker`), qui pose `self.CB_CONFIG`
 * (version, adresses) puis importe Workbox et idb-keyval depuis static/vendor/ : aucun CDN.
 *
 * - Mise en cache (Workbox) : seules les pages que le serveur marque `X-CB-Hors-Ligne: garder` (les
 *   pages de saisie de l'agent connecté : accueil terrain, formulaire, ses fiches) sont gardées, en
 *   « réseau d'abord » ; les fichiers statiques aussi. Jamais une réponse à un POST, jamais une page
 *   d'un autre rôle. Les caches portent la version : un déploiement les remplace.
 * - File d'attente : la synchronisation en arrière-plan de Workbox (workbox-background-sync) rejoue des
 *   requêtes opaques qu'elle retire de sa file dès que le serveur répond, même par un refus (422) ; il nous
 *   faut garder l'observation refusée avec ses erreurs et la montrer dans « Mes observations ». La file est
 *   donc la nôtre (terrain-file.js, IndexedDB) et ce fichier écoute l'événement `sync` lui-même, là où le
 *   navigateur l'a (Chromium) ; ailleurs, l'envoi part au chargement de n'importe quelle page du site et au
 *   retour du réseau (événement `online` des pages).
 * - Déconnexion (POST vers l'adresse de déconnexion, depuis n'importe quelle page) : la file est envoyée
 *   une dernière fois, puis, la session fermée, la base, les caches et ce service worker disparaissent.
 */
/* global workbox, CBTerrain */
"use strict";

var CONFIG = self.CB_CONFIG;
var CACHE_PAGES = CBTerrain.PREFIXE_CACHES + "pages-" + CONFIG.version;
var CACHE_STATIQUES = CBTerrain.PREFIXE_CACHES + "statiques-" + CONFIG.version;
var ETIQUETTE_SYNC = "cb-terrain-envoi";
var PAGES_AGENT = CONFIG.pages_agent.map(function (motif) { return new RegExp(motif); });

function estPageAgent(url) {
  return url.origin === self.location.origin && PAGES_AGENT.some(function (motif) { return motif.test(url.pathname); });
}

// --- Installation et versions ---

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    (async function () {
      // Les caches d'une version précédente partent : leurs pages pointent vers d'anciens fichiers.
      await CBTerrain.cachesEffacer(function (nom) { return nom === CACHE_PAGES || nom === CACHE_STATIQUES; });
      await self.clients.claim();
      await garder(CONFIG.pages_a_garder, []);
    })()
  );
});

// --- Garder les pages de l'agent et leurs fichiers pour un usage hors ligne ---

var RESSOURCES_HTML = /(?:src|href)="([^"]+)"/g;

function adresseStatique(adresse) {
  try {
    var url = new URL(adresse, self.location.origin);
    return url.origin === self.location.origin && url.pathname.indexOf(CONFIG.statique) === 0 ? url.href : null;
  } catch (e) {
    return null;
  }
}

/* Met en cache des pages (si le serveur les dit gardables) et des fichiers statiques ;
   les fichiers cités par les pages (feuilles de style, scripts, icônes) suivent. */
async function garder(pages, statiques) {
  var cachePages = await caches.open(CACHE_PAGES);
  var cacheStatiques = await caches.open(CACHE_STATIQUES);
  var aGarder = new Set(statiques.map(adresseStatique).filter(Boolean));
  await Promise.all(
    pages.map(async function (adresse) {
      try {
        var reponse = await fetch(adresse, { credentials: "same-origin", redirect: "manual" });
        if (reponse.status !== 200 || reponse.headers.get("X-CB-Hors-Ligne") !== "garder") return;
        var html = await reponse.clone().text();
        var trouve;
        while ((trouve = RESSOURCES_HTML.exec(html))) {
          var statique = adresseStatique(trouve[1].replace(/&amp;/g, "&"));
          if (statique) aGarder.add(statique);
        }
        await cachePages.put(adresse, reponse);
      } catch (e) {
        /* pas de réseau : la page sera gardée à la prochaine visite */
      }
    })
  );
  await Promise.all(
    Array.from(aGarder).map(async function (adresse) {
      if (await cacheStatiques.match(adresse)) return;
      try {
        var reponse = await fetch(adresse, { credentials: "same-origin" });
        if (reponse.ok) await cacheStatiques.put(adresse, reponse);
      } catch (e) {
        /* idem */
      }
    })
  );
}

// --- Messages des pages ---

self.addEventListener("message", function (event) {
  var message = event.data || {};
  if (message.type === "garder") {
    event.waitUntil(garder(message.pages || [], message.statiques || []));
  } else if (message.type === "envoyer") {
    var reponse = event.ports && event.ports[0];
    event.waitUntil(
      envoyer()
        .catch(function () { return { type: "bilan", envoyees: [], refusees: [], session: false, hors_ligne: true }; })
        .then(function (bilan) { if (reponse) reponse.postMessage(bilan); })
    );
  } else if (message.type === "attendre-le-reseau") {
    event.waitUntil(syncDemander());
  }
});

// --- Envoi de la file ---

function syncDemander() {
  if (!self.registration.sync) return Promise.resolve();
  return self.registration.sync.register(ETIQUETTE_SYNC).catch(function () {});
}

/* Envoie la file ; si le réseau manque, demande une synchronisation au navigateur (qui rappellera au retour du
   réseau). Pas depuis l'événement `sync` lui-même : une étiquette réinscrite pendant qu'elle s'exécute repart
   aussitôt, en boucle tant que le réseau est faible ; là, l'échec suffit (le navigateur réessaie plus tard). */
async function envoyer(depuisSync) {
  var bilan = await CBTerrain.fileEnvoyer();
  if (bilan.hors_ligne && !depuisSync) await syncDemander();
  return bilan;
}

self.addEventListener("sync", function (event) {
  if (event.tag !== ETIQUETTE_SYNC) return;
  event.waitUntil(
    envoyer(true).then(function (bilan) {
      // Une erreur fait réessayer le navigateur plus tard (avec un délai croissant).
      if (bilan.hors_ligne) throw new Error("Toujours pas de réseau.");
    })
  );
});

// --- Requêtes ---

self.addEventListener("fetch", function (event) {
  var requete = event.request;
  var url = new URL(requete.url);
  if (url.origin !== self.location.origin) return;

  // Déconnexion : envoyer ce qui attend encore, laisser passer, puis tout effacer si elle a réussi.
  if (requete.method === "POST" && url.pathname === CONFIG.deconnexion) {
    event.respondWith(
      (async function () {
        await Promise.race([envoyer().catch(function () {}), new Promise(function (fin) { setTimeout(fin, 5000); })]);
        var reponse = await fetch(requete);
        if (reponse.ok || reponse.type === "opaqueredirect") {
          await CBTerrain.toutEffacer();
          await self.registration.unregister();
        }
        return reponse;
      })()
    );
    return;
  }

  // Toute page ouverte (de l'agent ou non) est l'occasion d'envoyer la file.
  if (requete.mode === "navigate" && requete.method === "GET") {
    event.waitUntil(envoyer().catch(function () {}));
  }
});

// Workbox ajoute son propre écouteur `fetch` après le nôtre (le premier qui répond l'emporte).

workbox.routing.registerRoute(
  function (options) { return options.request.mode === "navigate" && estPageAgent(options.url); },
  new workbox.strategies.NetworkFirst({
    cacheName: CACHE_PAGES,
    networkTimeoutSeconds: 6,
    matchOptions: { ignoreVary: true },
    plugins: [
      // Le serveur seul dit quelle page est gardable (les pages de saisie de l'agent, pas celles des autres rôles).
      new workbox.cacheableResponse.CacheableResponsePlugin({ statuses: [200], headers: { "X-CB-Hors-Ligne": "garder" } }),
      new workbox.expiration.ExpirationPlugin({ maxEntries: 60 }),
    ],
  })
);

workbox.routing.registerRoute(
  function (options) {
    return options.url.origin === self.location.origin && options.url.pathname.indexOf(CONFIG.statique) === 0;
  },
  new workbox.strategies.NetworkFirst({
    cacheName: CACHE_STATIQUES,
    networkTimeoutSeconds: 4,
    plugins: [
      new workbox.cacheableResponse.CacheableResponsePlugin({ statuses: [200] }),
      new workbox.expiration.ExpirationPlugin({ maxEntries: 200 }),
    ],
  })
);

// Une page de l'agent jamais ouverte en ligne : la page « hors connexion », gardée à l'installation.
workbox.routing.setCatchHandler(async function (options) {
  if (options.request.mode === "navigate") {
    var page = await caches.match(CONFIG.page_hors_ligne, { cacheName: CACHE_PAGES, ignoreVary: true });
    if (page) return page;
  }
  return Response.error();
});
