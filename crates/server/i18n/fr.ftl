# medbridge : interface en français. Mêmes clés que en.ftl.

site-tagline = Coopération en équipements médicaux
skip-to-content = Aller au contenu
nav-main = Menu principal
nav-directory = Annuaire
nav-products = Produits
nav-opportunities = Besoins et offres
nav-events = Événements
nav-sign-in = Se connecter
nav-sign-out = Se déconnecter
nav-signed-in-as = Connecté en tant que { $name }
nav-language = Langue
demo-banner = Données de démonstration : les organisations, produits, besoins et événements présentés ici sont des exemples, pas des engagements réels.
footer-text = medbridge est une plateforme ouverte de coopération internationale en équipements médicaux.
footer-api = API JSON pour les intégrations
not-given = non renseigné

## Listes
filter-heading = Filtrer
filter-q = Recherche
filter-q-hint = Mots dans n’importe quelle langue
filter-country = Pays
filter-country-hint = Code à deux lettres, p. ex. KG, CN, BY
filter-kind = Type
filter-alliance = Membre de
filter-direction = Besoin ou offre
filter-cooperation-type = Type de coopération
filter-status = Statut
filter-device-code = Code de dispositif
filter-device-code-hint = SYSTÈME:CODE, p. ex. FDA:JAK ou EMDN:Z11030601
filter-any = Tous
filter-apply = Afficher les résultats
filter-reset = Effacer les filtres
sort-label = Trier par
sort-name = Nom, de A à Z
sort--name = Nom, de Z à A
sort-created = Plus anciens d’abord
sort--created = Plus récents d’abord
page-next = Page suivante
page-first = Retour à la première page
empty-title = Aucun résultat
empty-filtered = Rien ne correspond à ces filtres. Essayez moins de mots, un autre pays, ou effacez les filtres.
empty-none = Rien n’a encore été publié ici.
filter-invalid = Certains filtres sont invalides ; corrigez-les pour voir les résultats.
count-organisations = { $count ->
    [one] { $count } organisation
   *[other] { $count } organisations
}
count-products = { $count ->
    [one] { $count } produit
   *[other] { $count } produits
}
count-opportunities = { $count ->
    [one] { $count } besoin ou offre
   *[other] { $count } besoins et offres
}
count-events = { $count ->
    [one] { $count } événement
   *[other] { $count } événements
}
count-days = { $count ->
    [one] { $count } jour
   *[other] { $count } jours
}

## Organisations
orgs-title = Annuaire des organisations
orgs-intro = Fabricants, hôpitaux, universités, ministères et associations qui coopèrent en équipements médicaux.
org-name = Nom
org-kind = Type
org-country = Pays
org-city = Ville
org-website = Site web
org-languages = Langues de travail
org-names = Noms
org-description = Présentation
org-memberships = Adhésions
org-products = Produits
org-opportunities = Besoins et offres
org-no-products = Aucun produit pour l’instant.
org-no-opportunities = Aucun besoin ni offre publié.
org-kind-manufacturer = Fabricant
org-kind-distributor = Distributeur
org-kind-hospital = Hôpital
org-kind-university = Université
org-kind-research_institute = Institut de recherche
org-kind-government_body = Organisme public
org-kind-association = Association
org-kind-other = Autre
membership-active = membre actif
membership-suspended = adhésion suspendue
membership-former = ancien membre

## Produits
products-title = Produits
products-intro = Équipements et services des fabricants, codés selon les nomenclatures internationales de dispositifs médicaux.
product-supplier = Fournisseur
product-codes = Codes de dispositif
product-risk-class = Classe de risque
product-registrations = Enregistrements par marché
product-authority = Autorité
product-number = Numéro
product-valid-from = Valable du
product-valid-until = Valable jusqu’au
product-validity = Aujourd’hui
product-valid = valable
product-not-valid = non valable
product-no-registrations = Aucun enregistrement indiqué.
product-price = Fourchette de prix
product-lead-time = Délai de livraison
product-service-countries = Installation et maintenance dans
product-doc-languages = Manuels et formation en
product-description = Description
authority-nmpa = NMPA (Chine)
authority-eu_mdr = RDM de l’UE (CE)
authority-us_fda = FDA (États-Unis)
authority-eaeu = Union économique eurasiatique
authority-national = Autorité nationale

