# medbridge web shell: English. Every key here exists in zh.ftl, ru.ftl and fr.ftl too
# (a unit test checks it). Keys for vocabularies end in the value's wire name.

site-tagline = Cooperation in medical equipment
skip-to-content = Skip to content
nav-main = Main
nav-directory = Directory
nav-products = Products
nav-opportunities = Needs & offers
nav-events = Events
nav-sign-in = Sign in
nav-sign-out = Sign out
nav-signed-in-as = Signed in as { $name }
nav-language = Language
demo-banner = Demonstration data: the organisations, products, needs and events shown here are examples, not real commitments.
footer-text = medbridge is an open platform for international cooperation in medical equipment.
footer-api = JSON API for integrations
not-given = not given

## Lists
filter-heading = Filter
filter-q = Search
filter-q-hint = Words in any language
filter-country = Country
filter-country-hint = Two-letter code, e.g. KG, CN, BY
filter-kind = Kind
filter-alliance = Member of
filter-direction = Need or offer
filter-cooperation-type = Type of cooperation
filter-status = Status
filter-device-code = Device code
filter-device-code-hint = SCHEME:CODE, e.g. FDA:JAK or EMDN:Z11030601
filter-any = Any
filter-apply = Show results
filter-reset = Clear filters
sort-label = Sort by
sort-name = Name, A to Z
sort--name = Name, Z to A
sort-created = Oldest first
sort--created = Newest first
page-next = Next page
page-first = Back to the first page
empty-title = Nothing found
empty-filtered = Nothing matches these filters. Try fewer words, another country, or clear the filters.
empty-none = Nothing has been published here yet.
filter-invalid = Some filters could not be used; correct them to see results.
count-organisations = { $count ->
    [one] { $count } organisation
   *[other] { $count } organisations
}
count-products = { $count ->
    [one] { $count } product
   *[other] { $count } products
}
count-opportunities = { $count ->
    [one] { $count } need or offer
   *[other] { $count } needs and offers
}
count-events = { $count ->
    [one] { $count } event
   *[other] { $count } events
}
count-days = { $count ->
    [one] { $count } day
   *[other] { $count } days
}

## Organisations
orgs-title = Directory of organisations
orgs-intro = Manufacturers, hospitals, universities, ministries and associations that cooperate in medical equipment.
org-name = Name
org-kind = Kind
org-country = Country
org-city = City
org-website = Website
org-languages = Working languages
org-names = Names
org-description = About
org-memberships = Memberships
org-products = Products
org-opportunities = Needs and offers
org-no-products = No products listed yet.
org-no-opportunities = No needs or offers published.
org-kind-manufacturer = Manufacturer
org-kind-distributor = Distributor
org-kind-hospital = Hospital
org-kind-university = University
org-kind-research_institute = Research institute
org-kind-government_body = Government body
org-kind-association = Association
org-kind-other = Other
membership-active = active member
membership-suspended = suspended
membership-former = former member

## Products
products-title = Products
products-intro = Equipment and capabilities from manufacturers, coded to international device nomenclatures.
product-supplier = Supplier
product-codes = Device codes
product-risk-class = Risk class
product-registrations = Market registrations
product-authority = Authority
product-number = Number
product-valid-from = Valid from
product-valid-until = Valid until
product-validity = Today
product-valid = valid
product-not-valid = not valid
product-no-registrations = No registrations given.
product-price = Price range
product-lead-time = Lead time
product-service-countries = Installation and service in
product-doc-languages = Manuals and training in
product-description = Description
authority-nmpa = NMPA (China)
authority-eu_mdr = EU MDR (CE)
authority-us_fda = US FDA
authority-eaeu = Eurasian Economic Union
authority-national = National authority

