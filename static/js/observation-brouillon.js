/* Saisie d'une observation : brouillon, envoi hors ligne et puces des communes.
 *
 * Amélioration progressive, sans framework : sans ce script, le formulaire s'envoie normalement.
 * - Chaque frappe est gardée dans localStorage (une clé par utilisateur et par formulaire) ;
 *   au chargement, le brouillon est restauré avec un avis « Brouillon restauré ».
 * - À l'envoi, si le réseau manque (hors ligne, ou fetch en échec), l'observation part dans une
 *   file d'attente du téléphone, renvoyée au retour du réseau et à chaque chargement de la page.
 *   Son uuid_client rend le renvoi sans risque : le serveur ne l'enregistre qu'une fois.
 * - Un élément de la file n'en sort qu'après une réponse 2xx du serveur.
 */
(function () {
  "use strict";
  var form = document.getElementById("form-observation");
  if (!form || !window.localStorage || !window.fetch) return;

  var CLE_BROUILLON = form.dataset.brouillonCle;
  var CLE_ENVOIS = form.dataset.envoisCle;
  var avis = document.getElementById("brouillon-avis");
  var uuid = form.elements.uuid_client;
  var saisieCommunes = document.getElementById("id_communes");
  var puces = document.getElementById("communes-puces");
  var suggestions = document.getElementById("communes-suggestions");
  var HORS_LIGNE = "Hors connexion : votre observation est gardée sur ce téléphone et sera envoyée au retour du réseau.";

  // --- Outils ---
  function lire(cle, defaut) {
    try { return JSON.parse(localStorage.getItem(cle)) || defaut; } catch (e) { return defaut; }
  }
  function ecrire(cle, valeur) {
    try { localStorage.setItem(cle, JSON.stringify(valeur)); } catch (e) { /* stockage plein ou interdit */ }
  }
  function nouvelUuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    // Hors HTTPS, randomUUID manque : même format, depuis getRandomValues.
    return "10000000-1000-4000-8000-100000000000".replace(/[018]/g, function (c) {
      return (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16);
    });
  }
  function jetonCsrf() {
    var cookie = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return cookie ? decodeURIComponent(cookie[1]) : form.elements.csrfmiddlewaretoken.value;
  }
  // Un avis DSFR dans la zone annoncée aux lecteurs d'écran ; sans titre, un petit avis (fr-alert--sm).
  function afficher(type, titre, lignes, bouton) {
    var bloc = document.createElement("div");
    bloc.className = "fr-alert fr-alert--" + type + (titre ? "" : " fr-alert--sm") + " fr-mb-3w";
    if (titre) {
      var h = document.createElement("h2");
      h.className = "fr-alert__title";
      h.textContent = titre;
      bloc.appendChild(h);
    }
    (lignes || []).forEach(function (texte) {
      var p = document.createElement("p");
      p.textContent = texte;
      bloc.appendChild(p);
    });
    if (bouton) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "fr-btn fr-btn--sm fr-btn--secondary fr-mt-1w";
      b.textContent = bouton.libelle;
      b.addEventListener("click", bouton.action);
      bloc.appendChild(b);
    }
    avis.appendChild(bloc);
    return bloc;
  }

  // --- Puces des communes : chaque commune choisie porte un champ caché communes=<code INSEE> ---
  function ajouterPuce(code, nom) {
    if (puces.querySelector('input[value="' + CSS.escape(code) + '"]')) return;
    var li = document.getElementById("modele-puce").content.firstElementChild.cloneNode(true);
    li.querySelector("input").value = code;
    var bouton = li.querySelector("button");
    bouton.textContent = nom;
    bouton.setAttribute("aria-label", "Retirer " + nom);
    puces.appendChild(li);
  }
  function listePuces() {
    return Array.prototype.map.call(puces.querySelectorAll("li"), function (li) {
      return [li.querySelector("input").value, li.querySelector("button").textContent];
    });
  }
  puces.hidden = false;
  puces.querySelectorAll("input").forEach(function (input) { input.disabled = false; });
  saisieCommunes.value = saisieCommunes.dataset.reste || "";
  puces.addEventListener("click", function (ev) {
    var bouton = ev.target.closest("[data-retirer]");
    if (!bouton) return;
    bouton.parentNode.remove();
    saisieCommunes.focus();
    sauver();
  });
  suggestions.addEventListener("click", function (ev) {
    var choix = ev.target.closest(".cb-suggestion");
    if (!choix) return;
    ajouterPuce(choix.dataset.code, choix.dataset.nom);
    // Le morceau tapé après la dernière virgule a trouvé sa commune : on l'efface.
    saisieCommunes.value = saisieCommunes.value.replace(/[^,;]*$/, "").replace(/[,;\s]+$/, "");
    suggestions.innerHTML = "";
    saisieCommunes.focus();
    sauver();
  });
  saisieCommunes.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    ev.preventDefault(); // Entrée choisit la première commune proposée au lieu d'envoyer le formulaire.
    var premiere = suggestions.querySelector(".cb-suggestion");
    if (premiere) premiere.click();
  });

  // --- Brouillon ---
  function etat() {
    var champs = [];
    new FormData(form).forEach(function (valeur, nom) {
      if (nom !== "csrfmiddlewaretoken" && nom !== "communes") champs.push([nom, valeur]);
    });
    return { champs: champs, puces: listePuces(), communes: saisieCommunes.value };
  }
  function sauver() { ecrire(CLE_BROUILLON, etat()); }
  function restaurer(brouillon) {
    var valeurs = {};
    brouillon.champs.forEach(function (paire) { (valeurs[paire[0]] = valeurs[paire[0]] || []).push(paire[1]); });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken" || el.name === "communes") return;
      if (el.type === "checkbox") el.checked = (valeurs[el.name] || []).indexOf(el.value) !== -1;
      else if (el.type === "radio") { if (valeurs[el.name]) el.checked = valeurs[el.name].indexOf(el.value) !== -1; }
      else if (valeurs[el.name]) el.value = valeurs[el.name][0];
    });
    puces.innerHTML = "";
    (brouillon.puces || []).forEach(function (p) { ajouterPuce(p[0], p[1]); });
    saisieCommunes.value = brouillon.communes || "";
    if (form.elements.verbatim_texte.value.trim()) document.getElementById("bloc-verbatim").open = true;
  }
  function aDuContenu(brouillon) {
    return brouillon && brouillon.champs.some(function (p) {
      return (p[0] === "texte" || p[0] === "verbatim_texte") && p[1].trim();
    });
  }
  // Formulaire vierge pour l'observation suivante, avec un nouvel identifiant d'envoi.
  function vider() {
    form.reset();
    form.querySelectorAll("textarea, input[type=text]").forEach(function (el) { el.value = ""; });
    puces.innerHTML = "";
    uuid.value = nouvelUuid();
    localStorage.removeItem(CLE_BROUILLON);
  }

  var brouillon = lire(CLE_BROUILLON, null);
  // Après un refus du serveur (422), la page montre déjà ce qui a été tapé : pas de restauration.
  if (!form.dataset.lie && aDuContenu(brouillon)) {
    restaurer(brouillon);
    var avisBrouillon = afficher("info", "Brouillon restauré", ["Le texte que vous aviez commencé est revenu."], {
      libelle: "Effacer le brouillon",
      action: function () { vider(); avisBrouillon.remove(); form.elements.texte.focus(); },
    });
  }
  if (!uuid.value) uuid.value = nouvelUuid();
  form.addEventListener("input", sauver);
  form.addEventListener("change", sauver);

  // --- Envoi et file d'attente ---
  function envoyer(element) {
    return fetch(element.action, {
      method: "POST",
      body: element.corps,
      credentials: "same-origin",
      redirect: "manual", // une redirection (vers la connexion…) n'est pas un succès
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/json",
        "X-CSRFToken": jetonCsrf(),
      },
    });
  }
  function mettreEnAttente(element) {
    var envois = lire(CLE_ENVOIS, []).filter(function (e) { return e.uuid !== element.uuid; });
    envois.push(element);
    ecrire(CLE_ENVOIS, envois);
    vider();
    montrerFile([]);
  }
  // L'état de la file : en attente (avis « Hors connexion »), refusées par le serveur, envoyées.
  function montrerFile(envoyees) {
    avis.querySelectorAll("[data-file]").forEach(function (el) { el.remove(); });
    var envois = lire(CLE_ENVOIS, []);
    var attente = envois.filter(function (e) { return !e.erreurs; });
    if (envoyees.length) {
      var bilan = envoyees.length === 1 ? "Votre observation gardée sur ce téléphone a été envoyée :"
        : envoyees.length + " observations gardées sur ce téléphone ont été envoyées :";
      afficher("success", null, [bilan].concat(envoyees)).dataset.file = "1";
    }
    if (attente.length) {
      var lignes = attente.map(function (e) { return "En attente d'envoi : « " + e.resume + " »"; });
      afficher("info", null, [HORS_LIGNE].concat(lignes)).dataset.file = "1";
    }
    envois.filter(function (e) { return e.erreurs; }).forEach(function (e) {
      var messages = Object.keys(e.erreurs).map(function (k) { return e.erreurs[k].join(" "); });
      afficher("error", "Observation refusée : « " + e.resume + " »", messages, {
        libelle: "Reprendre dans le formulaire",
        action: function () { reprendre(e); },
      }).dataset.file = "1";
    });
  }
  // Une observation refusée revient dans le formulaire pour être corrigée, et quitte la file.
  function reprendre(element) {
    var champs = [];
    new URLSearchParams(element.corps).forEach(function (v, n) { if (n !== "communes") champs.push([n, v]); });
    var codes = new URLSearchParams(element.corps).getAll("communes");
    restaurer({ champs: champs, puces: [], communes: codes.join(", ") });
    ecrire(CLE_ENVOIS, lire(CLE_ENVOIS, []).filter(function (e) { return e.uuid !== element.uuid; }));
    sauver();
    montrerFile([]);
    form.elements.texte.focus();
  }
  var envoiEnCours = false;
  async function viderFile() {
    if (envoiEnCours || !navigator.onLine || !lire(CLE_ENVOIS, []).length) return;
    envoiEnCours = true;
    var envoyees = [];
    for (var element of lire(CLE_ENVOIS, [])) {
      if (element.erreurs) continue;
      try {
        var reponse = await envoyer(element);
        var donnees = await reponse.json().catch(function () { return null; });
        var file = lire(CLE_ENVOIS, []);
        if (reponse.ok && donnees && donnees.ok) {
          file = file.filter(function (e) { return e.uuid !== element.uuid; });
          envoyees.push("« " + element.resume + " »");
        } else if (reponse.status === 422 && donnees) {
          file.forEach(function (e) { if (e.uuid === element.uuid) e.erreurs = donnees.erreurs; });
        }
        ecrire(CLE_ENVOIS, file); // autre réponse (session expirée…) : l'observation reste en attente
      } catch (e) { break; } // toujours pas de réseau : on réessaiera
    }
    envoiEnCours = false;
    montrerFile(envoyees);
  }

  form.addEventListener("submit", async function (ev) {
    ev.preventDefault();
    var corps = new URLSearchParams(new FormData(form));
    corps.delete("csrfmiddlewaretoken"); // le jeton du moment est envoyé dans l'en-tête
    var texte = form.elements.texte.value.trim();
    var element = {
      uuid: uuid.value, action: form.action, corps: corps.toString(),
      resume: texte.length > 60 ? texte.slice(0, 60) + "…" : texte, quand: Date.now(),
    };
    if (!navigator.onLine) return mettreEnAttente(element);
    var bouton = form.querySelector("[type=submit]");
    bouton.disabled = true;
    try {
      var reponse = await envoyer(element);
      if (reponse.ok) {
        vider(); // aussi pour un retour arrière : le formulaire ne renverra pas cet uuid
        window.location.assign(form.dataset.retour);
        return;
      }
      // Refus (422), session expirée, erreur : envoi classique, le serveur affiche ses messages.
      HTMLFormElement.prototype.submit.call(form);
    } catch (e) {
      mettreEnAttente(element);
    } finally {
      bouton.disabled = false;
    }
  });

  window.addEventListener("online", viderFile);
  montrerFile([]);
  viderFile();
})();
