// The query code shared by both backends. This file is included by `sqlite.rs` and
// `postgres.rs`, each of which defines `Db`, `BEGIN` and `MIGRATOR` first; everything here
// must therefore be valid SQL for both (`$n` placeholders, RETURNING, standard types).

use crate::entity::{Entity, IdType};
use crate::query::{Arg, AuditEntry, ListQuery, LoginRecord, Scope, SessionRecord, SortField, Sql};
use crate::{Actor, StoreError};
use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use medbridge_core::model::{AgreementData, Record, Role};
use medbridge_core::{Cursor, Email, FieldError, FieldErrors, OrgId, Page, PersonId, SortOrder};
use sqlx::types::Json;
use std::collections::HashSet;
use sqlx::{Executor, Row};

type Tx = sqlx::Transaction<'static, Db>;
/// One link table's rows gathered for a whole bulk-load chunk: table, parent column, columns,
/// and (parent id, cells) per row.
type ChildBatch = (&'static str, &'static str, &'static [&'static str], Vec<(i64, Vec<Arg>)>);
type DbRow = <Db as sqlx::Database>::Row;
/// The rows of `agreement_countries` (migration 0011) as the records give them; callers add
/// a `WHERE` on `a` to limit it to some agreements.
const AGREEMENT_COUNTRIES: &str = "SELECT DISTINCT a.id, o.country, a.status, a.confidential, a.event_id FROM agreements a JOIN agreement_parties ap ON ap.agreement_id = a.id JOIN organisations o ON o.id = ap.organisation_id";

#[derive(Clone, Debug)]
pub struct Backend {
    pool: sqlx::Pool<Db>,
}

/// Timestamps are kept to the microsecond, what PostgreSQL stores, so both backends return
/// exactly what was written.
fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

fn bind_all<'q>(
    mut q: sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments<'q>>,
    args: &'q [Arg],
) -> sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments<'q>> {
    for a in args {
        q = match a {
            Arg::Text(v) => q.bind(v.as_deref()),
            Arg::Int(v) => q.bind(*v),
            Arg::Bool(v) => q.bind(*v),
            Arg::Date(v) => q.bind(*v),
            Arg::OptBool(v) => q.bind(*v),
            Arg::Timestamp(v) => q.bind(*v),
        };
    }
    q
}

/// `q` with `ids` bound as `$1..$n`.
fn bind_ids<'q>(q: &'q str, ids: &[i64]) -> sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments<'q>> {
    let mut q = sqlx::query(q);
    for id in ids {
        q = q.bind(*id);
    }
    q
}

fn decode_record<E: Entity>(row: &DbRow) -> Result<Record<E::Id, E>, StoreError> {
    let id: i64 = row.try_get("id")?;
    let data: Json<serde_json::Value> = row.try_get("data")?;
    let data: E = serde_json::from_value(data.0).map_err(|e| StoreError::Corrupt { entity: E::NAME, id, message: e.to_string() })?;
    Ok(Record {
        id: E::Id::from_raw(id),
        version: row.try_get("version")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        data,
    })
}

fn is_fk_violation(e: &sqlx::Error) -> bool {
    e.as_database_error().is_some_and(|d| d.is_foreign_key_violation())
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error().is_some_and(|d| d.is_unique_violation())
}

fn role_of(s: &str) -> Role {
    s.parse().unwrap_or(Role::Contact)
}

impl Backend {
    pub async fn migrate(&self) -> Result<(), StoreError> {
        MIGRATOR.run(&self.pool).await?;
        // Needs from before the funnel table, or bulk-loaded without it, get their rows now.
        self.rebuild_funnel(true).await?;
        if OPTIMIZE_AT_START {
            self.optimize().await?;
        }
        Ok(())
    }