## Needs and offers
opps-title = Needs and offers
opps-intro = What hospitals, ministries and universities need, and what manufacturers and partners offer.
opp-new = Post a need or offer
opp-new-title = New need or offer
opp-edit = Edit
opp-edit-title = Edit need or offer
opp-organisation-id = Organisation
opp-direction = Need or offer
opp-cooperation-type = Type of cooperation
opp-text-lang = Language of title and description
opp-text-lang-hint = Other language versions are kept as they are.
opp-title = Title
opp-description = Description
opp-countries = Countries
opp-countries-hint = Two-letter codes separated by spaces or commas, e.g. KG KZ
opp-device-codes = Device codes
opp-device-codes-hint = SCHEME:CODE separated by spaces, e.g. FDA:JAK EMDN:Z11030601
opp-quantity = Quantity
opp-budget = Budget
opp-budget-amount = Budget amount
opp-budget-currency = Currency
opp-budget-currency-hint = Three letters, e.g. USD, CNY, KGS
opp-deadline = Deadline
opp-status = Status
opp-saved = Saved.
direction-need = Need
direction-offer = Offer
cooperation-equipment_supply = Equipment supply
cooperation-distribution = Distribution
cooperation-technology_transfer = Technology transfer
cooperation-joint_rnd = Joint research and development
cooperation-clinical_cooperation = Clinical cooperation
cooperation-education_training = Education and training
cooperation-maintenance_service = Maintenance and service
cooperation-investment = Investment
status-draft = Draft
status-open = Open
status-matched = Matched
status-closed = Closed
status-expired = Expired

## Forms
form-required = required
form-save = Save
form-publish = Publish
form-cancel = Cancel
form-errors-title = { $count ->
    [one] There is a problem
   *[other] There are { $count } problems
}
form-conflict = Someone else changed this need or offer after you opened it, so your changes were not saved. They are still in the form below.
form-conflict-link = Open the current version, then make your changes again.

## Events
events-title = Events
events-intro = Conferences, exhibitions, forums and matchmaking sessions.
event-kind = Kind
event-dates = Dates
event-place = Place
event-venue = Venue
event-description = About
event-organisers = Organisers
event-sub-events = Programme
event-kind-conference = Conference
event-kind-exhibition = Exhibition
event-kind-forum = Forum
event-kind-sub_forum = Sub-forum
event-kind-matchmaking_session = Matchmaking session
organiser-role-host = Host
organiser-role-co_host = Co-host
organiser-role-organiser = Organiser
organiser-role-supporter = Supporter

## Sign in
signin-title = Sign in
signin-intro = Sign in to post and edit your organisation's needs and offers.
signin-email = E-mail address
signin-password = Password
signin-submit = Sign in

## Validation errors, by the stable codes of medbridge-core
error-required = This is required.
error-too_long = This text is too long.
error-too_many = There are too many entries.
error-invalid_format = This is not in the expected format.
error-unknown_country = This is not a country code. Use two letters, such as KG, CN or BY.
error-unknown_language = This is not a language code. Use two letters, such as zh, en, ru or fr.
error-unknown_currency = This is not a currency code. Use three letters, such as USD, CNY or KGS.
error-unknown_device_code = This is not a device code. Write SCHEME:CODE, such as FDA:JAK or EMDN:Z11030601.
error-unknown_value = Choose one of the offered values.
error-negative = This must not be negative.
error-out_of_range = This number is outside the allowed range.
error-date_order = The end date is before the start date.
error-currency_mismatch = The currencies do not match.
error-not_found = The record this refers to does not exist.
error-duplicate = This value is already used.
error-illegal_transition = This change of status is not allowed.

## Problems (whole-page errors), by the API's stable codes
problem-title = Something is not right
problem-invalid_credentials = Wrong e-mail address or password.
problem-too_many_attempts = Too many failed sign-ins. Try again in { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}.
problem-csrf_failed = This form has expired. Reload the page and try again.
problem-forbidden = Your role or organisation does not allow this.
problem-not_found = This page does not exist, or it is not visible to you.
problem-unauthenticated = Please sign in first.
problem-internal = Something went wrong on our side. It has been logged; please try again later.
problem-version_conflict = Someone else changed this meanwhile, so nothing was saved. Reload the page to see their change, then make yours again.
problem-back = Go to the directory

