/* La file d'attente de l'espace terrain, partagée par les pages et le service worker.
 *
 * Chargé par une balise <script> dans les pages de l'agent et par importScripts() dans le
 * service worker (/terrain/sw.js) : un script classique, qui pose `self.CBTerrain`.
 *
 * - Les données vivent dans IndexedDB (idb-keyval, static/vendor/idb-keyval/), une base
 *   « cb-terrain » : les observations en attente (`envoi:<uuid>`), les brouillons
 *   (`brouillon:<utilisateur>:<chemin>`), les envois réussis pas encore montrés
 *   (`envoyees:<utilisateur>`), l'utilisateur connecté et son jeton CSRF.
 * - Chaque élément de la file porte l'uuid_client du formulaire : le renvoyer est sans risque,
 *   le serveur ne l'enregistre qu'une fois (201 puis 200). Il ne quitte la file qu'après une
 *   réponse 2xx ; refusé (422), il reste avec ses erreurs pour être corrigé ; session expirée
 *   (401) ou serveur en panne (5xx), il attend un nouvel essai.
 * - Un verrou Web Locks (`cb-terrain-envoi`) empêche la page et le service worker d'envoyer en même
 *   temps ; un BroadcastChannel (`cb-terrain`) prévient les pages ouvertes de chaque changement.
 * - À la déconnexion, `toutEffacer()` vide la base et les caches `cb-terrain-*`.
 */
