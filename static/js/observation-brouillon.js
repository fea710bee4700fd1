/* Saisie d'une observation : brouillon, envoi ou mise en attente, erreurs, compteurs, puces des communes.
 *
 * Amélioration progressive, sans framework : sans ce script, le formulaire s'envoie normalement et le
 * serveur réaffiche toutes ses erreurs d'un coup. Avec lui (et terrain.js, chargé avant) :
 * - Chaque frappe est gardée dans IndexedDB (brouillon par utilisateur et par formulaire) ; au
 *   chargement, le brouillon revient avec un avis « Brouillon restauré ».
 * - L'envoi part en JSON, une seule fois : enregistrée, la page passe à « Mes observations » ; refusée
 *   (422), toutes les erreurs s'affichent d'un coup, sans second envoi ; session expirée, le texte reste.
 * - Sans réseau (hors ligne, réseau trop faible, serveur en panne), l'observation est vérifiée ici
 *   (champs obligatoires, longueurs, dates de l'expérimentation) puis gardée dans la file d'attente
 *   (terrain-file.js) ; le résultat s'affiche en bas de l'écran et s'annonce aux lecteurs d'écran.
 * - Un compteur de caractères suit chaque champ à longueur bornée (attribut data-longueur-max).
 * - « Corriger et renvoyer » (#reprendre-<uuid>) ramène dans le formulaire une observation refusée,
 *   avec ses erreurs.
 */