## Besoins et offres
opps-title = Besoins et offres
opps-intro = Ce dont les hôpitaux, ministères et universités ont besoin, et ce que proposent les fabricants et partenaires.
opp-new = Publier un besoin ou une offre
opp-new-title = Nouveau besoin ou nouvelle offre
opp-edit = Modifier
opp-edit-title = Modifier le besoin ou l’offre
opp-organisation-id = Organisation
opp-direction = Besoin ou offre
opp-cooperation-type = Type de coopération
opp-text-lang = Langue du titre et de la description
opp-text-lang-hint = Les versions dans les autres langues sont conservées telles quelles.
opp-title = Titre
opp-description = Description
opp-countries = Pays
opp-countries-hint = Codes à deux lettres séparés par des espaces ou des virgules, p. ex. KG KZ
opp-device-codes = Codes de dispositif
opp-device-codes-hint = SYSTÈME:CODE séparés par des espaces, p. ex. FDA:JAK EMDN:Z11030601
opp-quantity = Quantité
opp-budget = Budget
opp-budget-amount = Montant du budget
opp-budget-currency = Devise
opp-budget-currency-hint = Trois lettres, p. ex. USD, CNY, XOF
opp-deadline = Date limite
opp-status = Statut
opp-saved = Enregistré.
direction-need = Besoin
direction-offer = Offre
cooperation-equipment_supply = Fourniture d’équipements
cooperation-distribution = Distribution
cooperation-technology_transfer = Transfert de technologie
cooperation-joint_rnd = Recherche et développement conjoints
cooperation-clinical_cooperation = Coopération clinique
cooperation-education_training = Enseignement et formation
cooperation-maintenance_service = Maintenance et service
cooperation-investment = Investissement
status-draft = Brouillon
status-open = Ouvert
status-matched = Partenaire trouvé
status-closed = Clos
status-expired = Expiré

## Formulaires
form-required = obligatoire
form-save = Enregistrer
form-publish = Publier
form-cancel = Annuler
form-errors-title = { $count ->
    [one] Il y a un problème
   *[other] Il y a { $count } problèmes
}
form-conflict = Quelqu’un d’autre a modifié ce besoin ou cette offre après que vous l’avez ouvert : vos modifications n’ont pas été enregistrées. Elles restent dans le formulaire ci-dessous.
form-conflict-link = Ouvrez la version actuelle, puis refaites vos modifications.

## Événements
events-title = Événements
events-intro = Conférences, expositions, forums et rencontres d’affaires.
event-kind = Type
event-dates = Dates
event-place = Lieu
event-venue = Salle
event-description = Présentation
event-organisers = Organisateurs
event-sub-events = Programme
event-kind-conference = Conférence
event-kind-exhibition = Exposition
event-kind-forum = Forum
event-kind-sub_forum = Session du forum
event-kind-matchmaking_session = Rencontres d’affaires
organiser-role-host = Hôte
organiser-role-co_host = Co-organisateur
organiser-role-organiser = Organisateur
organiser-role-supporter = Soutien

## Connexion
signin-title = Connexion
signin-intro = Connectez-vous pour publier et modifier les besoins et offres de votre organisation.
signin-email = Adresse e-mail
signin-password = Mot de passe
signin-submit = Se connecter

## Erreurs de validation
error-required = Ce champ est obligatoire.
error-too_long = Ce texte est trop long.
error-too_many = Il y a trop d’éléments.
error-invalid_format = Le format n’est pas celui attendu.
error-unknown_country = Ce n’est pas un code de pays. Utilisez deux lettres, comme KG, CN ou SN.
error-unknown_language = Ce n’est pas un code de langue. Utilisez deux lettres, comme zh, en, ru ou fr.
error-unknown_currency = Ce n’est pas un code de devise. Utilisez trois lettres, comme USD, CNY ou XOF.
error-unknown_device_code = Ce n’est pas un code de dispositif. Écrivez SYSTÈME:CODE, comme FDA:JAK ou EMDN:Z11030601.
error-unknown_value = Choisissez l’une des valeurs proposées.
error-negative = La valeur ne peut pas être négative.
error-out_of_range = Ce nombre est hors de la plage autorisée.
error-date_order = La date de fin précède la date de début.
error-currency_mismatch = Les devises ne correspondent pas.
error-not_found = L’enregistrement mentionné n’existe pas.
error-duplicate = Cette valeur est déjà utilisée.
error-illegal_transition = Ce changement de statut n'est pas permis.

