//! How each entity maps onto tables: its projected columns, link tables, references and
//! filters. The generic code in `sql/queries.rs` does the rest, so adding an entity means
//! adding one `impl Entity` here and its tables in the migrations.

use crate::query::{Arg, Filter, Scope, Sql};
use medbridge_core::model::*;
use medbridge_core::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A typed id that the store can turn into a database integer and back.
pub trait IdType: Copy + Send + Sync + std::fmt::Debug + 'static {
    fn raw(self) -> i64;
    fn from_raw(v: i64) -> Self;
}

macro_rules! id_types {
    ($($t:ty),*) => {$(
        impl IdType for $t {
            fn raw(self) -> i64 { self.0 }
            fn from_raw(v: i64) -> Self { Self(v) }
        }
    )*};
}
id_types!(
    OrgId,
    PersonId,
    ProductId,
    OpportunityId,
    EventId,
    AgreementId,
    RegistrationId,
    MeetingRequestId
);

/// Rows of a link table derived from the document, replaced on every write.
/// See [`Entity::figure_agreements`].
pub enum Figures {
    None,
    /// The agreement itself (its status, event, confidentiality or parties changed).
    Agreement(i64),
    /// Every agreement an organisation is party to (its country may have changed).
    PartiesOf(i64),
}

pub struct Child {
    pub table: &'static str,
    pub parent_column: &'static str,
    pub columns: &'static [&'static str],
    pub rows: Vec<Vec<Arg>>,
}

/// A reference from a field of the document to another record, checked before every write
/// so the error can name the field.
pub struct Reference {
    pub field: String,
    pub entity: &'static str,
    pub table: &'static str,
    pub id: i64,
}

pub trait Entity: Serialize + DeserializeOwned + Clone + Send + Sync + Unpin + 'static {
    type Id: IdType;
    /// Singular name used in messages, the audit log and URLs: `organisation`.
    const NAME: &'static str;
    const TABLE: &'static str;

    /// Validation beyond what parsing guarantees.
    fn check(&self) -> Result<(), FieldErrors>;
    /// The text lists sort on by name (lower-cased, best English-or-first version).
    fn sort_name(&self) -> String;
    /// All searchable text, lower-cased.
    fn search_text(&self) -> String;
    /// Projected columns besides data, name_sort, search, version and timestamps.
    fn columns(&self) -> Vec<(&'static str, Arg)>;
    fn children(&self) -> Vec<Child> {
        Vec::new()
    }
    fn references(&self) -> Vec<Reference> {
        Vec::new()
    }
    /// People this record says belong to an organisation: `(field, person, organisation)`,
    /// checked with the references (a delegate of another organisation's delegation, a
    /// meeting requested in someone else's name).
    fn affiliations(&self) -> Vec<(String, PersonId, OrgId)> {
        Vec::new()
    }
    /// The error for a write refused by the table's unique index (each table has at most one).
    fn unique_violation() -> FieldError {
        FieldError::new(
            "email",
            ErrorCode::Duplicate,
            format!("another {} already uses this e-mail address", Self::NAME),
        )
    }
    /// Rules about changing `before` into `self` (legal status transitions, say).
    fn check_change(&self, _before: &Self) -> Result<(), FieldErrors> {
        Ok(())
    }
    /// The needs whose funnel this record moves (a need itself, the need a meeting or an
    /// agreement is about), refreshed in the same transaction as every write of it.
    fn funnel_needs(&self, _id: i64) -> Vec<i64> {
        Vec::new()
    }
    /// The agreements whose per-country figures (`agreement_countries`) this write moves,
    /// refreshed in the same transaction.
    fn figure_agreements(&self, _id: i64) -> Figures {
        Figures::None
    }
    /// The organisation whose editors may change this record (None: secretariat only).
    fn owner(&self) -> Option<OrgId>;
    /// Appends `AND (...)` limiting rows to what `scope` may see.
    fn scope_sql(scope: Scope, sql: &mut Sql);
    /// Appends `AND (...)` for one filter, or says the filter does not apply.
    fn filter_sql(filter: &Filter, sql: &mut Sql) -> Result<(), FieldError>;
}

