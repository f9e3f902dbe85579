//! Reminder e-mail end to end: the digest queues a reminder per person in their language,
//! once; a relay that refuses leaves it queued with the reason; a real SMTP server (aiosmtpd,
//! from PyPI) then receives it. Runs with `MEDBRIDGE_SMTP_TESTS=1` (CI sets it and installs
//! aiosmtpd), and then a missing aiosmtpd is a failure; otherwise it says it was skipped.

mod common;

use base64::Engine;
use chrono::{Duration, Utc};
use common::*;
use medbridge_core::model::*;
use medbridge_server::mail::{self, SmtpConfig};
use medbridge_store::Actor;
use medbridge_store::testing::TestDb;
use serde_json::json;
use std::process::{Child, Command, Stdio};

struct Relay {
    child: Child,
    port: u16,
    maildir: std::path::PathBuf,
}

impl Drop for Relay {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.maildir);
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn relay() -> Relay {
    let port = free_port();
    let maildir = std::env::temp_dir().join(format!("medbridge-maildir-{port}"));
    let python = std::env::var("MEDBRIDGE_PYTHON").unwrap_or_else(|_| "python3".into());
    let child = Command::new(&python)
        .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
        .args(["-c", "aiosmtpd.handlers.Mailbox"])
        .arg(&maildir)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("MEDBRIDGE_SMTP_TESTS=1 but {python} cannot start: {e}; pip install aiosmtpd")
        });
    let relay = Relay {
        child,
        port,
        maildir,
    };
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return relay;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("aiosmtpd did not listen on {port} within 10 s (pip install aiosmtpd)");
}

fn received(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir.join("new"))
        .map(|rd| {
            rd.flatten()
                .map(|e| std::fs::read_to_string(e.path()).unwrap())
                .collect()
        })
        .unwrap_or_default()
}

fn body_of(message: &str) -> String {
    let encoded: String = message
        .split("\n\n")
        .nth(1)
        .unwrap_or("")
        .split_whitespace()
        .collect();
    String::from_utf8(
        base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .unwrap(),
    )
    .unwrap()
}

#[tokio::test]
async fn reminders_are_queued_once_retried_and_delivered() {
    if std::env::var("MEDBRIDGE_SMTP_TESTS").as_deref() != Ok("1") {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "skipped: set MEDBRIDGE_SMTP_TESTS=1 (and pip install aiosmtpd) to run the SMTP test"
        );
        return;
    }
    let w = world(TestDb::sqlite().await).await;
    let store = w.api.store().clone();
    let system = Actor::system("test");
    let aibek: PersonData = serde_json::from_value(json!({
        "name": "Айбек", "email": "aibek@beta.kg", "organisation_id": w.org_b.0,
        "role": "member", "languages": ["ru"]
    }))
    .unwrap();
    store.create(&system, aibek).await.unwrap();
    let today = Utc::now().date_naive();
    let agreement: AgreementData = serde_json::from_value(json!({
        "title": {"en": "CT supply", "ru": "Поставка КТ"}, "kind": "supply", "status": "signed",
        "signed_on": today - Duration::days(100), "ends_on": today + Duration::days(20),
        "parties": [{"organisation_id": w.org_a.0}, {"organisation_id": w.org_b.0}],
        "milestones": [{"title": {"en": "First delivery", "ru": "Первая поставка"},
                        "owner_id": w.org_b.0, "due_on": today - Duration::days(10)}]
    }))
    .unwrap();
    store.create(&system, agreement).await.unwrap();

    // The milestone goes to Beta's people (Editor B and Aibek); the ending term to both
    // parties' people. Aibek reads Russian.
    let mails = mail::reminders(&store, today, 60, "https://medbridge.example/")
        .await
        .unwrap();
    let to_aibek: Vec<_> = mails.iter().filter(|m| m.to == "aibek@beta.kg").collect();
    assert_eq!(to_aibek.len(), 2, "{mails:#?}");
    assert_eq!(to_aibek[0].subject, "Просрочен этап: Первая поставка");
    assert!(
        to_aibek[0].body.contains("просрочка 10 дн.")
            && to_aibek[0]
                .body
                .contains("https://medbridge.example/agreements/")
    );
    assert!(
        mails
            .iter()
            .any(|m| m.to == "a@alpha.cn" && m.subject.starts_with("Agreement ending soon"))
    );
    assert!(
        !mails
            .iter()
            .any(|m| m.to == "a@alpha.cn" && m.subject.starts_with("Milestone")),
        "Alpha does not own the milestone"
    );
    assert_eq!(store.queue_mail(&mails).await.unwrap(), mails.len());
    let again = mail::reminders(&store, today, 60, "https://medbridge.example")
        .await
        .unwrap();
    assert_eq!(
        store.queue_mail(&again).await.unwrap(),
        0,
        "queued once a day"
    );

    // A relay that is not there: every mail stays, with the reason, due again later.
    let down = SmtpConfig::parse(
        &format!("smtp://127.0.0.1:{}", free_port()),
        "noreply@brmdia.org",
    )
    .unwrap();
    let d = mail::deliver_due(&store, &down, Utc::now(), 100)
        .await
        .unwrap();
    assert_eq!((d.sent, d.failed), (0, mails.len()));
    let kept = store.outbox(100).await.unwrap();
    assert!(kept.iter().all(|m| m.sent_at.is_none()
        && m.attempts == 1
        && m.last_error.as_deref().unwrap().contains("connecting")));
    assert!(
        store.due_mail(Utc::now(), 100).await.unwrap().is_empty(),
        "not retried at once"
    );

    // A real SMTP server receives every one once they are due again.
    let relay = relay().await;
    let up = SmtpConfig::parse(
        &format!("smtp://127.0.0.1:{}", relay.port),
        "noreply@brmdia.org",
    )
    .unwrap();
    let d = mail::deliver_due(&store, &up, Utc::now() + Duration::minutes(2), 100)
        .await
        .unwrap();
    assert_eq!((d.sent, d.failed), (mails.len(), 0));
    let got = received(&relay.maildir);
    assert_eq!(got.len(), mails.len());
    let russian = got
        .iter()
        .find(|m| m.contains("To: <aibek@beta.kg>") && body_of(m).contains("Первая поставка"))
        .expect("Aibek's reminder arrived");
    assert!(
        body_of(russian).starts_with("Уважаемый(ая) Айбек!"),
        "{}",
        body_of(russian)
    );
    assert!(russian.contains("Subject: =?UTF-8?B?"));
    assert!(
        store
            .outbox(100)
            .await
            .unwrap()
            .iter()
            .all(|m| m.sent_at.is_some())
    );
    // Nothing is sent twice.
    let d = mail::deliver_due(&store, &up, Utc::now() + Duration::days(1), 100)
        .await
        .unwrap();
    assert_eq!((d.sent, d.failed), (0, 0));
    drop(relay);
    w.db.finish().await;
}