(function () {
  "use strict";
  var form = document.getElementById("form-observation");
  var P = window.CBTerrainPage;
  var T = window.CBTerrain;
  if (!form || !P || !T || !window.fetch) return;

  var chemin = form.getAttribute("action");
  var modification = !!form.dataset.modification;
  var avis = document.getElementById("brouillon-avis");
  var uuid = form.elements.uuid_client;
  var saisieCommunes = document.getElementById("id_communes");
  var puces = document.getElementById("communes-puces");
  var suggestions = document.getElementById("communes-suggestions");
  var bouton = form.querySelector("[type=submit]");
  var nombre = new Intl.NumberFormat("fr-FR");

  function element(balise, classe, texte) {
    var el = document.createElement(balise);
    if (classe) el.className = classe;
    if (texte !== undefined) el.textContent = texte;
    return el;
  }
  function nouvelUuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    // Hors HTTPS, randomUUID manque : même format, depuis getRandomValues.
    return "10000000-1000-4000-8000-100000000000".replace(/[018]/g, function (c) {
      return (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16);
    });
  }
  function pluriel(n, singulier, plurielle) {
    return nombre.format(n) + " " + (n > 1 ? plurielle : singulier);
  }

  // --- Puces des communes : chaque commune choisie porte un champ caché communes=<code INSEE> ---

  function ajouterPuce(code, nom) {
    if (puces.querySelector('input[value="' + CSS.escape(code) + '"]')) return;
    var li = document.getElementById("modele-puce").content.firstElementChild.cloneNode(true);
    li.querySelector("input").value = code;
    var retirer = li.querySelector("button");
    retirer.textContent = nom;
    retirer.setAttribute("aria-label", "Retirer " + nom);
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
    var retirer = ev.target.closest("[data-retirer]");
    if (!retirer) return;
    retirer.parentNode.remove();
    saisieCommunes.focus();
    sauver();
  });
  suggestions.addEventListener("click", function (ev) {
    var choix = ev.target.closest(".cb-suggestion");
    if (!choix) return;
    ajouterPuce(choix.dataset.code, choix.dataset.nom);
    // Le morceau tapé après la dernière virgule a trouvé sa commune : on l'efface.
    saisieCommunes.value = saisieCommunes.value.replace(/[^,;]*$/, "").replace(/[,;\s]+$/, "");
    suggestions.textContent = "";
    saisieCommunes.focus();
    sauver();
  });
  saisieCommunes.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    ev.preventDefault(); // Entrée choisit la première commune proposée au lieu d'envoyer le formulaire.
    var premiere = suggestions.querySelector(".cb-suggestion");
    if (premiere) premiere.click();
  });
  // Sans réseau, pas d'autocomplétion : le dire plutôt que laisser la liste vide.
  saisieCommunes.addEventListener("htmx:beforeRequest", function (ev) {
    if (navigator.onLine) return;
    ev.preventDefault();
    suggestions.textContent = "";
    suggestions.appendChild(element("p", "fr-text--sm fr-mt-1w fr-mb-0",
      "Hors connexion, pas de liste de communes : tapez les noms séparés par des virgules, "
      + "ils seront vérifiés à l’envoi."));
  });

  // --- La date en toutes lettres sous le champ : bien visible, sans ambiguïté (13/03 ou 03/13) ---

  var champDate = form.elements.date;
  var dateLisible = null;
  function montrerDate() {
    if (dateLisible) dateLisible.textContent = champDate.value ? P.jourLisible(champDate.value, true) : "Date à choisir";
  }
  if (champDate && champDate.type === "date") {
    dateLisible = element("p", "fr-text--bold fr-mt-1w fr-mb-0 cb-date-lisible");
    dateLisible.setAttribute("aria-hidden", "true"); // le champ dit déjà sa valeur aux lecteurs d'écran
    champDate.after(dateLisible);
    champDate.cbApres = dateLisible; // les messages d'erreur viendront après la date en toutes lettres
    champDate.addEventListener("input", montrerDate);
    champDate.addEventListener("change", montrerDate);
    montrerDate();
  }

  // --- Compteurs de caractères (GOV.UK « character count ») : visible en continu, annoncé après une pause ---

  var LIMITES = Array.prototype.slice.call(form.querySelectorAll("[data-longueur-max]"));
  function longueur(champ) {
    return champ.value.length;
  }
  function compter(champ, annoncer) {
    var max = Number(champ.dataset.longueurMax);
    var reste = max - longueur(champ);
    var texte = reste >= 0 ? "Il vous reste " + pluriel(reste, "caractère", "caractères") + " sur " + nombre.format(max)
      : pluriel(-reste, "caractère", "caractères") + " en trop (" + nombre.format(max) + " au plus)";
    champ.cbCompteur.textContent = texte;
    champ.cbCompteur.classList.toggle("cb-compteur--depasse", reste < 0);
    if (annoncer) {
      clearTimeout(champ.cbMinuteur);
      champ.cbMinuteur = setTimeout(function () { champ.cbAnnonce.textContent = texte + "."; }, 1000);
    }
  }
  LIMITES.forEach(function (champ) {
    champ.cbCompteur = element("p", "fr-hint-text fr-mt-1w fr-mb-0 cb-compteur");
    champ.cbCompteur.setAttribute("aria-hidden", "true");
    champ.cbAnnonce = element("p", "fr-sr-only");
    champ.cbAnnonce.setAttribute("aria-live", "polite");
    champ.after(champ.cbCompteur, champ.cbAnnonce);
    champ.addEventListener("input", function () { compter(champ, true); });
    compter(champ, false);
  });
  function compterTout() {
    LIMITES.forEach(function (champ) { compter(champ, false); });
  }

  // --- Erreurs : toutes d'un coup, sous chaque champ et dans un résumé qui prend le focus ---

  function jetonRetirer(el, attribut, motif) {
    var valeur = (el.getAttribute(attribut) || "").split(/\s+/).filter(function (id) { return id && !motif.test(id); });
    if (valeur.length) el.setAttribute(attribut, valeur.join(" "));
    else el.removeAttribute(attribut);
  }
  function jetonAjouter(el, attribut, id) {
    var valeur = (el.getAttribute(attribut) || "").split(/\s+/).filter(Boolean);
    if (valeur.indexOf(id) === -1) valeur.push(id);
    el.setAttribute(attribut, valeur.join(" "));
  }
  function erreursEffacer() {
    var resume = document.getElementById("erreurs-formulaire");
    if (resume) resume.remove();
    form.querySelectorAll(".fr-messages-group[id$='_error']").forEach(function (el) { el.remove(); });
    ["fr-input-group--error", "fr-select-group--error", "fr-fieldset--error", "fr-input--error", "fr-select--error"]
      .forEach(function (classe) {
        form.querySelectorAll("." + classe).forEach(function (el) { el.classList.remove(classe); });
      });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    form.querySelectorAll("[aria-describedby]").forEach(function (el) { jetonRetirer(el, "aria-describedby", /_error$/); });
    form.querySelectorAll("fieldset[aria-labelledby]").forEach(function (el) { jetonRetirer(el, "aria-labelledby", /_error$/); });
    document.title = document.title.replace(/^Erreur : /, "");
  }
  function libelle(noeud) {
    var texte = noeud ? noeud.childNodes[0].textContent : "";
    return texte.replace(/\s*\(facultatif\)\s*$/, "").trim();
  }
  /* Place les messages d'un champ ; renvoie {cible, libelle} pour le résumé, ou null (erreur générale). */
  function erreurChamp(nom, messages) {
    var fieldset = document.getElementById("id_" + nom + "_fieldset");
    var champ = document.getElementById("id_" + nom);
    if (nom === "__all__" || (!fieldset && !champ) || (champ && champ.type === "hidden" && !fieldset)) return null;
    var id = "id_" + nom + "_error";
    var groupe = element("div", "fr-messages-group");
    groupe.id = id;
    messages.forEach(function (texte) { groupe.appendChild(element("p", "fr-error-text", texte)); });
    var verbatim = document.getElementById("bloc-verbatim");
    if (verbatim && verbatim.contains(fieldset || champ)) verbatim.open = true;
    if (fieldset) {
      fieldset.classList.add("fr-fieldset--error");
      fieldset.appendChild(groupe);
      jetonAjouter(fieldset, "aria-labelledby", id);
      return { cible: fieldset.querySelector("input"), libelle: libelle(fieldset.querySelector("legend")) };
    }
    var conteneur = champ.closest(".fr-input-group, .fr-select-group");
    var select = conteneur.classList.contains("fr-select-group");
    conteneur.classList.add(select ? "fr-select-group--error" : "fr-input-group--error");
    champ.classList.add(select ? "fr-select--error" : "fr-input--error");
    champ.setAttribute("aria-invalid", "true");
    jetonAjouter(champ, "aria-describedby", id);
    (champ.cbAnnonce || champ.cbApres || champ).after(groupe);
    return { cible: champ, libelle: libelle(document.querySelector('label[for="' + champ.id + '"]')) };
  }
  function erreursAfficher(erreurs, titre) {
    erreursEffacer();
    var resume = element("div", "fr-alert fr-alert--error fr-mb-3w");
    resume.id = "erreurs-formulaire";
    resume.tabIndex = -1;
    resume.appendChild(element("h2", "fr-alert__title", titre));
    var liens = element("ul", "fr-mb-0");
    var generales = [];
    var places = [];
    Object.keys(erreurs).forEach(function (nom) {
      var place = erreurChamp(nom, erreurs[nom]);
      if (place) places.push({ place: place, messages: erreurs[nom] });
      else generales = generales.concat(erreurs[nom]);
    });
    // Dans l'ordre des champs à l'écran.
    places.sort(function (a, b) {
      return a.place.cible.compareDocumentPosition(b.place.cible) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    });
    var nbChamps = places.length;
    places.forEach(function (entree) {
      var place = entree.place;
      var a = element("a", null, (place.libelle ? place.libelle + " : " : "") + entree.messages.join(" "));
      a.href = "#" + place.cible.id;
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        place.cible.focus();
      });
      var li = element("li");
      li.appendChild(a);
      liens.appendChild(li);
    });
    resume.appendChild(element("p", null, (nbChamps > 1 ? "Corrigez les " + nbChamps + " champs signalés"
      : "Corrigez le champ signalé") + " : ce que vous avez tapé est conservé."));
    generales.forEach(function (texte) { resume.appendChild(element("p", null, texte)); });
    if (nbChamps) resume.appendChild(liens);
    form.parentNode.insertBefore(resume, form);
    document.title = "Erreur : " + document.title;
    resume.focus();
    resume.scrollIntoView({ block: "start" });
  }

  /* Hors connexion, le serveur ne peut pas vérifier : ce qui se vérifie ici (champs obligatoires, longueurs,
     dates permises), avec les messages du serveur (attributs data-) ; les communes le seront à l'envoi. */
  function verifierHorsLigne() {
    var erreurs = {};
    function ajouter(nom, texte) { (erreurs[nom] = erreurs[nom] || []).push(texte); }
    form.querySelectorAll("[data-requis]").forEach(function (champ) {
      if (!champ.value.trim()) ajouter(champ.name, champ.dataset.requis);
    });
    LIMITES.forEach(function (champ) {
      var max = Number(champ.dataset.longueurMax);
      if (longueur(champ) > max) {
        ajouter(champ.name, champ.dataset.longueurNom + " est trop long : " + pluriel(longueur(champ), "caractère", "caractères")
          + " pour " + nombre.format(max) + " au maximum. Raccourcissez-le.");
      }
    });
    var date = form.elements.date;
    if (date && date.value && ((date.min && date.value < date.min) || (date.max && date.value > date.max))) {
      ajouter("date", "Le " + P.jourLisible(date.value) + " est en dehors de l’expérimentation, qui va du "
        + P.jourLisible(date.min) + " au " + P.jourLisible(date.max) + ".");
    }
    return Object.keys(erreurs).length ? erreurs : null;
  }

  // --- Brouillon (IndexedDB) ---

  var minuteur = null;
  function etat() {
    var champs = [];
    new FormData(form).forEach(function (valeur, nom) {
      if (nom !== "csrfmiddlewaretoken" && nom !== "communes") champs.push([nom, valeur]);
    });
    return { champs: champs, puces: listePuces(), communes: saisieCommunes.value };
  }
  function sauver() {
    clearTimeout(minuteur);
    minuteur = null;
    return T.brouillonEcrire(P.utilisateur, chemin, etat()).catch(function () { /* stockage plein ou interdit */ });
  }
  function sauverBientot() {
    clearTimeout(minuteur);
    minuteur = setTimeout(sauver, 250);
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && minuteur) sauver();
  });
  function restaurer(brouillon) {
    var valeurs = {};
    brouillon.champs.forEach(function (paire) { (valeurs[paire[0]] = valeurs[paire[0]] || []).push(paire[1]); });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken" || el.name === "communes") return;
      if (el.type === "checkbox") el.checked = (valeurs[el.name] || []).indexOf(el.value) !== -1;
      else if (el.type === "radio") { if (valeurs[el.name]) el.checked = valeurs[el.name].indexOf(el.value) !== -1; }
      else if (valeurs[el.name]) el.value = valeurs[el.name][0];
    });
    puces.textContent = "";
    (brouillon.puces || []).forEach(function (p) { ajouterPuce(p[0], p[1]); });
    saisieCommunes.value = brouillon.communes || "";
    var verbatim = form.elements.verbatim_texte;
    if (verbatim && verbatim.value.trim()) document.getElementById("bloc-verbatim").open = true;
    compterTout();
    montrerDate();
  }
  function aDuContenu(brouillon) {
    return brouillon && brouillon.champs.some(function (p) {
      return (p[0] === "texte" || p[0] === "verbatim_texte") && p[1].trim();
    });
  }
  /* Formulaire vierge pour l'observation suivante, avec un nouvel identifiant d'envoi. La date et
     l'expérimentation choisies restent (souvent la même journée de terrain) : elles restent visibles. */
  function vider() {
    clearTimeout(minuteur);
    minuteur = null;
    var date = form.elements.date ? form.elements.date.value : "";
    var experimentation = form.querySelector("[name=experimentation]:checked, input[type=hidden][name=experimentation]");
    var choix = experimentation ? experimentation.value : null;
    form.reset();
    form.querySelectorAll("textarea, input[type=text]").forEach(function (el) { el.value = ""; });
    if (form.elements.date) form.elements.date.value = date;
    form.querySelectorAll("[name=experimentation]").forEach(function (el) {
      if (el.type === "radio") el.checked = el.value === choix;
    });
    puces.textContent = "";
    document.getElementById("bloc-verbatim").open = false;
    uuid.value = nouvelUuid();
    erreursEffacer();
    compterTout();
    montrerDate();
    T.brouillonEffacer(P.utilisateur, chemin).catch(function () {});
  }
  form.addEventListener("input", sauverBientot);
  form.addEventListener("change", sauverBientot);

  // --- Envoi ---

  function construire() {
    var corps = new URLSearchParams(new FormData(form));
    var jeton = corps.get("csrfmiddlewaretoken");
    corps.delete("csrfmiddlewaretoken"); // le jeton du moment part dans l'en-tête
    return {
      uuid: uuid.value, utilisateur: P.utilisateur, action: chemin, corps: corps.toString(), jeton: jeton,
      resume: (modification ? "Modification : " : "") + T.resumer(form.elements.texte.value),
      date: form.elements.date ? form.elements.date.value : "", modification: modification,
    };
  }

  /* Pas de réseau (ou pas de réponse) : l'observation, vérifiée, rejoint la file d'attente du téléphone.
     `raison` précède le message quand le téléphone se croyait en ligne (réseau trop faible, serveur en panne). */
  async function garder(envoi, raison) {
    var erreurs = verifierHorsLigne();
    if (erreurs) {
      erreursAfficher(erreurs, "L’observation n’est pas gardée");
      return;
    }
    await T.envoiAjouter(envoi);
    P.demanderSync();
    var quand = envoi.date ? " (" + P.jourLisible(envoi.date) + ")" : "";
    if (modification) {
      T.brouillonEffacer(P.utilisateur, chemin).catch(function () {});
      erreursEffacer();
      bouton.scrollIntoView({ block: "center" }); // la saisie gardée reste à l'écran, au-dessus du message
    } else {
      vider();
      // Le formulaire vide, prêt pour la suivante, et le message en bas de l'écran : les deux à la vue.
      var titre = document.querySelector("h1");
      titre.tabIndex = -1;
      titre.focus({ preventScroll: true });
      titre.scrollIntoView({ block: "start" });
    }
    P.messageRetirer("reseau"); // le message dit déjà que le réseau manque
    P.message("gardee", "info", (modification ? "Modification gardée" : "Observation gardée") + " sur ce téléphone.",
      [(raison ? raison + " " : "") + "« " + T.resumer(new URLSearchParams(envoi.corps).get("texte"), 60) + " »" + quand
        + " partira au retour du réseau."],
      { libelle: "Voir dans « Mes observations »", href: document.getElementById("cb-terrain").dataset.accueil });
    P.rafraichirFile();
  }

  var envoiEnCours = false;
  form.addEventListener("submit", async function (ev) {
    ev.preventDefault();
    if (envoiEnCours) return;
    var envoi = construire();
    if (!navigator.onLine) {
      await garder(envoi, "");
      return;
    }
    envoiEnCours = true;
    bouton.disabled = true;
    try {
      var resultat = await T.envoyerUn(envoi, P.jetonCsrf());
      var sort = T.issue(resultat);
      if (sort === "envoyee") {
        clearTimeout(minuteur);
        minuteur = null;
        await T.brouillonEffacer(P.utilisateur, chemin);
        window.location.assign(form.dataset.retour);
        return;
      }
      if (sort === "refusee") {
        erreursAfficher(resultat.donnees.erreurs, "L’observation n’est pas enregistrée");
      } else if (sort === "session") {
        await sauver();
        P.message("session", "warning", "Session expirée.",
          ["Reconnectez-vous : ce que vous avez tapé reste sur ce téléphone et reviendra dans le formulaire."],
          { libelle: "Se reconnecter", href: document.getElementById("cb-terrain").dataset.connexion });
      } else {
        await garder(envoi, "Le serveur n’a pas pu l’enregistrer pour l’instant :");
      }
    } catch (e) {
      await garder(envoi, "Réseau trop faible :"); // sans réponse : le renvoi, au même uuid, est sans risque
    } finally {
      envoiEnCours = false;
      bouton.disabled = false;
    }
  });

  // --- Au chargement : une observation refusée à corriger, sinon le brouillon ---

  async function reprendre(uuidRepris) {
    var envoi = await T.envoiLire(uuidRepris);
    if (!envoi || envoi.utilisateur !== String(P.utilisateur)) return false;
    var corps = new URLSearchParams(envoi.corps);
    var champs = [];
    corps.forEach(function (valeur, nom) { if (nom !== "communes") champs.push([nom, valeur]); });
    restaurer({ champs: champs, puces: [], communes: corps.getAll("communes").join(", ") });
    await sauver(); // la saisie est dans le brouillon avant de quitter la file : rien ne se perd
    await T.envoiRetirer(envoi.uuid);
    if (envoi.erreurs) erreursAfficher(envoi.erreurs, "L’observation n’est pas enregistrée");
    return true;
  }

  (async function () {
    await P.pret;
    var repris = /^#reprendre-([0-9a-f-]{36})$/.exec(location.hash);
    if (repris) {
      history.replaceState(null, "", location.pathname + location.search);
      if (await reprendre(repris[1])) return;
    }
    var brouillon = await T.brouillonLire(P.utilisateur, chemin).catch(function () { return null; });
    // Après un refus du serveur (422), la page montre déjà ce qui a été tapé : pas de restauration.
    if (!form.dataset.lie && aDuContenu(brouillon)) {
      restaurer(brouillon);
      var bloc = element("div", "fr-alert fr-alert--info fr-mb-3w");
      bloc.appendChild(element("h2", "fr-alert__title", "Brouillon restauré"));
      bloc.appendChild(element("p", null, "Le texte que vous aviez commencé est revenu."));
      var effacer = element("button", "fr-btn fr-btn--sm fr-btn--secondary fr-mt-1w", "Effacer le brouillon");
      effacer.type = "button";
      effacer.addEventListener("click", function () {
        vider();
        bloc.remove();
        form.elements.texte.focus();
      });
      bloc.appendChild(effacer);
      avis.appendChild(bloc);
    }
    if (!uuid.value) uuid.value = nouvelUuid();
  })();
  if (!uuid.value) uuid.value = nouvelUuid();
})();