fn unsupported(f: &Filter, entity: &str) -> FieldError {
    FieldError::new(
        f.param(),
        ErrorCode::UnknownValue,
        format!("{entity}s cannot be filtered by {}", f.param()),
    )
}

fn text(s: impl Into<String>) -> Arg {
    Arg::Text(Some(s.into()))
}

fn opt_text(s: Option<impl ToString>) -> Arg {
    Arg::Text(s.map(|v| v.to_string()))
}

fn sort_key(t: &MultilingualText) -> String {
    t.best("en").to_lowercase()
}

fn search_of(parts: &[&MultilingualText]) -> String {
    parts
        .iter()
        .map(|t| t.search_text())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `AND search LIKE '%word%'` for every word, so "ct 128" finds "uCT 550 ... 128-slice".
fn text_filter(q: &str, sql: &mut Sql) {
    for word in q.split_whitespace().take(8) {
        let escaped = word
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        sql.push(" AND search LIKE ")
            .arg(text(format!("%{escaped}%")))
            .push(" ESCAPE '\\'");
    }
}

pub(crate) fn code_filter(outer: &str, table: &str, fk: &str, code: &DeviceCode, sql: &mut Sql) {
    sql.push(&format!(
        " AND EXISTS (SELECT 1 FROM {table} l WHERE l.{fk} = {outer}.id AND l.code"
    ));
    if code.scheme() == CodeScheme::Emdn {
        sql.push(" LIKE ").arg(text(format!("{code}%")));
    } else {
        sql.push(" = ").arg(text(code.to_string()));
    }
    sql.push(")");
}

fn org_ref(field: impl Into<String>, id: OrgId) -> Reference {
    Reference {
        field: field.into(),
        entity: "organisation",
        table: "organisations",
        id: id.0,
    }
}

fn codes_child(table: &'static str, fk: &'static str, codes: &[DeviceCode]) -> Child {
    Child {
        table,
        parent_column: fk,
        columns: &["code"],
        rows: codes.iter().map(|c| vec![text(c.to_string())]).collect(),
    }
}

fn countries_child(table: &'static str, fk: &'static str, countries: &[CountryCode]) -> Child {
    Child {
        table,
        parent_column: fk,
        columns: &["country"],
        rows: countries.iter().map(|c| vec![text(c.as_str())]).collect(),
    }
}

// ---------------------------------------------------------------- organisation

impl Entity for OrganisationData {
    type Id = OrgId;
    const NAME: &'static str = "organisation";
    const TABLE: &'static str = "organisations";

    fn figure_agreements(&self, id: i64) -> Figures {
        Figures::PartiesOf(id)
    }

    fn check(&self) -> Result<(), FieldErrors> {
        OrganisationData::check(self)
    }
    fn sort_name(&self) -> String {
        sort_key(&self.name)
    }
    fn search_text(&self) -> String {
        let mut s = search_of(&[&self.name, &self.description]);
        if let Some(c) = &self.city {
            s.push(' ');
            s.push_str(&c.to_lowercase());
        }
        s
    }
    fn columns(&self) -> Vec<(&'static str, Arg)> {
        vec![
            ("country", text(self.country.as_str())),
            ("kind", text(self.kind.as_str())),
            ("published", Arg::Bool(self.published)),
        ]
    }
    fn children(&self) -> Vec<Child> {
        vec![Child {
            table: "memberships",
            parent_column: "organisation_id",
            columns: &["alliance_id", "status"],
            rows: self
                .memberships
                .iter()
                .map(|m| vec![Arg::Int(Some(m.alliance_id.0)), text(m.status.as_str())])
                .collect(),
        }]
    }
    fn references(&self) -> Vec<Reference> {
        self.memberships
            .iter()
            .enumerate()
            .map(|(i, m)| org_ref(format!("memberships[{i}].alliance_id"), m.alliance_id))
            .collect()
    }
    fn owner(&self) -> Option<OrgId> {
        None
    }
    fn scope_sql(scope: Scope, sql: &mut Sql) {
        match scope {
            Scope::All => {}
            Scope::Public => {
                sql.push(" AND published = ").arg(Arg::Bool(true));
            }
            Scope::Member(org) => {
                sql.push(" AND (published = ")
                    .arg(Arg::Bool(true))
                    .push(" OR id = ")
                    .arg(Arg::Int(Some(org.0)))
                    .push(")");
            }
        }
    }
    fn filter_sql(f: &Filter, sql: &mut Sql) -> Result<(), FieldError> {
        match f {
            Filter::Text(q) => text_filter(q, sql),
            Filter::Country(c) => {
                sql.push(" AND country = ").arg(text(c.as_str()));
            }
            Filter::OrgKind(k) => {
                sql.push(" AND kind = ").arg(text(k.as_str()));
            }
            Filter::Alliance(a) => {
                sql.push(" AND EXISTS (SELECT 1 FROM memberships m WHERE m.organisation_id = organisations.id AND m.status = 'active' AND m.alliance_id = ").arg(Arg::Int(Some(a.0))).push(")");
            }
            other => return Err(unsupported(other, Self::NAME)),
        }
        Ok(())
    }
}

// ---------------------------------------------------------------- person

impl Entity for PersonData {
    type Id = PersonId;
    const NAME: &'static str = "person";
    const TABLE: &'static str = "people";

    fn check(&self) -> Result<(), FieldErrors> {
        PersonData::check(self)
    }
    fn sort_name(&self) -> String {
        self.name.to_lowercase()
    }
    fn search_text(&self) -> String {
        format!(
            "{} {}",
            self.name.to_lowercase(),
            self.position.as_deref().unwrap_or("").to_lowercase()
        )
    }
    fn columns(&self) -> Vec<(&'static str, Arg)> {
        vec![
            (
                "organisation_id",
                Arg::Int(self.organisation_id.map(|o| o.0)),
            ),
            ("email", opt_text(self.email.as_ref())),
            ("role", text(self.role.as_str())),
        ]
    }
    fn references(&self) -> Vec<Reference> {
        self.organisation_id
            .map(|o| org_ref("organisation_id", o))
            .into_iter()
            .collect()
    }
    fn owner(&self) -> Option<OrgId> {
        self.organisation_id
    }
    fn scope_sql(scope: Scope, sql: &mut Sql) {
        // People are visible to signed-in users only; their e-mail addresses are personal data.
        if scope == Scope::Public {
            sql.push(" AND 1 = 0");
        }
    }
    fn filter_sql(f: &Filter, sql: &mut Sql) -> Result<(), FieldError> {
        match f {
            Filter::Text(q) => text_filter(q, sql),
            Filter::Organisation(o) => {
                sql.push(" AND organisation_id = ").arg(Arg::Int(Some(o.0)));
            }
            other => return Err(unsupported(other, Self::NAME)),
        }
        Ok(())
    }
}

// ---------------------------------------------------------------- product

impl Entity for ProductData {
    type Id = ProductId;
    const NAME: &'static str = "product";
    const TABLE: &'static str = "products";

    fn check(&self) -> Result<(), FieldErrors> {
        ProductData::check(self)
    }
    fn sort_name(&self) -> String {
        sort_key(&self.name)
    }
    fn search_text(&self) -> String {
        search_of(&[&self.name, &self.description])
    }
    fn columns(&self) -> Vec<(&'static str, Arg)> {
        vec![
            ("supplier_id", Arg::Int(Some(self.supplier_id.0))),
            ("published", Arg::Bool(self.published)),
        ]
    }
    fn children(&self) -> Vec<Child> {
        vec![
            codes_child("product_codes", "product_id", &self.device_codes),
            countries_child("product_countries", "product_id", &self.service_countries),
        ]
    }
    fn references(&self) -> Vec<Reference> {
        vec![org_ref("supplier_id", self.supplier_id)]
    }
    fn owner(&self) -> Option<OrgId> {
        Some(self.supplier_id)
    }
    fn scope_sql(scope: Scope, sql: &mut Sql) {
        owned_scope(scope, sql, "products", "published = TRUE", "supplier_id");
    }
    fn filter_sql(f: &Filter, sql: &mut Sql) -> Result<(), FieldError> {
        match f {
            Filter::Text(q) => text_filter(q, sql),
            Filter::Country(c) => {
                sql.push(" AND EXISTS (SELECT 1 FROM product_countries l WHERE l.product_id = products.id AND l.country = ")
                    .arg(text(c.as_str()))
                    .push(")");
            }
            Filter::DeviceCode(c) => code_filter("products", "product_codes", "product_id", c, sql),
            Filter::Organisation(o) => {
                sql.push(" AND supplier_id = ").arg(Arg::Int(Some(o.0)));
            }
            other => return Err(unsupported(other, Self::NAME)),
        }
        Ok(())
    }
}

/// Limits rows owned by an organisation: the public sees those meeting `public_condition`
/// whose organisation is published; a member also sees everything of their own organisation.
fn owned_scope(
    scope: Scope,
    sql: &mut Sql,
    table: &str,
    public_condition: &str,
    owner_column: &str,
) {
    if scope == Scope::All {
        return;
    }
    sql.push(&format!(
        " AND (({public_condition} AND EXISTS (SELECT 1 FROM organisations o WHERE o.id = {table}.{owner_column} AND o.published = TRUE))"
    ));
    if let Scope::Member(org) = scope {
        sql.push(&format!(" OR {owner_column} = "))
            .arg(Arg::Int(Some(org.0)));
    }
    sql.push(")");
}

/// The visibility rule of needs, applied to their funnel rows (`need_funnel f`, which copies
/// the need's owner and status).
pub(crate) fn need_funnel_scope(scope: Scope, sql: &mut Sql) {
    owned_scope(scope, sql, "f", "f.status <> 'draft'", "f.organisation_id");
}

// ---------------------------------------------------------------- opportunity

impl Entity for OpportunityData {
    type Id = OpportunityId;
    const NAME: &'static str = "opportunity";
    const TABLE: &'static str = "opportunities";

    fn funnel_needs(&self, id: i64) -> Vec<i64> {
        // An offer turned into a need enters the funnel; a need turned into an offer leaves it.
        vec![id]
    }

    fn check(&self) -> Result<(), FieldErrors> {
        OpportunityData::check(self)
    }
    fn sort_name(&self) -> String {
        sort_key(&self.title)
    }
    fn search_text(&self) -> String {
        search_of(&[&self.title, &self.description])
    }
    fn columns(&self) -> Vec<(&'static str, Arg)> {
        vec![
            ("organisation_id", Arg::Int(Some(self.organisation_id.0))),
            ("direction", text(self.direction.as_str())),
            ("cooperation_type", text(self.cooperation_type.as_str())),
            ("status", text(self.status.as_str())),
            ("deadline", Arg::Date(self.deadline)),
        ]
    }
    fn children(&self) -> Vec<Child> {
        vec![
            codes_child("opportunity_codes", "opportunity_id", &self.device_codes),
            countries_child("opportunity_countries", "opportunity_id", &self.countries),
        ]
    }
    fn references(&self) -> Vec<Reference> {
        vec![org_ref("organisation_id", self.organisation_id)]
    }
    fn owner(&self) -> Option<OrgId> {
        Some(self.organisation_id)
    }
    fn scope_sql(scope: Scope, sql: &mut Sql) {
        owned_scope(
            scope,
            sql,
            "opportunities",
            "status <> 'draft'",
            "organisation_id",
        );
    }
    fn filter_sql(f: &Filter, sql: &mut Sql) -> Result<(), FieldError> {
        match f {
            Filter::Text(q) => text_filter(q, sql),
            Filter::Country(c) => {
                sql.push(
                    " AND EXISTS (SELECT 1 FROM opportunity_countries l WHERE l.opportunity_id = opportunities.id AND l.country = ",
                )
                .arg(text(c.as_str()))
                .push(")");
            }
            Filter::DeviceCode(c) => code_filter(
                "opportunities",
                "opportunity_codes",
                "opportunity_id",
                c,
                sql,
            ),
            Filter::Organisation(o) => {
                sql.push(" AND organisation_id = ").arg(Arg::Int(Some(o.0)));
            }
            Filter::Cooperation(c) => {
                sql.push(" AND cooperation_type = ").arg(text(c.as_str()));
            }
            Filter::Direction(d) => {
                sql.push(" AND direction = ").arg(text(d.as_str()));
            }
            Filter::OpportunityStatus(s) => {
                sql.push(" AND status = ").arg(text(s.as_str()));
            }
            other => return Err(unsupported(other, Self::NAME)),
        }
        Ok(())
    }
}

// ---------------------------------------------------------------- event

impl Entity for EventData {
    type Id = EventId;
    const NAME: &'static str = "event";
    const TABLE: &'static str = "events";

    fn check(&self) -> Result<(), FieldErrors> {
        EventData::check(self)
    }
    fn sort_name(&self) -> String {
        sort_key(&self.name)
    }
    fn search_text(&self) -> String {
        search_of(&[&self.name, &self.description])
    }
    fn columns(&self) -> Vec<(&'static str, Arg)> {
        vec![
            ("parent_id", Arg::Int(self.parent_id.map(|p| p.0))),
            ("kind", text(self.kind.as_str())),
            ("country", text(self.country.as_str())),
            ("starts_on", Arg::Date(Some(self.starts_on))),
            ("published", Arg::Bool(self.published)),
        ]
    }
    fn children(&self) -> Vec<Child> {
        vec![Child {
            table: "event_organisers",
            parent_column: "event_id",
            columns: &["organisation_id", "role"],
            rows: self
                .organisers
                .iter()
                .map(|o| vec![Arg::Int(Some(o.organisation_id.0)), text(o.role.as_str())])
                .collect(),
        }]
    }
    fn references(&self) -> Vec<Reference> {
        let mut refs: Vec<Reference> = self
            .organisers
            .iter()
            .enumerate()
            .map(|(i, o)| {
                org_ref(
                    format!("organisers[{i}].organisation_id"),
                    o.organisation_id,
                )
            })
            .collect();
        if let Some(p) = self.parent_id {
            refs.push(Reference {
                field: "parent_id".into(),
                entity: "event",
                table: "events",
                id: p.0,
            });
        }
        for (i, item) in self.agenda.iter().enumerate() {
            for (k, p) in item.speakers.iter().enumerate() {
                refs.push(person_ref(format!("agenda[{i}].speakers[{k}]"), *p));
            }
        }
        refs
    }
    fn owner(&self) -> Option<OrgId> {
        None
    }
    fn scope_sql(scope: Scope, sql: &mut Sql) {
        if scope != Scope::All {
            sql.push(" AND published = ").arg(Arg::Bool(true));
        }
    }
    fn filter_sql(f: &Filter, sql: &mut Sql) -> Result<(), FieldError> {
        match f {
            Filter::Text(q) => text_filter(q, sql),
            Filter::Country(c) => {
                sql.push(" AND country = ").arg(text(c.as_str()));
            }
            Filter::EventKind(k) => {
                sql.push(" AND kind = ").arg(text(k.as_str()));
            }
            Filter::Organisation(o) => {
                sql.push(
                    " AND EXISTS (SELECT 1 FROM event_organisers l WHERE l.event_id = events.id AND l.organisation_id = ",
                )
                .arg(Arg::Int(Some(o.0)))
                .push(")");
            }
            Filter::Event(parent) => {
                sql.push(" AND parent_id = ").arg(Arg::Int(Some(parent.0)));
            }
            other => return Err(unsupported(other, Self::NAME)),
        }
        Ok(())
    }
}

// ---------------------------------------------------------------- agreement

impl Entity for AgreementData {
    type Id = AgreementId;
    const NAME: &'static str = "agreement";
    const TABLE: &'static str = "agreements";

    fn figure_agreements(&self, id: i64) -> Figures {
        Figures::Agreement(id)
    }

    fn funnel_needs(&self, _id: i64) -> Vec<i64> {
        self.origin.need_id.map(|n| n.0).into_iter().collect()
    }

    fn check(&self) -> Result<(), FieldErrors> {
        AgreementData::check(self)
    }
    fn check_change(&self, before: &Self) -> Result<(), FieldErrors> {
        AgreementData::check_change(self, before)
    }
    fn sort_name(&self) -> String {
        sort_key(&self.title)
    }
    fn search_text(&self) -> String {
        search_of(&[&self.title, &self.description])
    }
    fn columns(&self) -> Vec<(&'static str, Arg)> {
        vec![
            ("kind", text(self.kind.as_str())),
            ("status", text(self.status.as_str())),
            ("event_id", Arg::Int(self.event_id.map(|e| e.0))),
            ("signed_on", Arg::Date(self.signed_on)),
            ("ends_on", Arg::Date(self.ends_on)),
            ("confidential", Arg::Bool(self.confidential)),
            ("need_id", Arg::Int(self.origin.need_id.map(|o| o.0))),
        ]
    }
    fn children(&self) -> Vec<Child> {
        vec![
            Child {
                table: "agreement_parties",
                parent_column: "agreement_id",
                columns: &["organisation_id", "role"],
                rows: self
                    .parties
                    .iter()
                    .map(|p| {
                        vec![
                            Arg::Int(Some(p.organisation_id.0)),
                            opt_text(p.role.as_ref()),
                        ]
                    })
                    .collect(),
            },
            Child {
                table: "agreement_milestones",
                parent_column: "agreement_id",
                columns: &["position", "owner_id", "due_on", "completed_on"],
                rows: self
                    .milestones
                    .iter()
                    .enumerate()
                    .map(|(i, m)| {
                        vec![
                            Arg::Int(Some(i as i64)),
                            Arg::Int(m.owner_id.map(|o| o.0)),
                            Arg::Date(Some(m.due_on)),
                            Arg::Date(m.completed_on),
                        ]
                    })
                    .collect(),
            },
        ]
    }
    fn references(&self) -> Vec<Reference> {
        let mut refs: Vec<Reference> = self
            .parties
            .iter()
            .enumerate()
            .map(|(i, p)| org_ref(format!("parties[{i}].organisation_id"), p.organisation_id))
            .collect();
        if let Some(e) = self.event_id {
            refs.push(Reference {
                field: "event_id".into(),
                entity: "event",
                table: "events",
                id: e.0,
            });
        }
        for (field, id) in [
            ("origin.need_id", self.origin.need_id),
            ("origin.offer_id", self.origin.offer_id),
        ] {
            if let Some(id) = id {
                refs.push(Reference {
                    field: field.into(),
                    entity: "opportunity",
                    table: "opportunities",
                    id: id.0,
                });
            }
        }
        if let Some(p) = self.origin.product_id {
            refs.push(Reference {
                field: "origin.product_id".into(),
                entity: "product",
                table: "products",
                id: p.0,
            });
        }
        refs
    }
    fn owner(&self) -> Option<OrgId> {
        None
    }
    fn scope_sql(scope: Scope, sql: &mut Sql) {
        match scope {
            Scope::All => {}
            Scope::Public => {
                sql.push(" AND status <> 'draft' AND confidential = FALSE");
            }
            Scope::Member(org) => {
                // Drafts and confidential agreements: the parties (and the secretariat) only.
                sql.push(" AND ((status <> 'draft' AND confidential = FALSE) OR EXISTS (SELECT 1 FROM agreement_parties l WHERE l.agreement_id = agreements.id AND l.organisation_id = ")
                    .arg(Arg::Int(Some(org.0)))
                    .push("))");
            }
        }
    }
    fn filter_sql(f: &Filter, sql: &mut Sql) -> Result<(), FieldError> {
        match f {
            Filter::Text(q) => text_filter(q, sql),
            Filter::AgreementKind(k) => {
                sql.push(" AND kind = ").arg(text(k.as_str()));
            }
            Filter::AgreementStatus(s) => {
                sql.push(" AND status = ").arg(text(s.as_str()));
            }
            Filter::Event(e) => {
                sql.push(" AND event_id = ").arg(Arg::Int(Some(e.0)));
            }
            Filter::Organisation(o) => {
                sql.push(" AND EXISTS (SELECT 1 FROM agreement_parties l WHERE l.agreement_id = agreements.id AND l.organisation_id = ").arg(Arg::Int(Some(o.0))).push(")");
            }
            Filter::Country(c) => {
                sql.push(" AND EXISTS (SELECT 1 FROM agreement_parties ap JOIN organisations o ON o.id = ap.organisation_id WHERE ap.agreement_id = agreements.id AND o.country = ")
                    .arg(text(c.as_str()))
                    .push(")");
            }
            other => return Err(unsupported(other, Self::NAME)),
        }
        Ok(())
    }
}

// ---------------------------------------------------------------- registration

fn person_ref(field: impl Into<String>, id: PersonId) -> Reference {
    Reference {
        field: field.into(),
        entity: "person",
        table: "people",
        id: id.0,
    }
}

fn event_ref(field: impl Into<String>, id: EventId) -> Reference {
    Reference {
        field: field.into(),
        entity: "event",
        table: "events",
        id: id.0,
    }
}

impl Entity for RegistrationData {
    type Id = RegistrationId;
    const NAME: &'static str = "registration";
    const TABLE: &'static str = "registrations";

    fn check(&self) -> Result<(), FieldErrors> {
        RegistrationData::check(self)
    }
    fn unique_violation() -> FieldError {
        FieldError::new(
            "organisation_id",
            ErrorCode::Duplicate,
            "this organisation is already registered for this event; add delegates to its registration",
        )
    }
    fn sort_name(&self) -> String {
        format!("{:012}", self.organisation_id.0)
    }
    fn search_text(&self) -> String {
        self.note.clone().unwrap_or_default().to_lowercase()
    }
    fn columns(&self) -> Vec<(&'static str, Arg)> {
        vec![
            ("event_id", Arg::Int(Some(self.event_id.0))),
            ("organisation_id", Arg::Int(Some(self.organisation_id.0))),
            ("status", text(self.status.as_str())),
        ]
    }
    fn children(&self) -> Vec<Child> {
        vec![Child {
            table: "registration_delegates",
            parent_column: "registration_id",
            columns: &["person_id", "role"],
            rows: self
                .delegates
                .iter()
                .map(|d| vec![Arg::Int(Some(d.person_id.0)), text(d.role.as_str())])
                .collect(),
        }]
    }
    fn references(&self) -> Vec<Reference> {
        let mut refs = vec![
            event_ref("event_id", self.event_id),
            org_ref("organisation_id", self.organisation_id),
        ];
        refs.extend(
            self.delegates
                .iter()
                .enumerate()
                .map(|(i, d)| person_ref(format!("delegates[{i}].person_id"), d.person_id)),
        );
        refs
    }
    fn affiliations(&self) -> Vec<(String, PersonId, OrgId)> {
        self.delegates
            .iter()
            .enumerate()
            .map(|(i, d)| {
                (
                    format!("delegates[{i}].person_id"),
                    d.person_id,
                    self.organisation_id,
                )
            })
            .collect()
    }
    fn owner(&self) -> Option<OrgId> {
        Some(self.organisation_id)
    }
    fn scope_sql(scope: Scope, sql: &mut Sql) {
        // Approved delegations are public (who comes to the event); the rest, their own
        // organisation and the secretariat.
        match scope {
            Scope::All => {}
            Scope::Public => {
                sql.push(" AND status = 'approved'");
            }
            Scope::Member(org) => {
                sql.push(" AND (status = 'approved' OR organisation_id = ")
                    .arg(Arg::Int(Some(org.0)))
                    .push(")");
            }
        }
    }
    fn filter_sql(f: &Filter, sql: &mut Sql) -> Result<(), FieldError> {
        match f {
            Filter::Event(e) => {
                sql.push(" AND event_id = ").arg(Arg::Int(Some(e.0)));
            }
            Filter::Organisation(o) => {
                sql.push(" AND organisation_id = ").arg(Arg::Int(Some(o.0)));
            }
            Filter::RegistrationStatus(s) => {
                sql.push(" AND status = ").arg(text(s.as_str()));
            }
            Filter::Person(p) => {
                sql.push(" AND EXISTS (SELECT 1 FROM registration_delegates d WHERE d.registration_id = registrations.id AND d.person_id = ")
                    .arg(Arg::Int(Some(p.0)))
                    .push(")");
            }
            other => return Err(unsupported(other, Self::NAME)),
        }
        Ok(())
    }
}

// ---------------------------------------------------------------- meeting request

impl Entity for MeetingRequestData {
    type Id = MeetingRequestId;
    const NAME: &'static str = "meeting_request";
    const TABLE: &'static str = "meeting_requests";

    fn funnel_needs(&self, _id: i64) -> Vec<i64> {
        self.opportunity_id.map(|n| n.0).into_iter().collect()
    }

    fn check(&self) -> Result<(), FieldErrors> {
        MeetingRequestData::check(self)
    }
    fn check_change(&self, before: &Self) -> Result<(), FieldErrors> {
        MeetingRequestData::check_change(self, before)
    }
    fn sort_name(&self) -> String {
        // Scheduled meetings in slot order, then the rest.
        match self.placement {
            Some(p) => format!("{:04}-{:05}", p.slot, p.table),
            None => "9999".into(),
        }
    }
    fn search_text(&self) -> String {
        self.message.clone().unwrap_or_default().to_lowercase()
    }
    fn columns(&self) -> Vec<(&'static str, Arg)> {
        vec![
            ("event_id", Arg::Int(Some(self.event_id.0))),
            ("from_person", Arg::Int(Some(self.from_person.0))),
            (
                "from_organisation",
                Arg::Int(Some(self.from_organisation.0)),
            ),
            ("to_person", Arg::Int(Some(self.to_person.0))),
            ("to_organisation", Arg::Int(Some(self.to_organisation.0))),
            ("status", text(self.status.as_str())),
            ("slot", Arg::Int(self.placement.map(|p| p.slot.into()))),
            ("held", Arg::OptBool(self.outcome.as_ref().map(|o| o.held))),
            ("opportunity_id", Arg::Int(self.opportunity_id.map(|o| o.0))),
            (
                "follow_up",
                Arg::OptBool(self.outcome.as_ref().map(|o| o.follow_up)),
            ),
        ]
    }
    fn references(&self) -> Vec<Reference> {
        let mut refs = vec![
            event_ref("event_id", self.event_id),
            person_ref("from_person", self.from_person),
            org_ref("from_organisation", self.from_organisation),
            person_ref("to_person", self.to_person),
            org_ref("to_organisation", self.to_organisation),
        ];
        if let Some(o) = self.opportunity_id {
            refs.push(Reference {
                field: "opportunity_id".into(),
                entity: "opportunity",
                table: "opportunities",
                id: o.0,
            });
        }
        refs
    }
    fn affiliations(&self) -> Vec<(String, PersonId, OrgId)> {
        vec![
            (
                "from_person".into(),
                self.from_person,
                self.from_organisation,
            ),
            ("to_person".into(), self.to_person, self.to_organisation),
        ]
    }
    fn owner(&self) -> Option<OrgId> {
        Some(self.from_organisation)
    }
    fn scope_sql(scope: Scope, sql: &mut Sql) {
        // A request concerns its two organisations (and the organisers) only.
        match scope {
            Scope::All => {}
            Scope::Public => {
                sql.push(" AND 1 = 0");
            }
            Scope::Member(org) => {
                sql.push(" AND (from_organisation = ")
                    .arg(Arg::Int(Some(org.0)))
                    .push(" OR to_organisation = ")
                    .arg(Arg::Int(Some(org.0)))
                    .push(")");
            }
        }
    }
    fn filter_sql(f: &Filter, sql: &mut Sql) -> Result<(), FieldError> {
        match f {
            Filter::Event(e) => {
                sql.push(" AND event_id = ").arg(Arg::Int(Some(e.0)));
            }
            Filter::Organisation(o) => {
                sql.push(" AND (from_organisation = ")
                    .arg(Arg::Int(Some(o.0)))
                    .push(" OR to_organisation = ")
                    .arg(Arg::Int(Some(o.0)))
                    .push(")");
            }
            Filter::Person(p) => {
                sql.push(" AND (from_person = ")
                    .arg(Arg::Int(Some(p.0)))
                    .push(" OR to_person = ")
                    .arg(Arg::Int(Some(p.0)))
                    .push(")");
            }
            Filter::MeetingStatus(s) => {
                sql.push(" AND status = ").arg(text(s.as_str()));
            }
            other => return Err(unsupported(other, Self::NAME)),
        }
        Ok(())
    }
}