## Agreements and outcomes
nav-agreements = Agreements
nav-dashboard = Dashboard
agreements-title = Agreements
agreements-intro = Cooperation agreements signed between members and partners: what was agreed, by whom, where, and whether it is being carried out.
count-agreements = { $count ->
    [one] { $count } agreement
   *[other] { $count } agreements
}
agreement-kind-memorandum = Memorandum of understanding
agreement-kind-framework = Framework cooperation agreement
agreement-kind-joint_training = Joint training of international students
agreement-kind-clinical_cooperation = Clinical cooperation
agreement-kind-device_innovation = Joint R&D / device innovation
agreement-kind-distribution = Distribution
agreement-kind-supply = Supply or purchase contract
agreement-kind-service = Service
agreement-status-draft = Draft
agreement-status-signed = Signed
agreement-status-in_force = In force
agreement-status-completed = Completed
agreement-status-terminated = Terminated
agreement-status-expired = Expired
agreement-confidential = Confidential
agreement-signed-on = Signed
agreement-event = Signed at
agreement-term = Term
agreement-value = Value
agreement-parties = Parties
agreement-signatories = Signatories
agreement-origin = Came from
agreement-origin-need = Need
agreement-milestones = Milestones
agreement-no-milestones = No milestones recorded.
agreement-ends-on = ends { $date }
milestone-title = Milestone
milestone-owner = Responsible
milestone-due = Due
milestone-state = State
milestone-done-on = done { $date }
milestone-due-on = due { $date }
milestone-overdue = Overdue
milestone-open = Open
dashboard-title = Cooperation dashboard
dashboard-intro = What came out of the cooperation: agreements by year, kind and country, and what needs attention.
dashboard-empty = No signed agreements yet. Agreements appear here once they are recorded as signed.
dashboard-by-year = Agreements signed per year
dashboard-by-kind = Agreements by kind
dashboard-by-country = Agreements by country of a party
dashboard-overdue = Overdue milestones
dashboard-no-overdue = No milestone is overdue.
dashboard-expiring = Agreements ending within 60 days
dashboard-no-expiring = No agreement ends within 60 days.
dashboard-as-of = As of { $date }
event-outcomes = Outcomes
event-agreements = Agreements signed here
event-no-agreements = No agreements recorded for this event yet.
event-print = Print report
agreement-new = Record an agreement
agreement-new-title = Record an agreement
agreement-form-title = Title
agreement-form-kind = Kind
agreement-form-status = Status
agreement-form-parties = Parties
agreement-form-parties-hint = Tick at least two organisations.
agreement-form-signed-on = Signed on
agreement-form-place = Place
agreement-form-event-id = Signed at event
agreement-form-ends-on = In force until
agreement-form-confidential = Confidential: visible to the parties and the secretariat only
agreement-form-milestone = First milestone
agreement-form-milestone-title = Milestone
agreement-form-milestone-due = Due on
agreement-form-milestone-owner = Responsible party
agreement-form-submit = Record the agreement
dashboard-as-table = The figures as a table
event-countries = countries of the parties

