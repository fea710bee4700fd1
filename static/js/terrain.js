/* Les pages de l'espace terrain : service worker, file d'attente, messages d'état, déconnexion.
 *
 * Amélioration progressive, sans framework : sans ce script, chaque page marche en ligne.
 * - Inscrit le service worker (/terrain/sw.js) qui garde les pages de l'agent pour un usage sans réseau
 *   et envoie la file d'attente dès que le réseau revient (terrain-sw.js).
 * - Note l'utilisateur et son jeton CSRF pour les envois en arrière-plan ; à un changement
 *   d'utilisateur, les pages gardées pour le précédent disparaissent.
 * - Envoie la file au chargement et au retour du réseau ; montre le résultat dans la zone d'état,
 *   fixée en bas de l'écran (là où sont les yeux et le pouce) et annoncée aux lecteurs d'écran.
 * - Dans « Mes observations », liste ce qui attend sur ce téléphone, avec son état.
 * - Avant la déconnexion, tente un dernier envoi et prévient si des observations n'ont pas pu partir :
 *   la déconnexion les efface de l'appareil.
 */
(function () {
  "use strict";
  var config = document.getElementById("cb-terrain");
  var T = window.CBTerrain;
  if (!config || !T) return;

  var utilisateur = config.dataset.utilisateur;
  var zone = document.getElementById("terrain-etat");
  var sectionFile = document.getElementById("file-attente");
  var controleAuChargement = !!(navigator.serviceWorker && navigator.serviceWorker.controller);
  var dateFr = new Intl.DateTimeFormat("fr-FR", { day: "numeric", month: "long", year: "numeric" });
  var heureFr = new Intl.DateTimeFormat("fr-FR", { day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" });

  function jetonCsrf() {
    var cookie = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (cookie) return decodeURIComponent(cookie[1]);
    var champ = document.querySelector("input[name=csrfmiddlewaretoken]");
    return champ ? champ.value : "";
  }
  var dateLongue = new Intl.DateTimeFormat("fr-FR", { weekday: "long", day: "numeric", month: "long", year: "numeric" });
  /* « 13 mars 2018 » ; avec le jour de la semaine : « Mardi 13 mars 2018 ». */
  function jourLisible(iso, avecJour) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(iso || "")) return "";
    var texte = (avecJour ? dateLongue : dateFr).format(new Date(iso + "T12:00:00"));
    return texte.charAt(0).toUpperCase() + texte.slice(1);
  }
  function element(balise, classe, texte) {
    var el = document.createElement(balise);
    if (classe) el.className = classe;
    if (texte !== undefined) el.textContent = texte;
    return el;
  }

  // --- Zone d'état : en bas de l'écran, annoncée (role=status), un message par sujet ---

  function ajusterMarge() {
    document.body.style.paddingBottom = zone && zone.children.length ? zone.offsetHeight + 16 + "px" : "";
  }
  /* type : info, success, warning, error ; lien : {libelle, href} ; retourne le message. */
  function message(cle, type, titre, lignes, lien) {
    if (!zone) return null;
    messageRetirer(cle);
    var bloc = element("div", "fr-alert fr-alert--" + type + " fr-alert--sm cb-etat__message");
    bloc.dataset.cle = cle;
    var texte = element("p");
    if (titre) texte.appendChild(element("strong", null, titre + " "));
    texte.appendChild(document.createTextNode(lignes.join(" ")));
    bloc.appendChild(texte);
    if (lien) {
      var a = element("a", "fr-link fr-link--sm", lien.libelle);
      a.href = lien.href;
      var p = element("p", "fr-mt-1v");
      p.appendChild(a);
      bloc.appendChild(p);
    }
    var fermer = element("button", "fr-btn--close fr-btn", "Masquer le message");
    fermer.type = "button";
    fermer.title = "Masquer le message";
    fermer.addEventListener("click", function () {
      messageRetirer(cle);
    });
    bloc.appendChild(fermer);
    zone.appendChild(bloc);
    ajusterMarge();
    return bloc;
  }
  function messageRetirer(cle) {
    if (!zone) return;
    zone.querySelectorAll('[data-cle="' + cle + '"]').forEach(function (el) { el.remove(); });
    ajusterMarge();
  }
  window.addEventListener("resize", ajusterMarge);

  // --- Ce qui attend sur ce téléphone (« Mes observations ») ---

  var ETATS = {
    attente: ["info", "En attente du réseau"],
    erreur: ["warning", "Nouvel essai au retour du réseau"],
    session: ["warning", "Reconnexion nécessaire"],
    refusee: ["error", "À corriger"],
  };

  async function rafraichirFile() {
    var file = await T.fileLire(utilisateur);
    if (!sectionFile) return file;
    var liste = sectionFile.querySelector("ul");
    liste.textContent = "";
    sectionFile.hidden = !file.length;
    var compte = sectionFile.querySelector("[data-compte]");
    compte.textContent = file.length === 1 ? "1 observation n’est pas encore envoyée."
      : file.length + " observations ne sont pas encore envoyées.";
    file.forEach(function (envoi) {
      var etat = ETATS[envoi.etat] || ETATS.attente;
      var li = element("li", "cb-attente fr-mb-2w");
      li.dataset.uuid = envoi.uuid;
      var badge = element("p", "fr-badge fr-badge--sm fr-badge--" + etat[0], etat[1]);
      li.appendChild(badge);
      li.appendChild(element("p", "fr-text--bold fr-mb-1v cb-citation", "« " + envoi.resume + " »"));
      var details = [];
      if (envoi.date) details.push("Observation du " + jourLisible(envoi.date));
      details.push("gardée sur ce téléphone le " + heureFr.format(new Date(envoi.quand)));
      li.appendChild(element("p", "fr-text--sm fr-mb-1v", details.join(", ") + "."));
      if (envoi.etat === "refusee" && envoi.erreurs) {
        var erreurs = element("ul", "fr-text--sm fr-mb-1v");
        Object.keys(envoi.erreurs).forEach(function (champ) {
          envoi.erreurs[champ].forEach(function (texte) { erreurs.appendChild(element("li", "fr-error-text fr-mt-0", texte)); });
        });
        li.appendChild(erreurs);
        var corriger = element("a", "fr-btn fr-btn--sm fr-btn--secondary", "Corriger et renvoyer");
        corriger.href = envoi.action + "#reprendre-" + envoi.uuid;
        li.appendChild(corriger);
      } else if (envoi.etat === "session") {
        var connexion = element("a", "fr-btn fr-btn--sm fr-btn--secondary", "Se reconnecter pour l’envoyer");
        connexion.href = config.dataset.connexion;
        li.appendChild(connexion);
      }
      liste.appendChild(li);
    });
    var bouton = sectionFile.querySelector("[data-envoyer]");
    bouton.hidden = !navigator.onLine || !file.some(function (e) { return e.etat !== "refusee"; });
    return file;
  }
  if (sectionFile) {
    sectionFile.querySelector("[data-envoyer]").addEventListener("click", function () { declencherEnvoi(); });
  }

  // --- Résultats des envois ---

  /* Une page qu'on quitte (rechargement, lien suivi) ne prend pas les envois réussis : le message partirait
     avec elle, la page suivante les montrera. Si la navigation n'a pas lieu (téléchargement…), on reprend. */
  var partante = false;
  window.addEventListener("beforeunload", function () {
    partante = true;
    setTimeout(function () { partante = false; }, 10000);
  });
  window.addEventListener("pageshow", function () { partante = false; });

  async function montrerEnvoyees() {
    if (partante) return;
    var envoyees = await T.envoyeesPrendre(utilisateur);
    if (!envoyees.length) return;
    var resumes = envoyees.map(function (e) { return "« " + T.resumer(e.resume, 60) + " »"; });
    var titre = envoyees.length === 1 ? "Observation envoyée." : envoyees.length + " observations envoyées.";
    var texte = envoyees.length === 1 ? resumes[0] + " est enregistrée."
      : resumes.slice(0, -1).join(", ") + " et " + resumes[resumes.length - 1] + " sont enregistrées.";
    messageRetirer("gardee");
    message("envoyees", "success", titre, [texte], envoyees.length === 1 && envoyees[0].url
      ? { libelle: "Voir l’observation", href: envoyees[0].url } : null);
    // La liste du serveur (« Mes observations ») les montre désormais.
    var liste = document.getElementById("mes-observations");
    if (liste && window.htmx) window.htmx.ajax("GET", config.dataset.accueil, { target: liste, swap: "innerHTML" });
  }

  async function surBilan(bilan) {
    await montrerEnvoyees();
    if (bilan && bilan.refusees && bilan.refusees.length) {
      var une = bilan.refusees.length === 1;
      message("refusees", "error", une ? "Observation à corriger." : bilan.refusees.length + " observations à corriger.",
        [(une ? "Le serveur l’a refusée" : "Le serveur les a refusées") + " ; rien n’est perdu"
          + (sectionFile ? " (voir ci-dessus)." : ".")],
        sectionFile ? null : { libelle: "Voir dans « Mes observations »", href: config.dataset.accueil });
    }
    if (bilan && bilan.session) {
      message("session", "warning", "Session expirée.",
        ["Reconnectez-vous pour envoyer les observations gardées sur ce téléphone."],
        { libelle: "Se reconnecter", href: config.dataset.connexion });
    } else {
      messageRetirer("session");
    }
    await rafraichirFile();
  }

  /* Envoie la file : par le service worker s'il est là (il finit l'envoi même si la page se ferme), qui répond
     par un MessageChannel une fois son envoi (et celui qu'il faisait peut-être déjà) terminé ; sinon ici. */
  function declencherEnvoi() {
    var controleur = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (!controleur || !window.MessageChannel) return T.fileEnvoyer().then(surBilan);
    return new Promise(function (fini) {
      var canal = new MessageChannel();
      canal.port1.onmessage = function (ev) { fini(surBilan(ev.data)); };
      controleur.postMessage({ type: "envoyer" }, [canal.port2]);
    });
  }

  if (T.canal) {
    T.canal.addEventListener("message", function (ev) {
      var donnees = ev.data || {};
      if (donnees.type === "bilan") surBilan(donnees);
      else if (donnees.type === "file") rafraichirFile();
    });
  }

  // --- Réseau ---

  var HORS_CONNEXION = "Vos observations restent sur ce téléphone.";
  function surReseau() {
    if (navigator.onLine) {
      messageRetirer("reseau");
      declencherEnvoi();
    } else {
      message("reseau", "info", "Hors connexion.", [HORS_CONNEXION]);
      rafraichirFile();
    }
  }
  window.addEventListener("online", surReseau);
  window.addEventListener("offline", surReseau);

  // --- Service worker ---

  function inscrire() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register(config.dataset.sw, { scope: config.dataset.portee })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (inscription) {
        if (controleAuChargement || !inscription.active) return;
        // Première visite : cette page et ses fichiers n'ont pas traversé le service worker.
        var statiques = performance.getEntriesByType("resource").map(function (r) { return r.name; });
        inscription.active.postMessage({ type: "garder", pages: [location.pathname + location.search], statiques: statiques });
      })
      .catch(function () { /* navigation privée, navigateur ancien : la page marche en ligne */ });
  }

  // --- Déconnexion : dernier envoi, avertissement, puis rien ne reste sur l'appareil ---

  document.addEventListener("submit", function (ev) {
    var formulaire = ev.target;
    if (!formulaire.action || new URL(formulaire.action, location.href).pathname !== config.dataset.deconnexion) return;
    if (formulaire.dataset.confirme || !navigator.onLine) return; // hors ligne, la déconnexion échouera sans rien effacer
    ev.preventDefault();
    (async function () {
      var file = await T.fileLire(utilisateur);
      if (file.length) {
        await T.fileEnvoyer().catch(function () {});
        file = await T.fileLire(utilisateur);
      }
      if (file.length && !window.confirm(
        (file.length === 1 ? "Une observation gardée sur ce téléphone n’a pas pu être envoyée"
          : file.length + " observations gardées sur ce téléphone n’ont pas pu être envoyées")
        + " (voir « Mes observations »). Si vous vous déconnectez, elles seront effacées de ce téléphone. "
        + "Vous déconnecter quand même ?")) {
        await rafraichirFile();
        return;
      }
      if (!(navigator.serviceWorker && navigator.serviceWorker.controller)) {
        await T.toutEffacer(); // sans service worker pour le faire après la déconnexion
      }
      formulaire.dataset.confirme = "1";
      HTMLFormElement.prototype.submit.call(formulaire);
    })();
  });

  // --- Ancienne file (localStorage) : reprise dans IndexedDB ---

  async function reprendreLocalStorage() {
    var cles;
    try {
      cles = Object.keys(window.localStorage).filter(function (cle) { return /^cb-(envois|brouillon):/.test(cle); });
    } catch (e) {
      return;
    }
    for (var i = 0; i < cles.length; i++) {
      var cle = cles[i];
      var valeur = null;
      try { valeur = JSON.parse(localStorage.getItem(cle)); } catch (e) { /* illisible */ }
      if (cle === "cb-envois:" + utilisateur) {
        for (var j = 0; j < (valeur || []).length; j++) {
          var ancien = valeur[j];
          var corps = new URLSearchParams(ancien.corps);
          await T.envoiAjouter({
            uuid: ancien.uuid, utilisateur: utilisateur, action: ancien.action, corps: ancien.corps,
            resume: ancien.resume, date: corps.get("date") || "", quand: ancien.quand,
          });
        }
      } else if (cle.indexOf("cb-brouillon:" + utilisateur + ":") === 0 && valeur) {
        await T.brouillonEcrire(utilisateur, cle.slice(("cb-brouillon:" + utilisateur + ":").length), valeur);
      } else {
        continue; // l'ancienne file d'un autre utilisateur : reprise quand il reviendra
      }
      localStorage.removeItem(cle);
    }
  }

  // --- Au chargement ---

  // `pret` : l'utilisateur est noté et l'ancienne file reprise ; le script du formulaire peut lire la base.
  var pret = (async function () {
    if (await T.utilisateurNoter(utilisateur, jetonCsrf())) {
      // Un autre utilisateur avait ouvert l'espace terrain sur cet appareil : ses pages gardées partent.
      await T.cachesEffacer(function (nom) { return nom.indexOf(T.PREFIXE_CACHES + "pages-") !== 0; });
    }
    await reprendreLocalStorage();
  })();
  pret.then(async function () {
    inscrire();
    await montrerEnvoyees();
    await rafraichirFile();
    if (!navigator.onLine) surReseau();
    else await declencherEnvoi();
  });

  // Pour le script du formulaire.
  window.CBTerrainPage = {
    pret: pret,
    utilisateur: utilisateur,
    jetonCsrf: jetonCsrf,
    jourLisible: jourLisible,
    message: message,
    messageRetirer: messageRetirer,
    rafraichirFile: rafraichirFile,
    declencherEnvoi: declencherEnvoi,
    demanderSync: function () {
      var controleur = navigator.serviceWorker && navigator.serviceWorker.controller;
      if (controleur) controleur.postMessage({ type: "attendre-le-reseau" });
    },
  };
})();
