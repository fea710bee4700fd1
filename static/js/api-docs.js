/*
 * Documentation de l'API : lance Swagger UI (servie localement) et traduit ses libellés en français.
 * Fichier statique, sans script en ligne (compatible avec une politique CSP stricte) : l'adresse du
 * schéma et les réglages viennent des attributs data-* du conteneur #swagger-ui.
 *
 * Swagger UI n'a pas de traductions : les textes de son interface sont remplacés à l'affichage (un
 * MutationObserver suit ses rendus). Les textes venus du schéma (résumés, descriptions) sont déjà
 * en français.
 */
(function () {
  "use strict";

  var conteneur = document.getElementById("swagger-ui");
  if (!conteneur || typeof window.SwaggerUIBundle !== "function") return;

  var TRADUCTIONS = {
    "Parameters": "Paramètres",
    "Try it out": "Essayer",
    "Cancel": "Annuler",
    "Execute": "Exécuter",
    "Clear": "Effacer",
    "Responses": "Réponses",
    "Response body": "Corps de la réponse",
    "Response headers": "En-têtes de la réponse",
    "Request URL": "URL de la requête",
    "Request body": "Corps de la requête",
    "Server response": "Réponse du serveur",
    "Name": "Nom",
    "Links": "Liens",
    "No links": "Aucun lien",
    "No parameters": "Aucun paramètre",
    "Example Value": "Exemple",
    "Example": "Exemple",
    "Schema": "Schéma",
    "Schemas": "Schémas",
    "Models": "Modèles",
    "Media type": "Type de média",
    "Controls Accept header.": "Règle l'en-tête Accept.",
    "Download": "Télécharger",
    "Authorize": "S'identifier",
    "Available authorizations": "Modes d'identification",
    "Logout": "Se déconnecter",
    "Close": "Fermer",
    "Servers": "Serveurs",
    "Details": "Détails",
    "required": "obligatoire",
    "Undocumented": "Non documenté",
    "Loading...": "Chargement…",
    "Send empty value": "Envoyer une valeur vide",
    "Default value": "Valeur par défaut",
    "Available values": "Valeurs possibles",
    "Edit Value": "Modifier la valeur",
    "(query)": "(paramètre d'adresse)",
    "(path)": "(chemin)",
    "(header)": "(en-tête)",
    // Textes que React découpe en plusieurs nœuds : « ( », « query », « ) » ; « Controls », <code>Accept</code>, « header. ».
    "query": "paramètre d'adresse",
    "path": "chemin",
    "Controls": "Règle l'en-tête",
    "header.": ".",
    "Examples": "Exemples",
    "Value": "Valeur",
    "Username:": "Identifiant :",
    "Password:": "Mot de passe :",
    "Authorized": "Identifié",
    "Expand all": "Tout déplier",
    "Collapse all": "Tout replier",
    "Copy to clipboard": "Copier",
    "Unknown Type": "Type inconnu",
  };
  var ATTRIBUTS = ["aria-label", "title", "placeholder"];

  function traduireTexte(noeud) {
    var texte = noeud.nodeValue;
    var cle = texte.trim();
    // Ne réécrire que ce qui change : une réécriture identique relancerait l'observateur sans fin.
    if (cle && Object.prototype.hasOwnProperty.call(TRADUCTIONS, cle) && TRADUCTIONS[cle] !== cle) {
      noeud.nodeValue = texte.replace(cle, TRADUCTIONS[cle]);
    }
  }

  function traduireElement(element) {
    ATTRIBUTS.forEach(function (nom) {
      var valeur = element.getAttribute(nom);
      if (valeur && Object.prototype.hasOwnProperty.call(TRADUCTIONS, valeur.trim()) && TRADUCTIONS[valeur.trim()] !== valeur.trim()) {
        element.setAttribute(nom, TRADUCTIONS[valeur.trim()]);
      }
    });
  }

  function traduire(racine) {
    if (racine.nodeType === Node.TEXT_NODE) {
      traduireTexte(racine);
      return;
    }
    if (racine.nodeType !== Node.ELEMENT_NODE) return;
    traduireElement(racine);
    var parcours = document.createTreeWalker(racine, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    var noeud;
    while ((noeud = parcours.nextNode())) {
      if (noeud.nodeType === Node.TEXT_NODE) traduireTexte(noeud);
      else traduireElement(noeud);
    }
  }

  new MutationObserver(function (changements) {
    changements.forEach(function (changement) {
      if (changement.type === "characterData") traduireTexte(changement.target);
      else if (changement.type === "attributes") traduireElement(changement.target);
      else changement.addedNodes.forEach(traduire);
    });
  }).observe(conteneur, {
    childList: true,
    subtree: true,
    characterData: true,
    attributes: true,
    attributeFilter: ATTRIBUTS,
  });

  var reglages = {};
  try {
    reglages = JSON.parse(conteneur.getAttribute("data-reglages") || "{}");
  } catch (erreur) {
    reglages = {};
  }
  var enteteCsrf = conteneur.getAttribute("data-csrf-entete");
  var jetonCsrf = conteneur.getAttribute("data-csrf-jeton");

  window.SwaggerUIBundle(
    Object.assign(
      {
        url: conteneur.getAttribute("data-schema-url"),
        domNode: conteneur,
        presets: [window.SwaggerUIBundle.presets.apis],
        layout: "BaseLayout",
        // Les écritures (observations) passent par la session du site : le jeton CSRF les accompagne.
        requestInterceptor: function (requete) {
          if (requete.method && requete.method !== "GET" && enteteCsrf && jetonCsrf) {
            requete.headers[enteteCsrf] = jetonCsrf;
          }
          return requete;
        },
      },
      reglages
    )
  );
})();