## Matchmaking sessions
mm-title = One-to-one meetings
mm-scheduled = Meetings scheduled: { $count }.
mm-unscheduled = Not scheduled: { $count } (why: below the grid).
mm-time-limited = The scheduler stopped at its time limit before proving this schedule the best: running it again may leave fewer idle gaps.
mm-gaps = Idle gaps between delegates' meetings: { $breaks }.
mm-gaps-best = Idle gaps between delegates' meetings: { $breaks }, the fewest possible.
mm-gaps-bound = Idle gaps between delegates' meetings: { $breaks }; no schedule of as many meetings can have fewer than { $lower }.
mm-not-scheduled = Not scheduled
mm-not-scheduled-because = not scheduled: { $reason }
mm-times-in = Times in the event's local time ({ $offset })
mm-count-tables = { $count ->
    [one] { $count } table
   *[other] { $count } tables
}
mm-run = Run the scheduler
mm-mine = My meetings
mm-no-meetings = No meeting requests yet.
mm-status-pending = awaiting answer
mm-status-accepted = accepted
mm-status-declined = declined
mm-status-confirmed = confirmed
mm-status-cancelled = cancelled
mm-status-expired = expired
mm-table = table { $table }
mm-accept = Accept
mm-decline = Decline
mm-ics = Download my agenda (.ics)
mm-request = Request a meeting
mm-with = With
mm-message = Message
mm-priority = Priority (3 = must meet)
mm-send = Send the request
mm-grid = Schedule
mm-slot = Time
mm-setup = Slots and tables
mm-first-start = First slot starts (local time, YYYY-MM-DDTHH:MM)
mm-minutes = Minutes per meeting
mm-count = Number of slots
mm-tables = Number of tables
mm-pause-after = Pause after slot number
mm-pause-minutes = Pause length (minutes)
mm-save-setup = Save slots and tables
agreements-open-data = Open data (OCDS JSON)
dashboard-funnel = From need to results
dashboard-funnel-intro = Needs posted, and how many of them reached each later stage: a match suggested, a meeting requested about them, held, with a follow-up wanted, an agreement signed, a milestone completed.
funnel-stage = Stage
funnel-needs = Needs
funnel-conversion = From the stage before
funnel-median-days = Median days from the stage before
funnel-posted = Need posted
funnel-matched = Match suggested
funnel-meeting_requested = Meeting requested
funnel-meeting_held = Meeting held
funnel-follow_up = Follow-up wanted
funnel-agreement_signed = Agreement signed
funnel-milestone_completed = Milestone completed
mm-outcome = Afterwards:
mm-outcome-held = Held
mm-outcome-follow_up = Held, follow-up wanted
mm-outcome-no_show = No-show
matches-for-need = Offers that answer this need
matches-for-offer = Needs this offer answers
matches-for-product = Needs this product answers
matches-none = Nothing matches yet that meets every condition (device type, registration in the buyer's country, budget, delivery time). Show near misses to see what is missing.
matches-deadline-past = The deadline { $date } has passed, so this need is no longer matched. Edit it to set a new deadline.
matches-unavailable = Matches cannot be shown: { $reason }
matches-relaxed = Show near misses
matches-strict = Only full matches
matches-score = Score
deleg-title = Delegations
deleg-none = No delegation has registered yet.
deleg-approve = Approve
deleg-reject = Reject
deleg-register = Register our delegation: who is coming
deleg-role = Their role
deleg-submit = Register
reg-status-pending = awaiting approval
reg-status-approved = approved
reg-status-rejected = rejected
reg-status-cancelled = cancelled
delegate-role-delegate = delegate
delegate-role-speaker = speaker
delegate-role-exhibitor = exhibitor
delegate-role-official = official
delegate-role-press = press
delegate-role-interpreter = interpreter
export-csv = Export CSV

## Search and alerts
nav-search = Search
nav-alerts = Alerts
nav-alerts-count = { $count ->
    [one] Alerts (1 new)
   *[other] Alerts ({ $count } new)
}
search-heading = Find suppliers and offers
search-intro = Describe what you need in any language: Chinese, English, Russian or French. Results are products and offers of that device type that may legally be sold in your country, with the reasons they match.
search-q = What do you need?
search-q-hint = For example "портативный УЗИ аппарат", "呼吸机", "CT scanner 64 slices", "échographe portable".
search-country = Your country
search-country-hint = Two-letter code, e.g. KG. Only products registered for your market are shown.
search-button = Search
search-facets = Narrow the results
search-facet-country = Supplier's country
search-facet-cooperation = Type of cooperation
search-facet-category = Device category
search-facet-market = Registration
search-count = { $count ->
    [one] 1 result
   *[other] { $count } results
}
search-empty = Nothing answers this search yet under every condition. Try other words, leave the country empty, or save the search to be told when something appears.
search-empty-facets = No result has every facet you chose; remove one.
search-start-title = Search across languages
search-start = Type what you need above; a buyer's words in Russian find a supplier's catalogue in Chinese through the device type they both mean.
search-save-name = Save this search as
search-save-hint = You will find new products and offers that match it under Alerts.
search-save = Save search
search-save-sign-in = sign in to save this search and be alerted to new matches
match-kind-product = Product
match-kind-opportunity = Offer
alerts-heading = Alerts
alerts-intro = Matches the platform found for your organisation's needs and your saved searches. New ones appear here as soon as a matching product or offer is published.
alerts-new-search = New search
alerts-search-saved = Search saved. New matches will appear here.
alerts-filter = Show
suggestion-status-new = New
suggestion-status-seen = Seen
suggestion-status-contacted = Contacted
suggestion-status-dismissed = Dismissed
suggestion-status-all = All
suggestion-for-need = For your need
suggestion-for-saved_search = For your saved search
alerts-empty-title = No alerts here
alerts-empty = When a product or offer matching one of your needs or saved searches is published, it appears here.
alerts-unavailable = No longer published
alerts-contacted = Mark contacted
alerts-seen = Mark seen
alerts-dismiss = Dismiss
alerts-searches = Your saved searches
alerts-no-searches = None yet. Save one from the search page.
alerts-delete-search = Delete

## Agreement documents
agreement-documents = Documents
agreement-no-documents = No documents attached yet.
document-name = File
document-size = Size
document-uploaded-at = Uploaded
document-remove = Remove
document-file = Attach a document
document-file-hint = PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG or text, up to { $limit } MiB.
document-upload = Upload
document-uploaded = Document attached.
document-too-large = The file is larger than { $limit } MiB; nothing was kept.
document-unsupported = This is not an accepted kind of document (its contents and its name must agree: PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG or text); nothing was kept.
document-empty = The file is empty or its name is not valid; nothing was kept.
document-failed = The upload did not complete; nothing was kept. Try again.

## E-mail reminders
mail-milestone-subject = Milestone overdue: { $milestone }
mail-milestone-body = Dear { $name },

    The milestone "{ $milestone }" of the agreement "{ $agreement }" was due on { $due } and is { $days } days overdue.

    See the agreement and record its completion: { $link }

    — medbridge, for the alliance secretariat
mail-expiring-subject = Agreement ending soon: { $agreement }
mail-expiring-body = Dear { $name },

    The agreement "{ $agreement }" ends on { $ends }, in { $days } days. If the parties mean to continue, now is the time to agree on a renewal.

    The agreement: { $link }

    — medbridge, for the alliance secretariat

# Agenda items of an event (issue 4)
agenda-heading = Agenda
agenda-none = No agenda items yet.
agenda-new-title = Add an agenda item
agenda-title = Title
agenda-title-lang = Language of the title
agenda-starts-at = Starts (local time)
agenda-ends-at = Ends (local time)
agenda-times-hint = Times are in the venue's local time ({ $offset }).
agenda-room = Room
agenda-speakers = Speakers
agenda-no-delegates = No delegates are registered for this event or the one above it yet.
agenda-language = Language
agenda-language-hint = A language code, such as ru, zh, en or fr.
agenda-interpretation = Interpretation into
agenda-interpretation-hint = Language codes separated by spaces, such as en zh.
agenda-interpreted = interpretation: { $languages }
agenda-your-time = your time
agenda-add = Add to the agenda
agenda-remove = Remove
agenda-edit = Edit
agenda-edit-title = Edit an agenda item
agenda-save = Save the item
problem-agenda_changed = This agenda item is no longer on the programme: someone changed it meanwhile. Reload the event page.

# Check-in at the door and badges (issue 4)
badge-title = Badges
badge-print = Print badges
badge-qr = QR code for check-in
checkin-title = Check-in
checkin-button = Check in
checkin-done = Checked in.
checkin-done-short = checked in
checkin-undo = Undo check-in
checkin-not-approved = This delegation is not approved: it cannot check in yet.

# Suggested meetings from the matching engine (issue 4)
mm-suggested = Suggested meetings
mm-suggested-hint = Delegations whose offers answer your needs, or whose needs your offers answer.
mm-suggest-ours = Answers your need “{ $need }”:
mm-suggest-theirs = Your offer answers their need “{ $need }”:
mm-suggest-both = both ways
mm-suggest-request = Request a meeting with { $name }

# Locking meetings, the table plan and the session's calendar (issue 4)
mm-locked = locked: the scheduler keeps it here
mm-lock = Lock
mm-unlock = Unlock
mm-table-plan = Table plan
mm-print-plan = Print the table plan
mm-event-ics = All meetings (.ics)
