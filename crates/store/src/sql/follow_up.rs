// Suggestions, saved searches, agreement documents and the outbox (see `crate::follow_up`).
// Included after `queries.rs` by both backends, like it: `$n` placeholders and standard SQL.

use crate::follow_up::*;
use medbridge_core::model::SuggestionStatus;
use medbridge_core::{AgreementId, DocumentId, SavedSearchId, SuggestionId};

const SUGGESTION_COLUMNS: &str = "s.id, s.need_id, s.search_id, s.item_kind, s.item_id, s.score, s.status, s.created_at, s.updated_at";

fn decode_suggestion(r: &DbRow) -> Result<Suggestion, StoreError> {
    let need: Option<i64> = r.try_get("need_id")?;
    let search: Option<i64> = r.try_get("search_id")?;
    let subject = match (need, search) {
        (Some(n), _) => Subject::Need(medbridge_core::OpportunityId(n)),
        (None, Some(s)) => Subject::SavedSearch(SavedSearchId(s)),
        (None, None) => return Err(StoreError::Corrupt { entity: "suggestion", id: r.try_get("id")?, message: "neither a need nor a saved search".into() }),
    };
    let status: String = r.try_get("status")?;
    Ok(Suggestion {
        id: SuggestionId(r.try_get("id")?),
        subject,
        item: Suggested::from_row(&r.try_get::<String, _>("item_kind")?, r.try_get("item_id")?),
        score: r.try_get("score")?,
        status: status.parse().map_err(|e: medbridge_core::FieldError| StoreError::Corrupt { entity: "suggestion", id: r.try_get("id").unwrap_or_default(), message: e.message })?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

/// `need_id = $n` or `search_id = $n`, with the value.
fn subject_condition(subject: Subject) -> (&'static str, i64) {
    match subject {
        Subject::Need(n) => ("need_id", n.0),
        Subject::SavedSearch(s) => ("search_id", s.0),
    }
}

/// `AND (...)`: the suggestions `owner` follows.
fn owner_sql(owner: SuggestionOwner, sql: &mut Sql) {
    sql.push(" AND (s.search_id IN (SELECT id FROM saved_searches WHERE person_id = ").arg(Arg::Int(Some(owner.person.0))).push(")");
    if owner.all_needs {
        sql.push(" OR s.need_id IS NOT NULL");
    } else if let Some(org) = owner.organisation {
        sql.push(" OR s.need_id IN (SELECT id FROM opportunities WHERE organisation_id = ").arg(Arg::Int(Some(org.0))).push(")");
    }
    sql.push(")");
}

fn decode_search(r: &DbRow) -> Result<SavedSearch, StoreError> {
    let query: Json<serde_json::Value> = r.try_get("query")?;
    Ok(SavedSearch { id: SavedSearchId(r.try_get("id")?), person: PersonId(r.try_get("person_id")?), name: r.try_get("name")?, query: query.0, created_at: r.try_get("created_at")? })
}

fn decode_document(r: &DbRow) -> Result<Document, StoreError> {
    Ok(Document {
        id: DocumentId(r.try_get("id")?),
        agreement: AgreementId(r.try_get("agreement_id")?),
        file_name: r.try_get("file_name")?,
        media_type: r.try_get("media_type")?,
        size: r.try_get("size")?,
        sha256: r.try_get("sha256")?,
        uploaded_by: r.try_get::<Option<i64>, _>("uploaded_by")?.map(PersonId),
        uploaded_at: r.try_get("uploaded_at")?,
    })
}

fn decode_mail(r: &DbRow) -> Result<OutboxMessage, StoreError> {
    Ok(OutboxMessage {
        id: r.try_get("id")?,
        mail: Mail { dedup_key: r.try_get("dedup_key")?, to: r.try_get("to_address")?, subject: r.try_get("subject")?, body: r.try_get("body")? },
        created_at: r.try_get("created_at")?,
        attempts: r.try_get("attempts")?,
        next_attempt_at: r.try_get("next_attempt_at")?,
        sent_at: r.try_get("sent_at")?,
        last_error: r.try_get("last_error")?,
    })
}

impl Backend {
    // ---------------------------------------------------------------- suggestions

    /// Inserts `(subject, item)` with `status` unless it exists, in which case only its score
    /// changes (an owner's "dismissed" stays dismissed). True when it was new.
    async fn upsert_suggestion(tx: &mut Tx, subject: Subject, item: Suggested, score: f64, status: SuggestionStatus, at: DateTime<Utc>) -> Result<bool, StoreError> {
        let (column, id) = subject_condition(subject);
        let inserted = sqlx::query(&format!(
            "INSERT INTO suggestions ({column}, item_kind, item_id, score, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) \
             ON CONFLICT ({column}, item_kind, item_id) WHERE {column} IS NOT NULL DO NOTHING"
        ))
        .bind(id)
        .bind(item.kind())
        .bind(item.raw())
        .bind(score)
        .bind(status.as_str())
        .bind(at)
        .execute(&mut **tx)
        .await?
        .rows_affected()
            == 1;
        if !inserted {
            sqlx::query(&format!("UPDATE suggestions SET score = $1 WHERE {column} = $2 AND item_kind = $3 AND item_id = $4"))
                .bind(score)
                .bind(id)
                .bind(item.kind())
                .bind(item.raw())
                .execute(&mut **tx)
                .await?;
        }
        Ok(inserted)
    }

    /// Makes `items` the current suggestions of `subject`: new ones get `status`, existing
    /// ones keep theirs, and unseen ones that no longer match are dropped (what the owner saw,
    /// contacted or dismissed stays as history). Returns how many were new.
    pub async fn replace_suggestions(&self, subject: Subject, items: &[(Suggested, f64)], status: SuggestionStatus) -> Result<usize, StoreError> {
        let mut tx = self.begin().await?;
        let at = now();
        let mut added = 0;
        for (item, score) in items {
            added += usize::from(Self::upsert_suggestion(&mut tx, subject, *item, *score, status, at).await?);
        }
        let (column, id) = subject_condition(subject);
        let mut sql = Sql::new(&format!("DELETE FROM suggestions WHERE {column} = "));
        sql.arg(Arg::Int(Some(id))).push(" AND status = 'new'");
        for (item, _) in items {
            sql.push(" AND NOT (item_kind = ").arg(Arg::Text(Some(item.kind().into()))).push(" AND item_id = ").arg(Arg::Int(Some(item.raw()))).push(")");
        }
        bind_all(sqlx::query(&sql.text), &sql.args).execute(&mut *tx).await?;
        if let Subject::Need(n) = subject {
            Self::refresh_funnel(&mut tx, &[n.0]).await?;
        }
        tx.commit().await?;
        Ok(added)
    }

    /// Adds suggestions for many subjects at once (a new offer answers several needs and saved
    /// searches); existing ones only get the new score. Returns the subjects that gained one.
    pub async fn add_suggestions(&self, rows: &[(Subject, Suggested, f64)]) -> Result<Vec<Subject>, StoreError> {
        let mut tx = self.begin().await?;
        let at = now();
        let mut gained = Vec::new();
        for (subject, item, score) in rows {
            if Self::upsert_suggestion(&mut tx, *subject, *item, *score, SuggestionStatus::New, at).await? {
                gained.push(*subject);
            }
        }
        let needs: Vec<i64> = gained.iter().filter_map(|s| if let Subject::Need(n) = s { Some(n.0) } else { None }).collect();
        Self::refresh_funnel(&mut tx, &needs).await?;
        tx.commit().await?;
        Ok(gained)
    }

    /// Bulk load for benchmarks and generators: one multi-row INSERT per 500 rows, no checks
    /// beyond the database's own (a duplicate fails the whole load). The funnel is not
    /// refreshed: call `rebuild_funnel` when done.
    pub async fn load_suggestions(&self, rows: &[(Subject, Suggested, f64, SuggestionStatus, DateTime<Utc>)]) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        for chunk in rows.chunks(500) {
            let mut stmt = String::from("INSERT INTO suggestions (need_id, search_id, item_kind, item_id, score, status, created_at, updated_at) VALUES ");
            for i in 0..chunk.len() {
                let b = i * 7;
                stmt.push_str(&format!("{}(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})", if i == 0 { "" } else { ", " }, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7, b + 7));
            }
            let mut q = sqlx::query(&stmt);
            for (subject, item, score, status, at) in chunk {
                let (need, search) = match subject {
                    Subject::Need(n) => (Some(n.0), None),
                    Subject::SavedSearch(s) => (None, Some(s.0)),
                };
                q = q.bind(need).bind(search).bind(item.kind()).bind(item.raw()).bind(*score).bind(status.as_str()).bind(*at);
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The suggestions `owner` follows, newest first, one page (`limit` + 1 read to tell
    /// whether there is more).
    pub async fn suggestions(&self, owner: SuggestionOwner, q: &SuggestionQuery) -> Result<(Vec<Suggestion>, bool), StoreError> {
        let mut sql = Sql::new(&format!("SELECT {SUGGESTION_COLUMNS} FROM suggestions s WHERE 1 = 1"));
        owner_sql(owner, &mut sql);
        if let Some(st) = q.status {
            sql.push(" AND s.status = ").arg(Arg::Text(Some(st.as_str().into())));
        }
        if let Some(subject) = q.subject {
            let (column, id) = subject_condition(subject);
            sql.push(&format!(" AND s.{column} = ")).arg(Arg::Int(Some(id)));
        }
        if let Some(b) = q.before {
            sql.push(" AND s.id < ").arg(Arg::Int(Some(b.0)));
        }
        let limit = i64::from(q.limit.clamp(1, 200));
        sql.push(" ORDER BY s.id DESC LIMIT ").arg(Arg::Int(Some(limit + 1)));
        let rows = bind_all(sqlx::query(&sql.text), &sql.args).fetch_all(&self.pool).await?;
        let more = rows.len() as i64 > limit;
        let items = rows.iter().take(limit as usize).map(decode_suggestion).collect::<Result<_, _>>()?;
        Ok((items, more))
    }

    /// Needs that have at least one suggestion.
    pub async fn needs_with_suggestions(&self) -> Result<HashSet<medbridge_core::OpportunityId>, StoreError> {
        let rows = sqlx::query("SELECT DISTINCT need_id FROM suggestions WHERE need_id IS NOT NULL").fetch_all(&self.pool).await?;
        rows.iter().map(|r| Ok(medbridge_core::OpportunityId(r.try_get("need_id")?))).collect()
    }

    /// How many new suggestions (alerts) `owner` has.
    pub async fn count_new_suggestions(&self, owner: SuggestionOwner) -> Result<i64, StoreError> {
        let mut sql = Sql::new("SELECT COUNT(*) AS n FROM suggestions s WHERE s.status = 'new'");
        owner_sql(owner, &mut sql);
        let row = bind_all(sqlx::query(&sql.text), &sql.args).fetch_one(&self.pool).await?;
        Ok(row.try_get("n")?)
    }

    /// Every suggestion of one need or saved search, best first.
    pub async fn suggestions_of(&self, subject: Subject) -> Result<Vec<Suggestion>, StoreError> {
        let (column, id) = subject_condition(subject);
        let rows = sqlx::query(&format!("SELECT {SUGGESTION_COLUMNS} FROM suggestions s WHERE s.{column} = $1 ORDER BY s.score DESC, s.id"))
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(decode_suggestion).collect()
    }

    /// The owner has looked at these: new ones become seen. Not audited (it records reading,
    /// not a decision); returns how many changed.
    pub async fn mark_suggestions_seen(&self, subject: Subject) -> Result<u64, StoreError> {
        let (column, id) = subject_condition(subject);
        let res = sqlx::query(&format!("UPDATE suggestions SET status = 'seen', updated_at = $1 WHERE {column} = $2 AND status = 'new'"))
            .bind(now())
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(res.rows_affected())
    }

    /// Sets the status of a suggestion `owner` follows (anything else is `NotFound`), with an
    /// audit entry.
    pub async fn set_suggestion_status(&self, actor: &Actor, owner: SuggestionOwner, id: SuggestionId, status: SuggestionStatus) -> Result<Suggestion, StoreError> {
        let mut tx = self.begin().await?;
        let mut sql = Sql::new(&format!("SELECT {SUGGESTION_COLUMNS} FROM suggestions s WHERE s.id = "));
        sql.arg(Arg::Int(Some(id.0)));
        owner_sql(owner, &mut sql);
        let row = bind_all(sqlx::query(&sql.text), &sql.args).fetch_optional(&mut *tx).await?.ok_or(StoreError::NotFound { entity: "suggestion", id: id.0 })?;
        let before = decode_suggestion(&row)?;
        let at = now();
        sqlx::query("UPDATE suggestions SET status = $1, updated_at = $2 WHERE id = $3").bind(status.as_str()).bind(at).bind(id.0).execute(&mut *tx).await?;
        let after = Suggestion { status, updated_at: at, ..before.clone() };
        Self::audit(&mut tx, actor, "update", "suggestion", id.0, serde_json::to_value(&before).ok(), serde_json::to_value(&after).ok()).await?;
        tx.commit().await?;
        Ok(after)
    }

    // ---------------------------------------------------------------- saved searches

    pub async fn create_saved_search(&self, actor: &Actor, person: PersonId, name: &str, query: &serde_json::Value) -> Result<SavedSearch, StoreError> {
        let mut tx = self.begin().await?;
        let at = now();
        let row = sqlx::query("INSERT INTO saved_searches (person_id, name, query, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(person.0)
            .bind(name)
            .bind(Json(query))
            .bind(at)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| if is_fk_violation(&e) { StoreError::Invalid(crate::error::missing_reference("person_id", "person", person.0).into()) } else { e.into() })?;
        let search = SavedSearch { id: SavedSearchId(row.try_get("id")?), person, name: name.to_string(), query: query.clone(), created_at: at };
        Self::audit(&mut tx, actor, "create", "saved_search", search.id.0, None, serde_json::to_value(&search).ok()).await?;
        tx.commit().await?;
        Ok(search)
    }

    /// Saved searches of one person, or of everyone (to index them all at start).
    pub async fn saved_searches(&self, person: Option<PersonId>) -> Result<Vec<SavedSearch>, StoreError> {
        let mut sql = Sql::new("SELECT id, person_id, name, query, created_at FROM saved_searches WHERE 1 = 1");
        if let Some(p) = person {
            sql.push(" AND person_id = ").arg(Arg::Int(Some(p.0)));
        }
        sql.push(" ORDER BY id");
        let rows = bind_all(sqlx::query(&sql.text), &sql.args).fetch_all(&self.pool).await?;
        rows.iter().map(decode_search).collect()
    }

    pub async fn saved_search(&self, id: SavedSearchId) -> Result<SavedSearch, StoreError> {
        let row = sqlx::query("SELECT id, person_id, name, query, created_at FROM saved_searches WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound { entity: "saved search", id: id.0 })?;
        decode_search(&row)
    }

    /// Deletes `person`'s saved search (someone else's is `NotFound`) and its suggestions.
    pub async fn delete_saved_search(&self, actor: &Actor, person: PersonId, id: SavedSearchId) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let row = sqlx::query("SELECT id, person_id, name, query, created_at FROM saved_searches WHERE id = $1 AND person_id = $2")
            .bind(id.0)
            .bind(person.0)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound { entity: "saved search", id: id.0 })?;
        let before = decode_search(&row)?;
        sqlx::query("DELETE FROM saved_searches WHERE id = $1").bind(id.0).execute(&mut *tx).await?;
        Self::audit(&mut tx, actor, "delete", "saved_search", id.0, serde_json::to_value(&before).ok(), None).await?;
        tx.commit().await?;
        Ok(())
    }

    // ---------------------------------------------------------------- agreement documents

    /// Records a document whose bytes the caller has already stored under its hash.
    pub async fn add_document(&self, actor: &Actor, doc: &NewDocument) -> Result<Document, StoreError> {
        let mut tx = self.begin().await?;
        let at = now();
        let row = sqlx::query("INSERT INTO agreement_documents (agreement_id, file_name, media_type, size, sha256, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
            .bind(doc.agreement.0)
            .bind(&doc.file_name)
            .bind(&doc.media_type)
            .bind(doc.size)
            .bind(&doc.sha256)
            .bind(actor.person.map(|p| p.0))
            .bind(at)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| if is_fk_violation(&e) { StoreError::NotFound { entity: "agreement", id: doc.agreement.0 } } else { e.into() })?;
        let out = Document {
            id: DocumentId(row.try_get("id")?),
            agreement: doc.agreement,
            file_name: doc.file_name.clone(),
            media_type: doc.media_type.clone(),
            size: doc.size,
            sha256: doc.sha256.clone(),
            uploaded_by: actor.person,
            uploaded_at: at,
        };
        Self::audit(&mut tx, actor, "create", "document", out.id.0, None, serde_json::to_value(&out).ok()).await?;
        tx.commit().await?;
        Ok(out)
    }

    pub async fn documents(&self, agreement: AgreementId) -> Result<Vec<Document>, StoreError> {
        let rows = sqlx::query("SELECT * FROM agreement_documents WHERE agreement_id = $1 ORDER BY id").bind(agreement.0).fetch_all(&self.pool).await?;
        rows.iter().map(decode_document).collect()
    }

    pub async fn document(&self, agreement: AgreementId, id: DocumentId) -> Result<Document, StoreError> {
        let row = sqlx::query("SELECT * FROM agreement_documents WHERE agreement_id = $1 AND id = $2")
            .bind(agreement.0)
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound { entity: "document", id: id.0 })?;
        decode_document(&row)
    }

    /// Removes the record; returns it, and whether any other record still uses its bytes.
    pub async fn delete_document(&self, actor: &Actor, agreement: AgreementId, id: DocumentId) -> Result<(Document, bool), StoreError> {
        let mut tx = self.begin().await?;
        let row = sqlx::query("SELECT * FROM agreement_documents WHERE agreement_id = $1 AND id = $2")
            .bind(agreement.0)
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound { entity: "document", id: id.0 })?;
        let doc = decode_document(&row)?;
        sqlx::query("DELETE FROM agreement_documents WHERE id = $1").bind(id.0).execute(&mut *tx).await?;
        let shared = sqlx::query("SELECT 1 FROM agreement_documents WHERE sha256 = $1").bind(&doc.sha256).fetch_optional(&mut *tx).await?.is_some();
        Self::audit(&mut tx, actor, "delete", "document", id.0, serde_json::to_value(&doc).ok(), None).await?;
        tx.commit().await?;
        Ok((doc, shared))
    }

    // ---------------------------------------------------------------- outbox

    /// Queues mails, skipping any whose key was queued before. Returns how many were queued.
    pub async fn queue_mail(&self, mails: &[Mail]) -> Result<usize, StoreError> {
        let mut tx = self.begin().await?;
        let at = now();
        let mut queued = 0;
        for m in mails {
            let res = sqlx::query("INSERT INTO outbox (dedup_key, to_address, subject, body, created_at, attempts, next_attempt_at) VALUES ($1, $2, $3, $4, $5, 0, $5) ON CONFLICT (dedup_key) DO NOTHING")
                .bind(&m.dedup_key)
                .bind(&m.to)
                .bind(&m.subject)
                .bind(&m.body)
                .bind(at)
                .execute(&mut *tx)
                .await?;
            queued += res.rows_affected() as usize;
        }
        tx.commit().await?;
        Ok(queued)
    }

    /// Unsent mails due at `at`, oldest first.
    pub async fn due_mail(&self, at: DateTime<Utc>, limit: i64) -> Result<Vec<OutboxMessage>, StoreError> {
        let rows = sqlx::query("SELECT * FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT $2").bind(at).bind(limit).fetch_all(&self.pool).await?;
        rows.iter().map(decode_mail).collect()
    }

    /// The outbox, newest first: what was sent, what waits, and why the last try failed.
    pub async fn outbox(&self, limit: i64) -> Result<Vec<OutboxMessage>, StoreError> {
        let rows = sqlx::query("SELECT * FROM outbox ORDER BY id DESC LIMIT $1").bind(limit.clamp(1, 1000)).fetch_all(&self.pool).await?;
        rows.iter().map(decode_mail).collect()
    }

    pub async fn mail_sent(&self, id: i64, at: DateTime<Utc>) -> Result<(), StoreError> {
        sqlx::query("UPDATE outbox SET sent_at = $1, attempts = attempts + 1, last_error = NULL WHERE id = $2").bind(at).bind(id).execute(&self.pool).await?;
        Ok(())
    }

    pub async fn mail_failed(&self, id: i64, error: &str, retry_at: DateTime<Utc>) -> Result<(), StoreError> {
        sqlx::query("UPDATE outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2 WHERE id = $3").bind(error).bind(retry_at).bind(id).execute(&self.pool).await?;
        Ok(())
    }
}