    /// Updates the query planner's statistics: without them SQLite sorts whole tables for a
    /// page of 50. Run at start and after bulk writes.
    pub async fn optimize(&self) -> Result<(), StoreError> {
        sqlx::query(OPTIMIZE).execute(&self.pool).await?;
        if let Some(reload) = RELOAD_STATS {
            // Every idle connection, each held until all are done so none comes twice;
            // one busy elsewhere keeps its statistics until it is recycled.
            let mut held = Vec::new();
            while let Some(mut conn) = self.pool.try_acquire() {
                sqlx::query(reload).execute(&mut *conn).await?;
                held.push(conn);
            }
        }
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    async fn begin(&self) -> Result<Tx, StoreError> {
        Ok(self.pool.begin_with(BEGIN).await?)
    }

    // ---------------------------------------------------------------- generic entity code

    /// Checks every reference of `data`. `known` holds references already found in this
    /// transaction, so a bulk import of many rows of one supplier looks it up once.
    async fn check_references<E: Entity>(tx: &mut Tx, data: &E, known: &mut HashSet<(&'static str, i64)>) -> Result<(), StoreError> {
        let mut errs = FieldErrors::default();
        for r in data.references() {
            if known.contains(&(r.table, r.id)) {
                continue;
            }
            let found = sqlx::query(&format!("SELECT 1 FROM {} WHERE id = $1", r.table)).bind(r.id).fetch_optional(&mut **tx).await?;
            if found.is_none() {
                errs.push(crate::error::missing_reference(&r.field, r.entity, r.id));
            } else {
                known.insert((r.table, r.id));
            }
        }
        // Only when every referenced record exists: otherwise the missing one is the error.
        if errs.0.is_empty() {
            for (field, person, org) in data.affiliations() {
                let found = sqlx::query("SELECT 1 FROM people WHERE id = $1 AND organisation_id = $2").bind(person.0).bind(org.0).fetch_optional(&mut **tx).await?;
                if found.is_none() {
                    errs.push(FieldError::new(field, medbridge_core::ErrorCode::UnknownValue, format!("person {} does not belong to organisation {}", person.0, org.0)));
                }
            }
        }
        errs.into_result().map_err(StoreError::Invalid)
    }

    async fn write_children<E: Entity>(tx: &mut Tx, id: i64, data: &E, replace: bool) -> Result<(), StoreError> {
        for child in data.children() {
            if replace {
                sqlx::query(&format!("DELETE FROM {} WHERE {} = $1", child.table, child.parent_column)).bind(id).execute(&mut **tx).await?;
            }
            if child.rows.is_empty() {
                continue;
            }
            // One statement per link table: a product's codes and countries go in together.
            let width = child.columns.len() + 1;
            let mut stmt = format!("INSERT INTO {} ({}, {}) VALUES ", child.table, child.parent_column, child.columns.join(", "));
            for r in 0..child.rows.len() {
                let cells: Vec<String> = (1..=width).map(|c| format!("${}", r * width + c)).collect();
                stmt.push_str(&format!("{}({})", if r == 0 { "" } else { ", " }, cells.join(", ")));
            }
            let mut q = sqlx::query(&stmt);
            for row in &child.rows {
                q = bind_all(q.bind(id), row);
            }
            q.execute(&mut **tx).await?;
        }
        Ok(())
    }

    async fn audit(tx: &mut Tx, actor: &Actor, action: &str, entity: &str, id: i64, before: Option<serde_json::Value>, after: Option<serde_json::Value>) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO audit_log (at, actor_id, actor, action, entity, entity_id, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
            .bind(now())
            .bind(actor.person.map(|p| p.0))
            .bind(&actor.label)
            .bind(action)
            .bind(entity)
            .bind(id)
            .bind(before.map(Json))
            .bind(after.map(Json))
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    async fn insert<E: Entity>(tx: &mut Tx, actor: &Actor, data: &E, known: &mut HashSet<(&'static str, i64)>) -> Result<Record<E::Id, E>, StoreError> {
        data.check().map_err(StoreError::Invalid)?;
        Self::check_references(tx, data, known).await?;
        let at = now();
        let doc = serde_json::to_value(data).expect("entities serialise");
        let cols = data.columns();
        let mut sql = Sql::new(&format!("INSERT INTO {} (data, name_sort, search, version, created_at, updated_at", E::TABLE));
        for (c, _) in &cols {
            sql.push(", ").push(c);
        }
        let n = cols.len();
        sql.push(") VALUES ($1, $2, $3, 1, $4, $4");
        for i in 0..n {
            sql.push(&format!(", ${}", i + 5));
        }
        sql.push(") RETURNING id");
        let mut q = sqlx::query(&sql.text).bind(Json(&doc)).bind(data.sort_name()).bind(data.search_text()).bind(at);
        let args: Vec<Arg> = cols.into_iter().map(|(_, a)| a).collect();
        q = bind_all(q, &args);
        let row = q.fetch_one(&mut **tx).await.map_err(|e| Self::map_write_error::<E>(e))?;
        let id: i64 = row.try_get("id")?;
        Self::write_children(tx, id, data, false).await?;
        Self::audit(tx, actor, "create", E::NAME, id, None, Some(doc)).await?;
        Self::refresh_funnel(tx, &data.funnel_needs(id)).await?;
        Self::refresh_figures(tx, data.figure_agreements(id)).await?;
        Ok(Record { id: E::Id::from_raw(id), version: 1, created_at: at, updated_at: at, data: data.clone() })
    }

    fn map_write_error<E: Entity>(e: sqlx::Error) -> StoreError {
        if is_unique_violation(&e) {
            StoreError::Invalid(E::unique_violation().into())
        } else {
            StoreError::Database(e)
        }
    }

    pub async fn create<E: Entity>(&self, actor: &Actor, data: E) -> Result<Record<E::Id, E>, StoreError> {
        let mut tx = self.begin().await?;
        let rec = Self::insert(&mut tx, actor, &data, &mut HashSet::new()).await?;
        tx.commit().await?;
        Ok(rec)
    }

    pub async fn create_many<E: Entity>(&self, actor: &Actor, rows: Vec<E>, progress: &(dyn Fn(usize) + Sync)) -> Result<Vec<E::Id>, StoreError> {
        let mut tx = self.begin().await?;
        let mut ids = Vec::with_capacity(rows.len());
        let mut known = HashSet::new();
        for (i, data) in rows.iter().enumerate() {
            // Name the row (`[i].field`) so a caller such as an import can point at its line.
            let rec = Self::insert(&mut tx, actor, data, &mut known).await.map_err(|e| match e {
                StoreError::Invalid(errs) => StoreError::Invalid(FieldErrors(errs.0.into_iter().map(|f| f.under(&format!("[{i}]"))).collect())),
                other => other,
            })?;
            ids.push(rec.id);
            if i % 500 == 499 {
                progress(i + 1);
            }
        }
        tx.commit().await?;
        if rows.len() >= 1000 {
            self.optimize().await?;
        }
        progress(rows.len());
        Ok(ids)
    }

    /// Loads many records fast, for generators and benchmarks: ids assigned here, multi-row
    /// INSERTs for the records and their link tables, each record's `check()` run, references
    /// left to the database's foreign keys, and no audit entries (nobody wrote these).
    /// `created_at` is given per record, so generated histories span months. One transaction.
    /// The funnel is not refreshed row by row: call [`Self::rebuild_funnel`] when done.
    pub async fn bulk_load<E: Entity>(&self, rows: &[(E, DateTime<Utc>)]) -> Result<Vec<E::Id>, StoreError> {
        for (i, (data, _)) in rows.iter().enumerate() {
            data.check().map_err(|e| StoreError::Invalid(FieldErrors(e.0.into_iter().map(|f| f.under(&format!("[{i}]"))).collect())))?;
        }
        let mut tx = self.begin().await?;
        let first: i64 = sqlx::query(&format!("SELECT COALESCE(MAX(id), 0) + 1 AS n FROM {}", E::TABLE)).fetch_one(&mut *tx).await?.try_get("n")?;
        let mut ids = Vec::with_capacity(rows.len());
        const CHUNK: usize = 200;
        for (c, chunk) in rows.chunks(CHUNK).enumerate() {
            let base_id = first + (c * CHUNK) as i64;
            let names: Vec<&'static str> = chunk[0].0.columns().into_iter().map(|(n, _)| n).collect();
            let width = 7 + names.len();
            let mut stmt = format!("INSERT INTO {} (id, data, name_sort, search, version, created_at, updated_at", E::TABLE);
            for n in &names {
                stmt.push_str(", ");
                stmt.push_str(n);
            }
            stmt.push_str(") VALUES ");
            for r in 0..chunk.len() {
                let cells: Vec<String> = (1..=width).map(|k| format!("${}", r * width + k)).collect();
                stmt.push_str(&format!("{}({})", if r == 0 { "" } else { ", " }, cells.join(", ")));
            }
            let docs: Vec<serde_json::Value> = chunk.iter().map(|(d, _)| serde_json::to_value(d).expect("entities serialise")).collect();
            let cols: Vec<Vec<Arg>> = chunk.iter().map(|(d, _)| d.columns().into_iter().map(|(_, a)| a).collect()).collect();
            let mut q = sqlx::query(&stmt);
            for (k, (data, at)) in chunk.iter().enumerate() {
                let at = at.trunc_subsecs(6);
                q = q.bind(base_id + k as i64).bind(Json(&docs[k])).bind(data.sort_name()).bind(data.search_text()).bind(1i64).bind(at).bind(at);
                q = bind_all(q, &cols[k]);
            }
            q.execute(&mut *tx).await.map_err(|e| Self::map_write_error::<E>(e))?;
            // Link tables: all rows of one table for the whole chunk in one statement.
            let mut children: Vec<ChildBatch> = Vec::new();
            for (k, (data, _)) in chunk.iter().enumerate() {
                for child in data.children() {
                    let pos = match children.iter().position(|(t, ..)| *t == child.table) {
                        Some(p) => p,
                        None => {
                            children.push((child.table, child.parent_column, child.columns, Vec::new()));
                            children.len() - 1
                        }
                    };
                    children[pos].3.extend(child.rows.into_iter().map(|r| (base_id + k as i64, r)));
                }
            }
            for (table, parent, columns, child_rows) in &children {
                for part in child_rows.chunks(1000) {
                    let w = columns.len() + 1;
                    let mut stmt = format!("INSERT INTO {table} ({parent}, {}) VALUES ", columns.join(", "));
                    for r in 0..part.len() {
                        let cells: Vec<String> = (1..=w).map(|k| format!("${}", r * w + k)).collect();
                        stmt.push_str(&format!("{}({})", if r == 0 { "" } else { ", " }, cells.join(", ")));
                    }
                    let mut q = sqlx::query(&stmt);
                    for (id, row) in part {
                        q = bind_all(q.bind(*id), row);
                    }
                    q.execute(&mut *tx).await?;
                }
            }
            ids.extend((0..chunk.len()).map(|k| E::Id::from_raw(base_id + k as i64)));
        }
        if let Some(resequence) = RESEQUENCE {
            sqlx::query(&resequence.replace("{table}", E::TABLE)).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(ids)
    }

    pub async fn get<E: Entity>(&self, id: E::Id, scope: Scope) -> Result<Record<E::Id, E>, StoreError> {
        let mut sql = Sql::new(&format!("SELECT id, version, created_at, updated_at, data FROM {} WHERE id = ", E::TABLE));
        sql.arg(Arg::Int(Some(id.raw())));
        E::scope_sql(scope, &mut sql);
        let row = bind_all(sqlx::query(&sql.text), &sql.args)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound { entity: E::NAME, id: id.raw() })?;
        decode_record(&row)
    }

    async fn current_version<E: Entity>(tx: &mut Tx, id: i64) -> Result<(i64, serde_json::Value), StoreError> {
        let row = sqlx::query(&format!("SELECT version, data FROM {} WHERE id = $1", E::TABLE))
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(StoreError::NotFound { entity: E::NAME, id })?;
        let data: Json<serde_json::Value> = row.try_get("data")?;
        Ok((row.try_get("version")?, data.0))
    }

    pub async fn update<E: Entity>(&self, actor: &Actor, id: E::Id, expected_version: i64, data: E) -> Result<Record<E::Id, E>, StoreError> {
        data.check().map_err(StoreError::Invalid)?;
        let mut tx = self.begin().await?;
        let rec = Self::update_in(&mut tx, actor, id, expected_version, data).await?;
        tx.commit().await?;
        Ok(rec)
    }

    /// Several updates in one transaction: all of them or none (a scheduler run, say).
    pub async fn update_many<E: Entity>(&self, actor: &Actor, rows: Vec<(E::Id, i64, E)>) -> Result<Vec<Record<E::Id, E>>, StoreError> {
        for (_, _, data) in &rows {
            data.check().map_err(StoreError::Invalid)?;
        }
        let mut tx = self.begin().await?;
        let mut out = Vec::with_capacity(rows.len());
        for (id, version, data) in rows {
            out.push(Self::update_in(&mut tx, actor, id, version, data).await?);
        }
        tx.commit().await?;
        Ok(out)
    }

    async fn update_in<E: Entity>(tx: &mut Tx, actor: &Actor, id: E::Id, expected_version: i64, data: E) -> Result<Record<E::Id, E>, StoreError> {
        let (current, before) = Self::current_version::<E>(tx, id.raw()).await?;
        if current != expected_version {
            return Err(StoreError::Conflict { entity: E::NAME, id: id.raw(), sent: expected_version, current });
        }
        let previous: E = serde_json::from_value(before.clone()).map_err(|e| StoreError::Corrupt { entity: E::NAME, id: id.raw(), message: e.to_string() })?;
        data.check_change(&previous).map_err(StoreError::Invalid)?;
        Self::check_references(tx, &data, &mut HashSet::new()).await?;
        let at = now();
        let doc = serde_json::to_value(&data).expect("entities serialise");
        let cols = data.columns();
        let mut sql = Sql::new(&format!("UPDATE {} SET data = $1, name_sort = $2, search = $3, updated_at = $4, version = version + 1", E::TABLE));
        for (i, (c, _)) in cols.iter().enumerate() {
            sql.push(&format!(", {c} = ${}", i + 5));
        }
        let n = cols.len();
        sql.push(&format!(" WHERE id = ${} AND version = ${} RETURNING created_at, version", n + 5, n + 6));
        let args: Vec<Arg> = cols.into_iter().map(|(_, a)| a).collect();
        let q = bind_all(sqlx::query(&sql.text).bind(Json(&doc)).bind(data.sort_name()).bind(data.search_text()).bind(at), &args)
            .bind(id.raw())
            .bind(expected_version);
        let Some(row) = q.fetch_optional(&mut **tx).await.map_err(|e| Self::map_write_error::<E>(e))? else {
            // Another writer got in between the read and the update (PostgreSQL, READ COMMITTED).
            return Err(StoreError::Conflict { entity: E::NAME, id: id.raw(), sent: expected_version, current: expected_version + 1 });
        };
        Self::write_children(tx, id.raw(), &data, true).await?;
        Self::audit(tx, actor, "update", E::NAME, id.raw(), Some(before), Some(doc)).await?;
        let mut needs = previous.funnel_needs(id.raw());
        needs.extend(data.funnel_needs(id.raw()));
        Self::refresh_funnel(tx, &needs).await?;
        Self::refresh_figures(tx, data.figure_agreements(id.raw())).await?;
        Ok(Record { id, version: row.try_get("version")?, created_at: row.try_get("created_at")?, updated_at: at, data })
    }

    pub async fn delete<E: Entity>(&self, actor: &Actor, id: E::Id, expected_version: Option<i64>) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let (current, before) = Self::current_version::<E>(&mut tx, id.raw()).await?;
        if let Some(v) = expected_version.filter(|v| *v != current) {
            return Err(StoreError::Conflict { entity: E::NAME, id: id.raw(), sent: v, current });
        }
        let res = sqlx::query(&format!("DELETE FROM {} WHERE id = $1", E::TABLE)).bind(id.raw()).execute(&mut *tx).await;
        if let Err(e) = res {
            return Err(if is_fk_violation(&e) {
                StoreError::InUse { entity: E::NAME, id: id.raw(), detail: "products, needs, offers, people, events or agreements point to it".into() }
            } else {
                e.into()
            });
        }
        let needs = serde_json::from_value::<E>(before.clone()).map(|e| e.funnel_needs(id.raw())).unwrap_or_default();
        Self::audit(&mut tx, actor, "delete", E::NAME, id.raw(), Some(before), None).await?;
        Self::refresh_funnel(&mut tx, &needs).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn list<E: Entity>(&self, q: &ListQuery, scope: Scope) -> Result<Page<Record<E::Id, E>>, StoreError> {
        let mut sql = Sql::new(&format!("SELECT id, version, created_at, updated_at, data, name_sort FROM {} WHERE 1 = 1", E::TABLE));
        E::scope_sql(scope, &mut sql);
        let mut errs = FieldErrors::default();
        for f in &q.filters {
            if let Err(e) = E::filter_sql(f, &mut sql) {
                errs.push(e);
            }
        }
        errs.into_result().map_err(StoreError::Invalid)?;
        let (cmp, dir) = match q.order {
            SortOrder::Asc => (">", "ASC"),
            SortOrder::Desc => ("<", "DESC"),
        };
        if let Some(c) = &q.cursor {
            match q.sort {
                SortField::Name => {
                    sql.push(&format!(" AND (name_sort {cmp} ")).arg(Arg::Text(Some(c.key.clone())));
                    sql.push(" OR (name_sort = ").arg(Arg::Text(Some(c.key.clone())));
                    sql.push(&format!(" AND id {cmp} ")).arg(Arg::Int(Some(c.id))).push("))");
                }
                SortField::Created => {
                    sql.push(&format!(" AND id {cmp} ")).arg(Arg::Int(Some(c.id)));
                }
            }
        }
        match q.sort {
            SortField::Name => sql.push(&format!(" ORDER BY name_sort {dir}, id {dir}")),
            SortField::Created => sql.push(&format!(" ORDER BY id {dir}")),
        };
        let limit = q.limit.clamp(1, 200) as i64;
        sql.push(" LIMIT ").arg(Arg::Int(Some(limit + 1)));
        let rows = bind_all(sqlx::query(&sql.text), &sql.args).fetch_all(&self.pool).await?;
        let more = rows.len() as i64 > limit;
        let mut items = Vec::with_capacity(rows.len());
        let mut last_key = None;
        for row in rows.iter().take(limit as usize) {
            let rec = decode_record::<E>(row)?;
            let key: String = match q.sort {
                SortField::Name => row.try_get("name_sort")?,
                SortField::Created => String::new(),
            };
            last_key = Some(Cursor { key, id: rec.id.raw() });
            items.push(rec);
        }
        Ok(Page { items, next_cursor: if more { last_key.map(|c| c.encode()) } else { None } })
    }

    pub async fn count<E: Entity>(&self) -> Result<i64, StoreError> {
        let row = sqlx::query(&format!("SELECT COUNT(*) AS n FROM {}", E::TABLE)).fetch_one(&self.pool).await?;
        Ok(row.try_get("n")?)
    }

    /// Signed or in-force agreements whose term ended before `today` become `expired`.
    pub async fn expire_agreements(&self, today: NaiveDate) -> Result<u64, StoreError> {
        self.expire("agreements", "agreement", "status IN ('signed', 'in_force') AND ends_on < $1", today, "system: term ended").await
    }

    /// Marks the rows of `table` matching `condition` (with `today` as `$1`) `expired`, in
    /// the projected column and the document, with an audit entry each; one transaction.
    async fn expire(&self, table: &str, entity: &str, condition: &str, today: NaiveDate, why: &str) -> Result<u64, StoreError> {
        let mut tx = self.begin().await?;
        let rows = sqlx::query(&format!("SELECT id, data FROM {table} WHERE {condition}")).bind(today).fetch_all(&mut *tx).await?;
        let at = now();
        for row in &rows {
            let id: i64 = row.try_get("id")?;
            let Json(mut doc): Json<serde_json::Value> = row.try_get("data")?;
            let before = doc.clone();
            doc["status"] = serde_json::Value::from("expired");
            sqlx::query(&format!("UPDATE {table} SET status = 'expired', data = $1, version = version + 1, updated_at = $2 WHERE id = $3"))
                .bind(Json(&doc))
                .bind(at)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            Self::audit(&mut tx, &Actor::system(why), "expire", entity, id, Some(before), Some(doc)).await?;
        }
        tx.commit().await?;
        Ok(rows.len() as u64)
    }

    /// Agreements in force with a milestone overdue on `today`, and those whose term ends
    /// within `horizon_days`, as `scope` may see them (at most `limit` of each, soonest first).
    pub async fn agreement_digest(&self, today: NaiveDate, horizon_days: u32, scope: Scope, limit: i64) -> Result<crate::Digest, StoreError> {
        // Walks the open milestones in due order (their partial index) and keeps each
        // agreement's first one, so the query stops after `limit` agreements instead of
        // ranking every agreement with an overdue milestone. An agreement's first open
        // milestone is overdue whenever any is, and its due date is the order wanted.
        let mut overdue = Sql::new(
            "SELECT agreements.id, agreements.version, agreements.created_at, agreements.updated_at, agreements.data \
             FROM agreement_milestones m JOIN agreements ON agreements.id = m.agreement_id \
             WHERE m.completed_on IS NULL AND status IN ('signed', 'in_force') \
             AND NOT EXISTS (SELECT 1 FROM agreement_milestones e WHERE e.agreement_id = m.agreement_id AND e.completed_on IS NULL \
             AND (e.due_on < m.due_on OR (e.due_on = m.due_on AND e.position < m.position))) AND m.due_on < ",
        );
        overdue.arg(Arg::Date(Some(today)));
        AgreementData::scope_sql(scope, &mut overdue);
        overdue.push(" ORDER BY m.due_on, agreements.id LIMIT ").arg(Arg::Int(Some(limit)));
        let mut expiring = Sql::new("SELECT id, version, created_at, updated_at, data FROM agreements WHERE status IN ('signed', 'in_force') AND ends_on >= ");
        expiring
            .arg(Arg::Date(Some(today)))
            .push(" AND ends_on <= ")
            .arg(Arg::Date(Some(today + chrono::Days::new(horizon_days.into()))));
        AgreementData::scope_sql(scope, &mut expiring);
        expiring.push(" ORDER BY ends_on, id LIMIT ").arg(Arg::Int(Some(limit)));
        let mut out = crate::Digest::default();
        for (sql, into) in [(overdue, &mut out.overdue), (expiring, &mut out.expiring)] {
            for row in bind_all(sqlx::query(&sql.text), &sql.args).fetch_all(&self.pool).await? {
                into.push(decode_record(&row)?);
            }
        }
        Ok(out)
    }

    /// Counts of signed agreements (not drafts) that `scope` may see, by kind, by year of
    /// signing and kind, and by the country of their parties, narrowed to one event if given.
    /// Aggregated in the database: the dashboard must not read every agreement.
    pub async fn agreement_stats(&self, scope: Scope, event: Option<i64>) -> Result<crate::AgreementStats, StoreError> {
        // Drafts are left out, so an agreement `scope` may see is a public one or, for a
        // member, one it is party to: the agreements' visibility rule without its per-row
        // EXISTS (tests/agreement_figures.rs checks it against the records).
        let visible = |sql: &mut Sql, table: &str, id: &str| {
            match scope {
                Scope::All => {}
                Scope::Public => {
                    sql.push(&format!(" AND {table}.confidential = FALSE"));
                }
                Scope::Member(org) => {
                    sql.push(&format!(" AND ({table}.confidential = FALSE OR {table}.{id} IN (SELECT p.agreement_id FROM agreement_parties p WHERE p.organisation_id = "))
                        .arg(Arg::Int(Some(org.0)))
                        .push("))");
                }
            }
            if let Some(e) = event {
                sql.push(&format!(" AND {table}.event_id = ")).arg(Arg::Int(Some(e)));
            }
        };
        let base = |select: &str, group: &str| {
            let mut sql = Sql::new(&format!("SELECT {select}, COUNT(*) AS n FROM agreements WHERE status <> 'draft'"));
            visible(&mut sql, "agreements", "id");
            sql.push(&format!(" GROUP BY {group} ORDER BY {group}"));
            sql
        };
        let mut stats = crate::AgreementStats::default();
        let sql = base(&format!("{SIGNED_YEAR} AS year, kind"), "year, kind");
        for row in bind_all(sqlx::query(&sql.text), &sql.args).fetch_all(&self.pool).await? {
            let year: Option<String> = row.try_get("year")?;
            stats.by_year_kind.push((year.unwrap_or_default(), row.try_get("kind")?, row.try_get("n")?));
        }
        // Parties' countries: an agreement between a Chinese and a Kyrgyz party counts once
        // for each country (and once only, however many parties a country has). From
        // `agreement_countries`, one row per agreement and party country, which carries the
        // agreement's status, confidentiality and event.
        let mut sql = Sql::new("SELECT c.country, COUNT(*) AS n FROM agreement_countries c WHERE c.status <> 'draft'");
        visible(&mut sql, "c", "agreement_id");
        sql.push(" GROUP BY c.country ORDER BY n DESC, c.country");
        for row in bind_all(sqlx::query(&sql.text), &sql.args).fetch_all(&self.pool).await? {
            stats.by_country.push((row.try_get("country")?, row.try_get("n")?));
        }
        let sql = base("status", "status");
        for row in bind_all(sqlx::query(&sql.text), &sql.args).fetch_all(&self.pool).await? {
            stats.by_status.push((row.try_get("status")?, row.try_get("n")?));
        }
        Ok(stats)
    }

    /// Recomputes the per-country rows of the agreements `which` names from the agreements,
    /// their parties and the parties' organisations (see migration 0011).
    async fn refresh_figures(tx: &mut Tx, which: crate::entity::Figures) -> Result<(), StoreError> {
        let (cond, id) = match which {
            crate::entity::Figures::None => return Ok(()),
            crate::entity::Figures::Agreement(id) => ("a.id = $1", id),
            crate::entity::Figures::PartiesOf(org) => ("a.id IN (SELECT p.agreement_id FROM agreement_parties p WHERE p.organisation_id = $1)", org),
        };
        let q = format!("DELETE FROM agreement_countries WHERE agreement_id IN (SELECT a.id FROM agreements a WHERE {cond})");
        sqlx::query(&q).bind(id).execute(&mut **tx).await?;
        let q = format!("INSERT INTO agreement_countries (agreement_id, country, status, confidential, event_id) {AGREEMENT_COUNTRIES} WHERE {cond}");
        sqlx::query(&q).bind(id).execute(&mut **tx).await?;
        Ok(())
    }

    /// Recomputes the funnel rows of `needs` from the records (ids that are not needs, or no
    /// longer exist, leave the funnel), with the sessions where each was discussed and the
    /// partners' countries. Runs inside the transaction of the write that moved them.
    ///
    /// `need_funnel` holds microseconds since 1970 (UTC; a date counts from its midnight).
    /// The comment in migration 0009 says seconds: it is wrong, and stays so because
    /// migrations are checksummed.
    async fn refresh_funnel(tx: &mut Tx, needs: &[i64]) -> Result<(), StoreError> {
        let mut needs: Vec<i64> = needs.to_vec();
        needs.sort_unstable();
        needs.dedup();
        for chunk in needs.chunks(500) {
            let list = (1..=chunk.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
            for table in ["need_funnel", "need_funnel_events", "need_funnel_partners"] {
                let q = format!("DELETE FROM {table} WHERE need_id IN ({list})");
                bind_ids(&q, chunk).execute(&mut **tx).await?;
            }
            let q = format!(
                "SELECT opportunities.id AS id, opportunities.organisation_id AS organisation_id, opportunities.status AS status, opportunities.cooperation_type AS cooperation_type, opportunities.created_at AS posted_at, \
                 (SELECT MIN(s.created_at) FROM suggestions s WHERE s.need_id = opportunities.id) AS matched_at, \
                 (SELECT MIN(m.created_at) FROM meeting_requests m WHERE m.opportunity_id = opportunities.id AND m.status NOT IN ('cancelled', 'declined', 'expired')) AS requested_at, \
                 (SELECT MIN(m.updated_at) FROM meeting_requests m WHERE m.opportunity_id = opportunities.id AND m.held = TRUE) AS held_at, \
                 (SELECT MIN(m.updated_at) FROM meeting_requests m WHERE m.opportunity_id = opportunities.id AND m.held = TRUE AND m.follow_up = TRUE) AS follow_up_at, \
                 (SELECT MIN(a.signed_on) FROM agreements a WHERE a.need_id = opportunities.id AND a.status <> 'draft') AS signed_on, \
                 (SELECT MIN(ms.completed_on) FROM agreements a JOIN agreement_milestones ms ON ms.agreement_id = a.id WHERE a.need_id = opportunities.id AND a.status <> 'draft') AS milestone_on \
                 FROM opportunities WHERE direction = 'need' AND opportunities.id IN ({list})"
            );
            let rows = bind_ids(&q, chunk).fetch_all(&mut **tx).await?;
            let micros = |t: Option<DateTime<Utc>>| t.map(|t| t.timestamp_micros());
            let day = |d: Option<NaiveDate>| d.map(|d| d.and_hms_opt(0, 0, 0).expect("midnight").and_utc().timestamp_micros());
            for row in &rows {
                let times = [
                    Some(row.try_get::<DateTime<Utc>, _>("posted_at")?.timestamp_micros()),
                    micros(row.try_get("matched_at")?),
                    micros(row.try_get("requested_at")?),
                    micros(row.try_get("held_at")?),
                    micros(row.try_get("follow_up_at")?),
                    day(row.try_get("signed_on")?),
                    day(row.try_get("milestone_on")?),
                ];
                // Whole seconds from each stage to the next, only while every stage so far
                // was reached (as migration 0012 computes them for older rows).
                let mut gaps = [None; 6];
                for k in 1..7 {
                    match (times[k - 1], times[k]) {
                        (Some(a), Some(b)) => gaps[k - 1] = Some((b - a) / 1_000_000),
                        _ => break,
                    }
                }
                let mut q = sqlx::query(
                    "INSERT INTO need_funnel (need_id, organisation_id, status, cooperation_type, posted_at, matched_at, requested_at, held_at, follow_up_at, signed_at, milestone_at, g1, g2, g3, g4, g5, g6) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
                )
                .bind(row.try_get::<i64, _>("id")?)
                .bind(row.try_get::<i64, _>("organisation_id")?)
                .bind(row.try_get::<String, _>("status")?)
                .bind(row.try_get::<String, _>("cooperation_type")?);
                for t in times.into_iter().chain(gaps) {
                    q = q.bind(t);
                }
                q.execute(&mut **tx).await?;
            }
            let q = format!("INSERT INTO need_funnel_events (need_id, event_id) SELECT DISTINCT m.opportunity_id, m.event_id FROM meeting_requests m JOIN opportunities n ON n.id = m.opportunity_id WHERE n.direction = 'need' AND m.opportunity_id IN ({list})");
            bind_ids(&q, chunk).execute(&mut **tx).await?;
            let q = format!(
                "INSERT INTO need_funnel_partners (need_id, country) SELECT DISTINCT m.opportunity_id, o.country FROM meeting_requests m \
                 JOIN opportunities n ON n.id = m.opportunity_id JOIN organisations o ON o.id IN (m.from_organisation, m.to_organisation) \
                 WHERE n.direction = 'need' AND o.id <> n.organisation_id AND m.opportunity_id IN ({list})"
            );
            bind_ids(&q, chunk).execute(&mut **tx).await?;
        }
        Ok(())
    }

    /// Recomputes the funnel of every need, or only of needs it lacks: after bulk loads, and
    /// once when a database from before the funnel table is opened. Returns how many.
    pub async fn rebuild_funnel(&self, only_missing: bool) -> Result<usize, StoreError> {
        let sql = if only_missing {
            "SELECT id FROM opportunities WHERE direction = 'need' AND NOT EXISTS (SELECT 1 FROM need_funnel f WHERE f.need_id = opportunities.id) ORDER BY id"
        } else {
            "SELECT id FROM opportunities WHERE direction = 'need' ORDER BY id"
        };
        let ids: Vec<i64> = sqlx::query(sql).fetch_all(&self.pool).await?.iter().map(|r| r.try_get("id")).collect::<Result<_, _>>()?;
        if ids.len() >= 1000 {
            // After a bulk load the planner's statistics describe empty tables, and
            // PostgreSQL then scans a million suggestions per need (46 s per 500 needs).
            self.optimize().await?;
        }
        if !only_missing {
            // Bulk loads write agreements and organisations without the per-write refresh.
            let mut tx = self.begin().await?;
            sqlx::query("DELETE FROM agreement_countries").execute(&mut *tx).await?;
            let q = format!("INSERT INTO agreement_countries (agreement_id, country, status, confidential, event_id) {AGREEMENT_COUNTRIES}");
            sqlx::query(&q).execute(&mut *tx).await?;
            tx.commit().await?;
        }
        for chunk in ids.chunks(5_000) {
            let mut tx = self.begin().await?;
            Self::refresh_funnel(&mut tx, chunk).await?;
            tx.commit().await?;
        }
        Ok(ids.len())
    }

    /// The funnel of the needs `scope` may see, narrowed by `filter`, counted by the
    /// database in one scan of `need_funnel`: how many needs, and for each later stage the
    /// list of its gaps (whole seconds from the stage before, present only for needs that
    /// reached it), from which the stage's count and exact median follow. No per-need row
    /// crosses to the application and nothing is sorted. Each filter starts from an index of
    /// the few needs it selects.
    pub async fn funnel(&self, scope: Scope, filter: &crate::FunnelFilter) -> Result<crate::Funnel, StoreError> {
        let lists = (1..7).map(|k| format!("{} AS g{k}", GAP_LIST.replace("{}", &format!("f.g{k}")))).collect::<Vec<_>>().join(", ");
        let mut sql = Sql::new(&format!("SELECT COUNT(*) AS n, {lists} FROM need_funnel f WHERE 1 = 1"));
        Self::funnel_filter(scope, filter, &mut sql);
        let row = bind_all(sqlx::query(&sql.text), &sql.args).fetch_one(&self.pool).await?;
        let mut reached = [0usize; 7];
        let mut medians = [None; 7];
        reached[0] = row.try_get::<i64, _>("n")? as usize;
        for k in 1..7 {
            let list: Option<String> = row.try_get(format!("g{k}").as_str())?;
            let mut gaps = list
                .as_deref()
                .unwrap_or("")
                .split(',')
                .filter(|g| !g.is_empty())
                .map(|g| g.parse::<i64>().map_err(|_| StoreError::Corrupt { entity: "need_funnel", id: 0, message: format!("gap {g:?} is not a number") }))
                .collect::<Result<Vec<i64>, _>>()?;
            reached[k] = gaps.len();
            medians[k] = crate::median_of(&mut gaps);
        }
        Ok(crate::Funnel::from_counts(reached, medians))
    }

    /// The needs' visibility for `scope` and `filter`'s conditions, on `need_funnel f`.
    fn funnel_filter(scope: Scope, filter: &crate::FunnelFilter, sql: &mut Sql) {
        crate::entity::need_funnel_scope(scope, sql);
        if let Some(c) = &filter.country {
            sql.push(" AND f.need_id IN (SELECT l.opportunity_id FROM opportunity_countries l WHERE l.country = ").arg(Arg::Text(Some(c.to_string()))).push(")");
        }
        if let Some(t) = filter.cooperation_type {
            sql.push(" AND f.cooperation_type = ").arg(Arg::Text(Some(t.as_str().to_string())));
        }
        if let Some(e) = filter.event {
            sql.push(" AND f.need_id IN (SELECT l.need_id FROM need_funnel_events l WHERE l.event_id = ").arg(Arg::Int(Some(e.0))).push(")");
        }
        if let Some(c) = &filter.partner_country {
            sql.push(" AND f.need_id IN (SELECT l.need_id FROM need_funnel_partners l WHERE l.country = ").arg(Arg::Text(Some(c.to_string()))).push(")");
        }
        if let Some(code) = &filter.device_code {
            sql.push(" AND f.need_id IN (SELECT l.opportunity_id FROM opportunity_codes l WHERE l.code");
            if code.scheme() == medbridge_core::CodeScheme::Emdn {
                // A prefix as a range, so the index on codes serves it (LIKE would not, in
                // SQLite): EMDN codes are ASCII letters and digits, so the prefix's codes lie
                // between it and the prefix followed by the highest ASCII character.
                let prefix = code.to_string();
                sql.push(&format!("{BYTE_ORDER} >= ")).arg(Arg::Text(Some(prefix.clone())));
                sql.push(&format!(" AND l.code{BYTE_ORDER} < ")).arg(Arg::Text(Some(format!("{prefix}\x7f"))));
            } else {
                sql.push(" = ").arg(Arg::Text(Some(code.to_string())));
            }
            sql.push(")");
        }
        if let Some(since) = filter.since {
            sql.push(" AND f.posted_at >= ").arg(Arg::Int(Some(since.timestamp_micros())));
        }
        if let Some(until) = filter.until {
            sql.push(" AND f.posted_at < ").arg(Arg::Int(Some(until.timestamp_micros())));
        }
    }

    pub async fn expire_opportunities(&self, today: NaiveDate) -> Result<u64, StoreError> {
        self.expire("opportunities", "opportunity", "status = 'open' AND deadline < $1", today, "system: deadline passed").await
    }

    pub async fn audit_log(&self, entity: Option<&str>, entity_id: Option<i64>, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let mut sql = Sql::new("SELECT id, at, actor_id, actor, action, entity, entity_id, before, after FROM audit_log WHERE 1 = 1");
        if let Some(e) = entity {
            sql.push(" AND entity = ").arg(Arg::Text(Some(e.to_string())));
        }
        if let Some(i) = entity_id {
            sql.push(" AND entity_id = ").arg(Arg::Int(Some(i)));
        }
        sql.push(" ORDER BY id DESC LIMIT ").arg(Arg::Int(Some(limit.clamp(1, 1000))));
        let rows = bind_all(sqlx::query(&sql.text), &sql.args).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                let before: Option<Json<serde_json::Value>> = r.try_get("before")?;
                let after: Option<Json<serde_json::Value>> = r.try_get("after")?;
                Ok(AuditEntry {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    actor_id: r.try_get::<Option<i64>, _>("actor_id")?.map(PersonId),
                    actor: r.try_get("actor")?,
                    action: r.try_get("action")?,
                    entity: r.try_get("entity")?,
                    entity_id: r.try_get("entity_id")?,
                    before: before.map(|j| j.0),
                    after: after.map(|j| j.0),
                })
            })
            .collect()
    }

    // ---------------------------------------------------------------- accounts

    pub async fn set_password_hash(&self, person: PersonId, hash: &str) -> Result<(), StoreError> {
        let res = sqlx::query("UPDATE people SET password_hash = $1 WHERE id = $2").bind(hash).bind(person.0).execute(&self.pool).await?;
        if res.rows_affected() == 0 {
            return Err(StoreError::NotFound { entity: "person", id: person.0 });
        }
        Ok(())
    }

    fn login_from_row(r: &DbRow) -> Result<LoginRecord, StoreError> {
        let data: Json<serde_json::Value> = r.try_get("data")?;
        Ok(LoginRecord {
            person: PersonId(r.try_get("id")?),
            name: data.0.get("name").and_then(|v| v.as_str()).unwrap_or_default().to_string(),
            email: r.try_get("email")?,
            role: role_of(&r.try_get::<String, _>("role")?),
            organisation: r.try_get::<Option<i64>, _>("organisation_id")?.map(OrgId),
            password_hash: r.try_get("password_hash")?,
        })
    }

    pub async fn find_login(&self, email: &Email) -> Result<Option<LoginRecord>, StoreError> {
        let row = sqlx::query("SELECT id, data, email, role, organisation_id, password_hash FROM people WHERE email = $1")
            .bind(email.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(Self::login_from_row).transpose()
    }

    pub async fn login_record(&self, person: PersonId) -> Result<Option<LoginRecord>, StoreError> {
        let row = sqlx::query("SELECT id, data, email, role, organisation_id, password_hash FROM people WHERE id = $1")
            .bind(person.0)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(Self::login_from_row).transpose()
    }

    pub async fn create_session(&self, token_hash: &str, person: PersonId, csrf: &str, expires_at: DateTime<Utc>) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO sessions (token_hash, person_id, csrf, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(person.0)
            .bind(csrf)
            .bind(expires_at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<SessionRecord>, StoreError> {
        let row = sqlx::query(
            "SELECT p.id, p.data, p.email, p.role, p.organisation_id, p.password_hash, s.csrf, s.expires_at \
             FROM sessions s JOIN people p ON p.id = s.person_id WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            None => Ok(None),
            Some(r) => Ok(Some(SessionRecord { login: Self::login_from_row(&r)?, csrf: r.try_get("csrf")?, expires_at: r.try_get("expires_at")? })),
        }
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(&self.pool).await?;
        Ok(())
    }

    pub async fn create_api_token(&self, token_hash: &str, person: PersonId, name: &str) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO api_tokens (token_hash, person_id, name, created_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(person.0)
            .bind(name)
            .bind(now())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn api_token(&self, token_hash: &str) -> Result<Option<LoginRecord>, StoreError> {
        let row = sqlx::query(
            "SELECT p.id, p.data, p.email, p.role, p.organisation_id, p.password_hash FROM api_tokens t JOIN people p ON p.id = t.person_id WHERE t.token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(Self::login_from_row).transpose()
    }

    pub async fn record_login_failure(&self, key: &str, now: DateTime<Utc>, since: DateTime<Utc>) -> Result<i64, StoreError> {
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM login_failures WHERE at < $1").bind(since).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO login_failures (key, at) VALUES ($1, $2)").bind(key).bind(now).execute(&mut *tx).await?;
        let row = sqlx::query("SELECT COUNT(*) AS n FROM login_failures WHERE key = $1 AND at >= $2").bind(key).bind(since).fetch_one(&mut *tx).await?;
        tx.commit().await?;
        Ok(row.try_get("n")?)
    }

    pub async fn login_failures(&self, key: &str, since: DateTime<Utc>) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM login_failures WHERE key = $1 AND at >= $2").bind(key).bind(since).fetch_one(&self.pool).await?;
        Ok(row.try_get("n")?)
    }

    pub async fn clear_login_failures(&self, key: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM login_failures WHERE key = $1").bind(key).execute(&self.pool).await?;
        Ok(())
    }

    // ---------------------------------------------------------------- settings

    pub async fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT value FROM settings WHERE key = $1").bind(key).fetch_optional(&self.pool).await?;
        Ok(row.map(|r| r.try_get("value")).transpose()?)
    }

    pub async fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.pool
            .execute(sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value").bind(key).bind(value))
            .await?;
        Ok(())
    }

    pub async fn members_of(&self, alliance: OrgId) -> Result<Vec<OrgId>, StoreError> {
        let rows = sqlx::query("SELECT organisation_id FROM memberships WHERE alliance_id = $1 AND status = 'active' ORDER BY organisation_id")
            .bind(alliance.0)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| Ok(OrgId(r.try_get("organisation_id")?))).collect()
    }
}