## Erreurs de page
problem-title = Un problème est survenu
problem-invalid_credentials = Adresse e-mail ou mot de passe incorrect.
problem-too_many_attempts = Trop de tentatives de connexion échouées. Réessayez dans { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}.
problem-csrf_failed = Ce formulaire a expiré. Rechargez la page et réessayez.
problem-forbidden = Votre rôle ou votre organisation ne le permet pas.
problem-not_found = Cette page n’existe pas, ou elle ne vous est pas accessible.
problem-unauthenticated = Veuillez d’abord vous connecter.
problem-internal = Une erreur s’est produite de notre côté. Elle a été enregistrée ; réessayez plus tard.
problem-version_conflict = Quelqu’un d’autre l’a modifié entre-temps : rien n’a été enregistré. Rechargez la page pour voir sa modification, puis refaites la vôtre.
problem-back = Aller à l’annuaire

## Accords et résultats
nav-agreements = Accords
nav-dashboard = Tableau de bord
agreements-title = Accords
agreements-intro = Accords de coopération signés entre membres et partenaires : ce qui a été convenu, par qui, où, et leur mise en œuvre.
count-agreements = { $count ->
    [one] { $count } accord
   *[other] { $count } accords
}
agreement-kind-memorandum = Protocole d'entente
agreement-kind-framework = Accord-cadre de coopération
agreement-kind-joint_training = Formation conjointe d'étudiants internationaux
agreement-kind-clinical_cooperation = Coopération clinique
agreement-kind-device_innovation = R&D conjointe / innovation
agreement-kind-distribution = Distribution
agreement-kind-supply = Contrat de fourniture ou d'achat
agreement-kind-service = Contrat de service
agreement-status-draft = Brouillon
agreement-status-signed = Signé
agreement-status-in_force = En vigueur
agreement-status-completed = Exécuté
agreement-status-terminated = Résilié
agreement-status-expired = Expiré
agreement-confidential = Confidentiel
agreement-signed-on = Signé le
agreement-event = Signé lors de
agreement-term = Durée
agreement-value = Montant
agreement-parties = Parties
agreement-signatories = Signataires
agreement-origin = Origine
agreement-origin-need = Besoin
agreement-milestones = Jalons
agreement-no-milestones = Aucun jalon enregistré.
agreement-ends-on = prend fin le { $date }
milestone-title = Jalon
milestone-owner = Responsable
milestone-due = Échéance
milestone-state = État
milestone-done-on = réalisé le { $date }
milestone-due-on = échéance { $date }
milestone-overdue = En retard
milestone-open = En cours
dashboard-title = Tableau de bord de la coopération
dashboard-intro = Les résultats de la coopération : accords par année, type et pays, et ce qui demande attention.
dashboard-empty = Aucun accord signé pour l'instant. Les accords apparaissent ici une fois enregistrés comme signés.
dashboard-by-year = Accords signés par année
dashboard-by-kind = Accords par type
dashboard-by-country = Accords par pays d'une partie
dashboard-overdue = Jalons en retard
dashboard-no-overdue = Aucun jalon en retard.
dashboard-expiring = Accords prenant fin dans les 60 jours
dashboard-no-expiring = Aucun accord ne prend fin dans les 60 jours.
dashboard-as-of = Au { $date }
event-outcomes = Résultats
event-agreements = Accords signés lors de cet événement
event-no-agreements = Aucun accord enregistré pour cet événement.
event-print = Imprimer le rapport
agreement-new = Enregistrer un accord
agreement-new-title = Enregistrer un accord
agreement-form-title = Intitulé
agreement-form-kind = Type
agreement-form-status = Statut
agreement-form-parties = Parties
agreement-form-parties-hint = Cochez au moins deux organisations.
agreement-form-signed-on = Date de signature
agreement-form-place = Lieu de signature
agreement-form-event-id = Signé lors de l'événement
agreement-form-ends-on = En vigueur jusqu'au
agreement-form-confidential = Confidentiel : visible des parties et du secrétariat uniquement
agreement-form-milestone = Premier jalon
agreement-form-milestone-title = Jalon
agreement-form-milestone-due = Échéance
agreement-form-milestone-owner = Partie responsable
agreement-form-submit = Enregistrer l'accord
dashboard-as-table = Les chiffres sous forme de tableau
event-countries = pays des parties