(function (global) {
  "use strict";
  var kv = global.idbKeyval;
  if (!kv || !global.indexedDB) return;

  var BASE = "cb-terrain";
  var PREFIXE_CACHES = "cb-terrain-";
  var BASE_EXPIRATION = "workbox-expiration"; // les dates d'accès des pages gardées (workbox-expiration)
  var magasin = kv.createStore(BASE, "donnees");
  var canal = global.BroadcastChannel ? new global.BroadcastChannel(BASE) : null;
  var DELAI_ENVOI_MS = 30000; // au-delà, réseau trop faible : l'élément attend (le renvoi est sans risque)

  function prevenir(message) {
    if (canal) canal.postMessage(message);
  }

  function avecVerrou(action) {
    var verrous = global.navigator && global.navigator.locks;
    return verrous ? verrous.request("cb-terrain-envoi", action) : action();
  }

  function resumer(texte, longueur) {
    longueur = longueur || 80;
    texte = (texte || "").replace(/\s+/g, " ").trim();
    return texte.length > longueur ? texte.slice(0, longueur).trim() + "…" : texte;
  }

  // --- Utilisateur connecté et jeton CSRF (posés par chaque page de l'agent) ---

  async function utilisateurLire() {
    return kv.get("utilisateur", magasin);
  }
  /* Note l'utilisateur de la page. Renvoie true si un autre utilisateur était noté avant : ses pages
     gardées doivent alors disparaître (jamais montrer à quelqu'un les pages d'un autre). */
  async function utilisateurNoter(utilisateur, jeton) {
    var avant = await kv.get("utilisateur", magasin);
    await kv.set("utilisateur", String(utilisateur), magasin);
    if (jeton) await kv.set("jeton:" + utilisateur, jeton, magasin);
    return avant !== undefined && avant !== String(utilisateur);
  }

  // --- File d'attente ---

  async function fileLire(utilisateur) {
    var entrees = await kv.entries(magasin);
    return entrees
      .filter(function (e) { return String(e[0]).indexOf("envoi:") === 0 && e[1].utilisateur === String(utilisateur); })
      .map(function (e) { return e[1]; })
      .sort(function (a, b) { return a.quand - b.quand; });
  }
  async function envoiLire(uuid) {
    return kv.get("envoi:" + uuid, magasin);
  }
  /* Ajoute (ou remplace : même uuid) un élément : {uuid, utilisateur, action, corps, jeton, resume, date}. */
  async function envoiAjouter(element) {
    element.utilisateur = String(element.utilisateur);
    element.quand = element.quand || Date.now();
    element.etat = "attente";
    element.erreurs = null;
    await kv.set("envoi:" + element.uuid, element, magasin);
    prevenir({ type: "file" });
    return element;
  }
  async function envoiRetirer(uuid) {
    await kv.del("envoi:" + uuid, magasin);
    prevenir({ type: "file" });
  }

  // Les envois réussis pas encore montrés à l'agent (montrés une fois, sur la page ouverte ou la suivante).
  async function envoyeesPrendre(utilisateur) {
    var cle = "envoyees:" + utilisateur;
    var liste = (await kv.get(cle, magasin)) || [];
    if (liste.length) await kv.del(cle, magasin);
    return liste;
  }

  function poster(element, jeton, signal, depuisLaFile) {
    var entetes = {
      "Content-Type": "application/x-www-form-urlencoded",
      Accept: "application/json",
      "X-CSRFToken": jeton || element.jeton || "",
    };
    // Envoi de la file : le serveur ne met pas de message « enregistrée » en session, la page l'annonce.
    if (depuisLaFile) entetes["X-CB-Envoi"] = "file";
    return fetch(element.action, {
      method: "POST",
      body: element.corps,
      credentials: "same-origin",
      redirect: "manual", // une redirection (vers la connexion…) n'est pas un succès
      signal: signal,
      headers: entetes,
    });
  }

  /* Un envoi, borné dans le temps. Renvoie {reponse, donnees} ; lève une erreur si le réseau manque. */
  async function envoyerUn(element, jeton, depuisLaFile) {
    var arret = global.AbortController ? new global.AbortController() : null;
    var minuteur = arret ? setTimeout(function () { arret.abort(); }, DELAI_ENVOI_MS) : null;
    try {
      var reponse = await poster(element, jeton, arret && arret.signal, depuisLaFile);
      var donnees = null;
      if ((reponse.headers.get("Content-Type") || "").indexOf("json") !== -1) {
        donnees = await reponse.json().catch(function () { return null; });
      }
      return { reponse: reponse, donnees: donnees };
    } finally {
      if (minuteur) clearTimeout(minuteur);
    }
  }

  /* Le sort d'une réponse : "envoyee", "refusee" (à corriger), "session" (reconnexion), "erreur" (réessayer). */
  function issue(resultat) {
    var reponse = resultat.reponse;
    var donnees = resultat.donnees;
    if (reponse.ok && donnees && donnees.ok) return "envoyee";
    if ((reponse.status === 422 || reponse.status === 404 || reponse.status === 403) && donnees && donnees.erreurs) {
      return "refusee";
    }
    // 401 (session expirée), 403 sans JSON (jeton CSRF périmé), redirection vers la connexion.
    if (reponse.status === 401 || reponse.status === 403 || reponse.type === "opaqueredirect") return "session";
    return "erreur";
  }

  /* Envoie la file de l'utilisateur connecté. Renvoie (et diffuse) le bilan :
     {envoyees: [...], refusees: [...], session: bool, hors_ligne: bool, restantes: n}. */
  function fileEnvoyer() {
    return avecVerrou(async function () {
      var bilan = { type: "bilan", envoyees: [], refusees: [], session: false, hors_ligne: false, restantes: 0 };
      var utilisateur = await utilisateurLire();
      if (!utilisateur) return bilan;
      var jeton = await kv.get("jeton:" + utilisateur, magasin);
      var file = await fileLire(utilisateur);
      for (var i = 0; i < file.length; i++) {
        var element = file[i];
        if (element.etat === "refusee") continue;
        var resultat;
        try {
          resultat = await envoyerUn(element, jeton, true);
        } catch (e) {
          bilan.hors_ligne = true; // toujours pas de réseau : on réessaiera
          break;
        }
        var sort = issue(resultat);
        if (sort === "envoyee") {
          await kv.del("envoi:" + element.uuid, magasin);
          var envoyee = { uuid: element.uuid, resume: element.resume, date: element.date, url: resultat.donnees.url };
          await kv.update("envoyees:" + utilisateur, function (liste) { return (liste || []).concat([envoyee]); }, magasin);
          bilan.envoyees.push(envoyee);
          continue;
        }
        element.etat = sort;
        element.erreurs = sort === "refusee" ? resultat.donnees.erreurs : null;
        element.tentatives = (element.tentatives || 0) + 1;
        await kv.set("envoi:" + element.uuid, element, magasin);
        if (sort === "refusee") bilan.refusees.push(element);
        if (sort === "session") {
          bilan.session = true;
          break;
        }
      }
      bilan.restantes = (await fileLire(utilisateur)).filter(function (e) { return e.etat !== "refusee"; }).length;
      if (file.length) prevenir(bilan);
      return bilan;
    });
  }

  // --- Brouillons ---

  function cleBrouillon(utilisateur, chemin) {
    return "brouillon:" + utilisateur + ":" + chemin;
  }
  function brouillonLire(utilisateur, chemin) {
    return kv.get(cleBrouillon(utilisateur, chemin), magasin);
  }
  function brouillonEcrire(utilisateur, chemin, brouillon) {
    return kv.set(cleBrouillon(utilisateur, chemin), brouillon, magasin);
  }
  function brouillonEffacer(utilisateur, chemin) {
    return kv.del(cleBrouillon(utilisateur, chemin), magasin);
  }

  // --- Déconnexion : rien ne reste sur l'appareil ---

  async function cachesEffacer(garder) {
    if (!global.caches) return;
    var noms = await global.caches.keys();
    await Promise.all(
      noms
        .filter(function (nom) { return nom.indexOf(PREFIXE_CACHES) === 0 && (!garder || !garder(nom)); })
        .map(function (nom) { return global.caches.delete(nom); })
    );
  }

  function baseSupprimer(nom) {
    // Une connexion encore ouverte (service worker) retarde la suppression : les données sont déjà vidées.
    return new Promise(function (fini) {
      var demande = global.indexedDB.deleteDatabase(nom);
      demande.onsuccess = demande.onerror = demande.onblocked = function () { fini(); };
    });
  }

  async function toutEffacer() {
    await kv.clear(magasin);
    await cachesEffacer();
    await baseSupprimer(BASE_EXPIRATION);
    prevenir({ type: "efface" });
  }

  global.CBTerrain = {
    PREFIXE_CACHES: PREFIXE_CACHES,
    canal: canal,
    resumer: resumer,
    utilisateurLire: utilisateurLire,
    utilisateurNoter: utilisateurNoter,
    fileLire: fileLire,
    envoiLire: envoiLire,
    envoiAjouter: envoiAjouter,
    envoiRetirer: envoiRetirer,
    envoyerUn: envoyerUn,
    issue: issue,
    fileEnvoyer: fileEnvoyer,
    envoyeesPrendre: envoyeesPrendre,
    brouillonLire: brouillonLire,
    brouillonEcrire: brouillonEcrire,
    brouillonEffacer: brouillonEffacer,
    cachesEffacer: cachesEffacer,
    toutEffacer: toutEffacer,
  };
})(self);
