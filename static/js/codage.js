/* File de codage (/irritants/codage/) : coder à la suite, à la souris ou au clavier.
 *
 * Amélioration progressive : sans ce script, chaque formulaire s'envoie et la page revient sur la file.
 * Avec lui (et htmx, qui remplace la seule fiche envoyée) :
 * - une fiche codée se replie ; le focus et la vue passent à la fiche suivante à coder, dont le choix
 *   d'irritants se déplie ; quand la page n'en a plus, la série suivante se charge dessous ;
 * - après « Annuler », le focus revient sur la fiche rouverte ; après « Publier », sur l'état publié ;
 * - raccourcis d'une touche (aide : bouton « Raccourcis clavier » ou « ? ») : jamais pendant la saisie
 *   dans un champ, ni avec Ctrl, Alt ou Cmd (touches des lecteurs d'écran et du navigateur) ; un
 *   interrupteur les désactive (WCAG 2.1.4), le choix est gardé sur ce navigateur ;
 * - chaque geste est annoncé aux lecteurs d'écran (#codage-annonce, role="status").
 * Les numéros des raccourcis viennent d'ici (pas du serveur) : sans script, ils ne voudraient rien dire.
 */
(function () {
  "use strict";
  var file = document.getElementById("file-codage");
  if (!file) return;
  var annonce = document.getElementById("codage-annonce");
  var aideBouton = document.getElementById("codage-aide-bouton");
  var interrupteur = document.getElementById("codage-raccourcis-actifs");
  var aide = document.getElementById("codage-aide");
  var CLE_RACCOURCIS = "cb-codage-raccourcis";
  var courante = null;
  var derniereCodee = null;
  var serieDemandee = false;
  var aideParTouche = false;

  // --- Outils ---
  function tableau(liste) { return Array.prototype.slice.call(liste); }
  function fiches() { return tableau(file.querySelectorAll(".cb-fiche")); }
  function estACoder(fiche) { return !fiche.classList.contains("cb-fiche--resume"); }
  function ficheDe(element) { return element && element.closest ? element.closest("#file-codage .cb-fiche") : null; }
  function titreDe(fiche) { return document.getElementById(fiche.id + "-titre"); }
  function cases(fiche) {
    return tableau(fiche.querySelectorAll('.cb-fiche__rattachement input[type="checkbox"][name="irritants"]'));
  }
  function libelle(caseACocher) {
    var label = document.querySelector('label[for="' + caseACocher.id + '"]');
    if (!label) return "";
    var copie = label.cloneNode(true);
    tableau(copie.querySelectorAll(".cb-raccourci, .cb-choix__nombre, .cb-choix__etat")).forEach(function (n) { n.remove(); });
    return copie.textContent.trim();
  }
  function annoncer(texte) {
    if (!annonce) return;
    // Vider puis écrire : un même message répété est annoncé de nouveau.
    annonce.textContent = "";
    window.setTimeout(function () { annonce.textContent = texte; }, 60);
  }
  function actifs() { return !interrupteur || interrupteur.checked; }
  function lire() { try { return window.localStorage.getItem(CLE_RACCOURCIS); } catch (e) { return null; } }
  function ecrire(valeur) { try { window.localStorage.setItem(CLE_RACCOURCIS, valeur); } catch (e) { /* stockage interdit */ } }

  // --- La fiche en cours ---
  function numeroter() {
    tableau(file.querySelectorAll(".cb-raccourci")).forEach(function (numero) { numero.remove(); });
    if (!courante || !actifs()) return;
    cases(courante).slice(0, 10).forEach(function (caseACocher, rang) {
      var label = document.querySelector('label[for="' + caseACocher.id + '"]');
      var texte = label && (label.querySelector(".cb-choix__texte") || label);
      if (!texte) return;
      var numero = document.createElement("kbd");
      numero.className = "cb-raccourci";
      numero.setAttribute("aria-hidden", "true");
      numero.textContent = String((rang + 1) % 10);
      texte.insertBefore(numero, texte.firstChild);
    });
  }

  function choisir(fiche, options) {
    if (!fiche) return;
    options = options || {};
    fiches().forEach(function (autre) { if (autre !== fiche) autre.classList.remove("cb-fiche--courante"); });
    courante = fiche;
    fiche.classList.add("cb-fiche--courante");
    var codage = fiche.querySelector(".cb-fiche__codage");
    if (codage && options.deplier) codage.open = true;
    numeroter();
    if (options.focus) {
      fiche.scrollIntoView({ block: "start" });
      titreDe(fiche).focus({ preventScroll: true });
    }
  }

  function voisine(depart, sens) {
    var liste = fiches();
    var rang = liste.indexOf(depart);
    for (var i = rang + sens; i >= 0 && i < liste.length; i += sens) {
      if (estACoder(liste[i])) return liste[i];
    }
    return null;
  }

  function chargerSerie() {
    var charger = document.getElementById("codage-charger");
    if (!charger) return false;
    serieDemandee = true;
    annoncer("Chargement des observations suivantes…");
    charger.click();
    return true;
  }

  function allerApres(fiche) {
    var suivante = voisine(fiche, 1);
    if (suivante) return choisir(suivante, { deplier: true, focus: true });
    if (chargerSerie()) return;
    var restantes = fiches().filter(estACoder);
    if (restantes.length) return choisir(restantes[0], { deplier: true, focus: true });
    var fin = document.getElementById("codage-fin");
    if (fin) {
      fin.scrollIntoView({ block: "center" });
      fin.focus({ preventScroll: true });
    }
  }

  // --- Après chaque échange htmx ---
  document.addEventListener("htmx:afterSettle", function () {
    fiches().forEach(function (fiche) {
      var etat = fiche.getAttribute("data-etat");
      if (!etat) return;
      fiche.removeAttribute("data-etat");
      // Le facilitateur a pu passer à une autre fiche pendant l'envoi : on ne lui reprend pas le focus.
      var restee = !courante || !document.body.contains(courante) || courante.id === fiche.id;
      if (etat === "codee") {
        derniereCodee = fiche;
        if (restee) allerApres(fiche);
      } else if (etat === "annulee") {
        choisir(fiche, { deplier: true, focus: true });
      } else if (etat === "erreur" && restee) {
        choisir(fiche, { deplier: true }); // l'alerte d'erreur prend le focus (autofocus)
      } else if (etat === "nouvelle" && serieDemandee) {
        serieDemandee = false;
        choisir(fiche, { deplier: true, focus: true });
        annoncer("Observations suivantes affichées.");
      }
    });
    if (courante && !document.body.contains(courante)) {
      courante = document.getElementById(courante.id);
      numeroter();
    }
    var aFocaliser = document.querySelector("[data-cb-focus]");
    if (aFocaliser) {
      aFocaliser.removeAttribute("data-cb-focus");
      if (!document.activeElement || document.activeElement === document.body) aFocaliser.focus();
    }
    if (serieDemandee && !document.getElementById("codage-charger")) {
      serieDemandee = false;
      allerApres(fiches()[fiches().length - 1] || file);
    }
  });

  // --- Raccourcis ---
  function saisieEnCours(element) {
    if (!element || element === document.body) return false;
    if (element.isContentEditable) return true;
    var balise = element.tagName;
    if (balise === "TEXTAREA" || balise === "SELECT") return true;
    return balise === "INPUT" && ["checkbox", "radio", "button", "submit", "reset"].indexOf(element.type) === -1;
  }

  function basculer(rang) {
    if (!courante) return;
    var codage = courante.querySelector(".cb-fiche__codage");
    if (codage) codage.open = true;
    numeroter();
    var caseACocher = cases(courante)[rang];
    if (!caseACocher) return annoncer("Aucun irritant ne porte le numéro " + ((rang + 1) % 10) + ".");
    caseACocher.click();
    var cochees = cases(courante).filter(function (c) { return c.checked; }).length;
    annoncer("« " + libelle(caseACocher) + " » " + (caseACocher.checked ? "coché" : "décoché") + " ; "
      + cochees + " irritant" + (cochees > 1 ? "s" : "") + " coché" + (cochees > 1 ? "s" : "") + ".");
  }

  function rattacher() {
    if (!courante || !estACoder(courante)) return;
    var formulaire = courante.querySelector(".cb-fiche__rattachement");
    if (formulaire) formulaire.requestSubmit();
  }

  function creer() {
    if (!courante) return;
    var codage = courante.querySelector(".cb-fiche__codage");
    var creation = courante.querySelector(".cb-fiche__creation");
    if (codage) codage.open = true;
    if (!creation) return;
    creation.open = true;
    var titre = creation.querySelector('input[name$="-titre"]');
    if (titre) {
      titre.scrollIntoView({ block: "center" });
      titre.focus({ preventScroll: true });
    }
  }

  function annuler() {
    var fiche = derniereCodee && document.body.contains(derniereCodee) ? derniereCodee : null;
    if (!fiche) {
      var codees = fiches().filter(function (f) { return !estACoder(f); });
      fiche = codees[codees.length - 1];
    }
    var bouton = fiche && fiche.querySelector(".cb-annuler");
    if (!bouton) return annoncer("Aucun codage à annuler sur cette page.");
    bouton.click();
  }

  function deplacer(sens) {
    var cible = courante ? voisine(courante, sens) : fiches().filter(estACoder)[0];
    if (cible) return choisir(cible, { deplier: true, focus: true });
    if (sens > 0 && chargerSerie()) return;
    annoncer(sens > 0 ? "Plus de fiche à coder après celle-ci." : "Pas de fiche à coder avant celle-ci.");
  }

  var CHIFFRES = /^(Digit|Numpad)([0-9])$/;
  document.addEventListener("keydown", function (evenement) {
    if (document.querySelector(".fr-modal--opened")) {
      // Échap ferme l'aide même quand le focus est sur son interrupteur (le DSFR ne le fait pas).
      if (evenement.key === "Escape" && aide && aide.classList.contains("fr-modal--opened")) {
        var fermer = aide.querySelector(".fr-btn--close");
        if (fermer) fermer.click();
      }
      return;
    }
    if (!actifs() || evenement.defaultPrevented || evenement.ctrlKey || evenement.altKey || evenement.metaKey) return;
    if (evenement.isComposing || saisieEnCours(evenement.target)) return;
    var cible = evenement.target;
    var chiffre = CHIFFRES.exec(evenement.code || "");
    var agi = true;
    if (evenement.key === "?") {
      aideParTouche = true;
      if (aideBouton) aideBouton.click();
    } else if (chiffre) {
      basculer((Number(chiffre[2]) + 9) % 10);
    } else if (evenement.key === "Enter") {
      // Entrée garde son rôle sur un bouton, un lien ou un « summary » ; ailleurs (titre de fiche, case), elle rattache.
      var surCommande = cible.closest && cible.closest("button, a, summary, [role=button]");
      var dansFiche = ficheDe(cible);
      if (surCommande || (dansFiche && dansFiche !== courante) || (!dansFiche && cible !== document.body)) agi = false;
      else rattacher();
    } else if (evenement.shiftKey) {
      agi = false;
    } else if (evenement.key === "n" || evenement.key === "j") {
      deplacer(1);
    } else if (evenement.key === "p" || evenement.key === "k") {
      deplacer(-1);
    } else if (evenement.key === "c") {
      creer();
    } else if (evenement.key === "a") {
      annuler();
    } else {
      agi = false;
    }
    if (agi) evenement.preventDefault();
  });

  // La fiche où l'on clique ou tabule devient la fiche en cours.
  file.addEventListener("focusin", function (evenement) {
    var fiche = ficheDe(evenement.target);
    if (fiche && fiche !== courante && estACoder(fiche)) choisir(fiche);
  });

  // --- Démarrage ---
  if (interrupteur) {
    interrupteur.checked = lire() !== "non";
    interrupteur.addEventListener("change", function () {
      ecrire(interrupteur.checked ? "oui" : "non");
      numeroter();
      annoncer(interrupteur.checked ? "Raccourcis clavier activés." : "Raccourcis clavier désactivés.");
    });
  }
  if (aideBouton) aideBouton.hidden = false;
  if (aide) {
    // Ouverte par « ? », l'aide fermée rend le focus à la fiche en cours plutôt qu'au bouton en haut de la page.
    aide.addEventListener("dsfr.conceal", function () {
      if (!aideParTouche) return;
      aideParTouche = false;
      window.setTimeout(function () {
        if (courante && document.body.contains(courante)) titreDe(courante).focus();
      }, 0);
    });
  }
  choisir(fiches().filter(estACoder)[0]);
})();