## Rendez-vous d'affaires
mm-title = Rendez-vous en tête-à-tête
mm-scheduled = Rendez-vous planifiés : { $count }.
mm-unscheduled = { $count } n'ont pas pu être planifiés (raisons sous la grille).
mm-time-limited = Le planificateur s'est arrêté à sa limite de temps sans prouver que ce planning est le meilleur : le relancer peut réduire les temps morts.
mm-gaps = Temps morts entre les rendez-vous des délégués : { $breaks }.
mm-gaps-best = Temps morts entre les rendez-vous des délégués : { $breaks }, le minimum possible.
mm-gaps-bound = Temps morts entre les rendez-vous des délégués : { $breaks } ; aucun planning d'autant de rendez-vous ne peut en avoir moins de { $lower }.
mm-not-scheduled = Non planifiés
mm-not-scheduled-because = non planifié : { $reason }
mm-times-in = Heures locales de l'événement ({ $offset })
mm-count-tables = { $count ->
    [one] { $count } table
   *[other] { $count } tables
}
mm-run = Lancer la planification
mm-mine = Mes rendez-vous
mm-no-meetings = Aucune demande de rendez-vous.
mm-status-pending = en attente de réponse
mm-status-accepted = accepté
mm-status-declined = refusé
mm-status-confirmed = confirmé
mm-status-cancelled = annulé
mm-status-expired = expiré
mm-table = table { $table }
mm-accept = Accepter
mm-decline = Refuser
mm-ics = Télécharger mon agenda (.ics)
mm-request = Demander un rendez-vous
mm-with = Avec
mm-message = Message
mm-priority = Priorité (3 = indispensable)
mm-send = Envoyer la demande
mm-grid = Planning
mm-slot = Heure
mm-setup = Créneaux et tables
mm-first-start = Début du premier créneau (heure locale, AAAA-MM-JJTHH:MM)
mm-minutes = Minutes par rendez-vous
mm-count = Nombre de créneaux
mm-tables = Nombre de tables
mm-pause-after = Pause après le créneau n°
mm-pause-minutes = Durée de la pause (minutes)
mm-save-setup = Enregistrer créneaux et tables
agreements-open-data = Données ouvertes (OCDS JSON)
dashboard-funnel = Du besoin aux résultats
dashboard-funnel-intro = Besoins publiés, et combien ont atteint chaque étape suivante : correspondance proposée, rendez-vous demandé, tenu, suite souhaitée, accord signé, jalon réalisé.
funnel-stage = Étape
funnel-needs = Besoins
funnel-conversion = Depuis l'étape précédente
funnel-median-days = Jours médians depuis l'étape précédente
funnel-posted = Besoin publié
funnel-matched = Correspondance proposée
funnel-meeting_requested = Rendez-vous demandé
funnel-meeting_held = Rendez-vous tenu
funnel-follow_up = Suite souhaitée
funnel-agreement_signed = Accord signé
funnel-milestone_completed = Jalon réalisé
mm-outcome = Après la rencontre :
mm-outcome-held = Tenu
mm-outcome-follow_up = Tenu, suite souhaitée
mm-outcome-no_show = Absence
matches-for-need = Offres qui répondent à ce besoin
matches-for-offer = Besoins auxquels répond cette offre
matches-for-product = Besoins auxquels répond ce produit
matches-none = Rien ne remplit encore toutes les conditions (type de dispositif, enregistrement dans le pays de l'acheteur, budget, délai). Affichez les correspondances proches pour voir ce qui manque.
matches-deadline-past = La date limite du { $date } est passée : ce besoin n'est plus mis en correspondance. Modifiez-le pour fixer une nouvelle date limite.
matches-unavailable = Les correspondances ne peuvent pas être affichées : { $reason }
matches-relaxed = Afficher les correspondances proches
matches-strict = Correspondances complètes seulement
matches-score = Score
deleg-title = Délégations
deleg-none = Aucune délégation inscrite pour l'instant.
deleg-approve = Approuver
deleg-reject = Refuser
deleg-register = Inscrire notre délégation : qui vient
deleg-role = Leur rôle
deleg-submit = Inscrire
reg-status-pending = en attente d'approbation
reg-status-approved = approuvée
reg-status-rejected = refusée
reg-status-cancelled = annulée
delegate-role-delegate = délégué
delegate-role-speaker = intervenant
delegate-role-exhibitor = exposant
delegate-role-official = officiel
delegate-role-press = presse
delegate-role-interpreter = interprète
export-csv = Exporter en CSV

## Recherche et alertes
nav-search = Recherche
nav-alerts = Alertes
nav-alerts-count = { $count ->
    [one] Alertes ({ $count } nouvelle)
   *[other] Alertes ({ $count } nouvelles)
}
search-heading = Trouver des fournisseurs et des offres
search-intro = Décrivez votre besoin dans n'importe quelle langue : chinois, anglais, russe ou français. Les résultats sont les produits et offres de ce type d'appareil qui peuvent être vendus légalement dans votre pays, avec les raisons de la correspondance.
search-q = De quoi avez-vous besoin ?
search-q-hint = Par exemple « портативный УЗИ аппарат », « 呼吸机 », « CT scanner 64 slices », « échographe portable ».
search-country = Votre pays
search-country-hint = Code à deux lettres, p. ex. SN. Seuls les produits enregistrés pour votre marché sont affichés.
search-button = Rechercher
search-facets = Affiner les résultats
search-facet-country = Pays du fournisseur
search-facet-cooperation = Type de coopération
search-facet-category = Catégorie d'appareils
search-facet-market = Enregistrement
search-count = { $count ->
    [one] { $count } résultat
   *[other] { $count } résultats
}
search-empty = Rien ne répond encore à cette recherche sous toutes les conditions. Essayez d'autres mots, laissez le pays vide, ou enregistrez la recherche pour être alerté.
search-empty-facets = Aucun résultat n'a tous les filtres choisis ; retirez-en un.
search-start-title = Rechercher dans toutes les langues
search-start = Saisissez votre besoin ci-dessus ; les mots russes d'un acheteur trouvent le catalogue chinois d'un fournisseur par le type d'appareil qu'ils désignent tous deux.
search-save-name = Enregistrer cette recherche sous
search-save-hint = Les nouveaux produits et offres correspondants apparaîtront dans Alertes.
search-save = Enregistrer la recherche
search-save-sign-in = connectez-vous pour enregistrer cette recherche et être alerté des nouvelles correspondances
match-kind-product = Produit
match-kind-opportunity = Offre
alerts-heading = Alertes
alerts-intro = Correspondances trouvées par la plateforme pour les besoins de votre organisation et vos recherches enregistrées. Les nouvelles apparaissent ici dès qu'un produit ou une offre correspondant est publié.
alerts-new-search = Nouvelle recherche
alerts-search-saved = Recherche enregistrée. Les nouvelles correspondances apparaîtront ici.
alerts-filter = Afficher
suggestion-status-new = Nouvelles
suggestion-status-seen = Vues
suggestion-status-contacted = Contactées
suggestion-status-dismissed = Écartées
suggestion-status-all = Toutes
suggestion-for-need = Pour votre besoin
suggestion-for-saved_search = Pour votre recherche enregistrée
alerts-empty-title = Aucune alerte ici
alerts-empty = Lorsqu'un produit ou une offre correspondant à l'un de vos besoins ou recherches enregistrées est publié, il apparaît ici.
alerts-unavailable = Plus publié
alerts-contacted = Marquer contacté
alerts-seen = Marquer vu
alerts-dismiss = Écarter
alerts-searches = Vos recherches enregistrées
alerts-no-searches = Aucune pour l'instant. Enregistrez-en une depuis la page de recherche.
alerts-delete-search = Supprimer

## Documents de l'accord
agreement-documents = Documents
agreement-no-documents = Aucun document joint pour l'instant.
document-name = Fichier
document-size = Taille
document-uploaded-at = Déposé le
document-remove = Retirer
document-file = Joindre un document
document-file-hint = PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG ou texte, jusqu'à { $limit } Mio.
document-upload = Déposer
document-uploaded = Document joint.
document-too-large = Le fichier dépasse { $limit } Mio ; rien n'a été conservé.
document-unsupported = Ce type de document n'est pas accepté (le contenu et le nom du fichier doivent concorder : PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG ou texte) ; rien n'a été conservé.
document-empty = Le fichier est vide ou son nom n'est pas valide ; rien n'a été conservé.
document-failed = Le dépôt n'a pas abouti ; rien n'a été conservé. Réessayez.

## Rappels par e-mail
mail-milestone-subject = Jalon en retard : { $milestone }
mail-milestone-body = Bonjour { $name },

    Le jalon « { $milestone } » de l'accord « { $agreement } » était attendu le { $due } et a { $days } jours de retard.

    Voir l'accord et enregistrer sa réalisation : { $link }

    — medbridge, pour le secrétariat de l'alliance
mail-expiring-subject = Accord bientôt échu : { $agreement }
mail-expiring-body = Bonjour { $name },

    L'accord « { $agreement } » prend fin le { $ends }, dans { $days } jours. Si les parties souhaitent poursuivre, c'est le moment de convenir d'un renouvellement.

    L'accord : { $link }

    — medbridge, pour le secrétariat de l'alliance

# Agenda items of an event (issue 4)
agenda-heading = Programme
agenda-none = Aucun point au programme pour l'instant.
agenda-new-title = Ajouter un point au programme
agenda-title = Titre
agenda-title-lang = Langue du titre
agenda-starts-at = Début (heure locale)
agenda-ends-at = Fin (heure locale)
agenda-times-hint = Les heures sont celles du lieu ({ $offset }).
agenda-room = Salle
agenda-speakers = Intervenants
agenda-no-delegates = Aucun délégué n'est encore inscrit à cet événement ni à l'événement parent.
agenda-language = Langue
agenda-language-hint = Un code de langue, par exemple fr, en, ru ou zh.
agenda-interpretation = Interprétation vers
agenda-interpretation-hint = Codes de langue séparés par des espaces, par exemple en zh.
agenda-interpreted = interprétation : { $languages }
agenda-your-time = votre heure
agenda-add = Ajouter au programme
agenda-remove = Retirer
agenda-edit = Modifier
agenda-edit-title = Modifier un point du programme
agenda-save = Enregistrer le point
problem-agenda_changed = Ce point n’est plus au programme : quelqu’un l’a modifié entre-temps. Rouvrez la page de l’événement.

# Check-in at the door and badges (issue 4)
badge-title = Badges
badge-print = Imprimer les badges
badge-qr = Code QR pour l'accueil
checkin-title = Accueil
checkin-button = Enregistrer l'arrivée
checkin-done = Arrivée enregistrée.
checkin-done-short = arrivé(e)
checkin-undo = Annuler l'arrivée
checkin-not-approved = Cette délégation n'est pas approuvée : l'arrivée ne peut pas encore être enregistrée.

# Suggested meetings from the matching engine (issue 4)
mm-suggested = Rencontres suggérées
mm-suggested-hint = Les délégations dont les offres répondent à vos besoins, ou dont les besoins correspondent à vos offres.
mm-suggest-ours = Répond à votre besoin « { $need } » :
mm-suggest-theirs = Votre offre répond à leur besoin « { $need } » :
mm-suggest-both = réciproque
mm-suggest-request = Demander une rencontre avec { $name }

# Locking meetings, the table plan and the session's calendar (issue 4)
mm-locked = verrouillée : le planificateur la garde ici
mm-lock = Verrouiller
mm-unlock = Déverrouiller
mm-table-plan = Plan de tables
mm-print-plan = Imprimer le plan de tables
mm-event-ics = Toutes les rencontres (.ics)
