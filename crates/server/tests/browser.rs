//! The web shell in a real browser: headless Chromium driven over WebDriver.
//!
//! Runs only with `MEDBRIDGE_BROWSER_TESTS=1` (CI sets it), and then a missing Chromium or
//! chromedriver is a failure, never a skip. Paths default to Debian's `/usr/bin/chromium` and
//! `/usr/bin/chromedriver`; `MEDBRIDGE_CHROMIUM` and `MEDBRIDGE_CHROMEDRIVER` override them.
//!
//! The WebDriver client is the few commands this story needs, as JSON over plain HTTP to a
//! chromedriver on localhost: a browser-automation crate would bring an HTTP client and TLS
//! stack for nothing. Screenshots go to `$MEDBRIDGE_SCREENSHOTS` (default: the temp dir).

mod common;

use base64::Engine;
use common::*;
use medbridge_server::app;
use medbridge_store::testing::TestDb;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
const ENTER: &str = "\u{E007}";

/// A chromedriver process, killed when dropped.
struct Driver {
    addr: SocketAddr,
    child: Child,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One WebDriver command; a WebDriver error is a panic naming the command.
async fn call(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> Result<Value, String> {
    let mut stream = TcpStream::connect(addr)
        .await
        .map_err(|e| format!("chromedriver at {addr}: {e}"))?;
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(req.as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    // Read by Content-Length: chromedriver keeps the connection open despite `close`.
    let mut raw = Vec::new();
    let mut chunk = [0u8; 16384];
    let (split, length) = loop {
        let n = stream.read(&mut chunk).await.map_err(|e| e.to_string())?;
        if n == 0 {
            return Err(format!("{method} {path}: connection closed"));
        }
        raw.extend_from_slice(&chunk[..n]);
        if let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok());
            break (
                split,
                length.ok_or_else(|| format!("{method} {path}: no Content-Length"))?,
            );
        }
    };
    while raw.len() < split + 4 + length {
        let n = stream.read(&mut chunk).await.map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&chunk[..n]);
    }
    let payload = &raw[split + 4..];
    let v: Value = serde_json::from_slice(payload).map_err(|e| format!("{method} {path}: {e}"))?;
    match v["value"]["error"].as_str() {
        Some(err) => Err(format!("{method} {path}: {err}: {}", v["value"]["message"])),
        None => Ok(v["value"].clone()),
    }
}

impl Driver {
    fn start() -> Driver {
        let exe = std::env::var("MEDBRIDGE_CHROMEDRIVER")
            .unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(&exe)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("MEDBRIDGE_BROWSER_TESTS=1 but chromedriver ({exe}) cannot start: {e}; apt-get install chromium chromium-driver"));
        Driver {
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
            child,
        }
    }

    async fn session(&self) -> Session {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !call(self.addr, "GET", "/status", None)
            .await
            .is_ok_and(|v| v["ready"] == true)
        {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not become ready"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let binary =
            std::env::var("MEDBRIDGE_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        assert!(
            std::path::Path::new(&binary).exists(),
            "MEDBRIDGE_BROWSER_TESTS=1 but there is no Chromium at {binary}"
        );
        // A fresh profile per session: stories run in parallel, and a shared profile would
        // share (and clobber) their cookies.
        static SESSIONS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = SESSIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let profile =
            std::env::temp_dir().join(format!("medbridge-chromium-{}-{n}", std::process::id()));
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-quic",
            "--no-first-run",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,1000",
            &format!("--user-data-dir={}", profile.display()),
        ];
        let caps = json!({"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {"binary": binary, "args": args}}}});
        let v = call(self.addr, "POST", "/session", Some(caps))
            .await
            .unwrap();
        Session {
            addr: self.addr,
            id: v["sessionId"].as_str().unwrap().to_string(),
            profile,
        }
    }
}

struct Session {
    addr: SocketAddr,
    id: String,
    profile: PathBuf,
}

impl Session {
    async fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        call(
            self.addr,
            method,
            &format!("/session/{}{path}", self.id),
            body,
        )
        .await
    }

    async fn goto(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({"url": url})))
            .await
            .unwrap();
    }

    /// The element matching `css`, waiting up to 10 s for it (pages load after clicks).
    async fn find(&self, css: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match self
                .cmd(
                    "POST",
                    "/element",
                    Some(json!({"using": "css selector", "value": css})),
                )
                .await
            {
                Ok(v) => return v[ELEMENT].as_str().unwrap().to_string(),
                Err(e) if Instant::now() > deadline => {
                    panic!("{css} never appeared: {e}\n{}", self.text("body").await)
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// Clicks what does not leave the page (a checkbox).
    async fn click(&self, css: &str) {
        let el = self.find(css).await;
        self.cmd("POST", &format!("/element/{el}/click"), Some(json!({})))
            .await
            .unwrap();
    }

    /// Clicks a link or a submit button and waits for the next page to load.
    async fn follow(&self, css: &str) {
        self.navigating(self.click(css)).await;
    }

    /// Runs `act`, which loads a new page, and returns once that page has loaded. Without
    /// this, a `find` right after a click can see the page being left, whose elements then go
    /// stale (or show the old text): chromedriver's click does not wait for the navigation.
    async fn navigating(&self, act: impl std::future::Future<Output = ()>) {
        self.script("window.__medbridgeLeaving = true").await;
        act.await;
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let loaded = self
                .cmd(
                    "POST",
                    "/execute/sync",
                    Some(json!({"script": "return window.__medbridgeLeaving === undefined && document.readyState === 'complete'", "args": []})),
                )
                .await;
            if loaded == Ok(Value::Bool(true)) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "no new page loaded within 10 s: {loaded:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn type_into(&self, css: &str, text: &str) {
        let el = self.find(css).await;
        self.cmd("POST", &format!("/element/{el}/clear"), Some(json!({})))
            .await
            .unwrap();
        self.cmd(
            "POST",
            &format!("/element/{el}/value"),
            Some(json!({"text": text})),
        )
        .await
        .unwrap();
    }

    async fn text(&self, css: &str) -> String {
        let Ok(v) = self
            .cmd(
                "POST",
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await
        else {
            return String::new();
        };
        let el = v[ELEMENT].as_str().unwrap().to_string();
        self.cmd("GET", &format!("/element/{el}/text"), None)
            .await
            .unwrap()
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    async fn attribute(&self, css: &str, name: &str) -> String {
        let el = self.find(css).await;
        self.cmd("GET", &format!("/element/{el}/attribute/{name}"), None)
            .await
            .unwrap()
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    async fn script(&self, js: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({"script": js, "args": []})),
        )
        .await
        .unwrap()
    }

    async fn screenshot(&self, name: &str) -> PathBuf {
        let dir = std::env::var("MEDBRIDGE_SCREENSHOTS")
            .map(PathBuf::from)
            .unwrap_or_else(|_| std::env::temp_dir());
        let png = base64::engine::general_purpose::STANDARD
            .decode(
                self.cmd("GET", "/screenshot", None)
                    .await
                    .unwrap()
                    .as_str()
                    .unwrap(),
            )
            .unwrap();
        assert!(png.starts_with(b"\x89PNG"), "a PNG");
        let path = dir.join(name);
        std::fs::write(&path, png).unwrap();
        eprintln!("screenshot: {}", path.display());
        path
    }

    async fn quit(self) {
        let _ = self.cmd("DELETE", "", None).await;
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// A product with registrations in two markets, one of them lapsed.
fn product(org: medbridge_core::OrgId) -> medbridge_core::model::ProductData {
    serde_json::from_value(json!({
        "supplier_id": org.0, "name": {"en": "uCT 550 computed tomography", "fr": "Tomodensitomètre uCT 550"},
        "device_codes": ["FDA:JAK", "EMDN:Z11030601"], "risk_class": "IIb",
        "registrations": [{"authority": "eaeu", "number": "EAEU-2023-1", "valid_from": "2023-01-01", "valid_until": "2099-01-01"},
                          {"authority": "national", "country": "SN", "number": "SN-19-7", "valid_until": "2021-12-31"}],
        "price": {"min": 300000, "max": 450000, "currency": "USD"}, "lead_time_days": 90, "service_countries": ["KG", "KZ", "SN"]
    }))
    .unwrap()
}

/// Runs `story` when browser tests are asked for; says so on stderr when they are not.
fn run_story<F: std::future::Future<Output = ()> + 'static>(story: fn() -> F) {
    if std::env::var("MEDBRIDGE_BROWSER_TESTS").as_deref() != Ok("1") {
        // Straight to stderr: the harness captures println! of passing tests, and a skip must show.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "skipped: set MEDBRIDGE_BROWSER_TESTS=1 to run browser tests"
        );
        return;
    }
    // In debug builds the story's frames and the API router's OpenAPI construction are both
    // large; together they overflow a test thread's 2 MiB stack, so the story gets its own.
    let story = std::thread::Builder::new()
        .stack_size(32 << 20)
        .spawn(move || {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap()
                .block_on(story())
        })
        .unwrap();
    if let Err(panic) = story.join() {
        std::panic::resume_unwind(panic);
    }
}

#[test]
fn a_visitor_switches_language_signs_in_and_posts_a_need() {
    run_story(story);
}

#[test]
fn the_secretariat_records_an_agreement_and_sees_it_in_the_event_report_and_dashboard() {
    run_story(agreement_story);
}

#[test]
fn an_organiser_sets_up_a_session_delegates_meet_and_download_their_agenda() {
    run_story(matchmaking_story);
}

async fn sign_in(s: &Session, base: &str, email: &str, password: &str, next: &str) {
    s.goto(&format!("{base}/sign-in?next={next}")).await;
    s.type_into("#f-email", email).await;
    s.type_into("#f-password", password).await;
    s.follow("form.form button[type=submit]").await;
    s.find(".account .who").await;
}

async fn sign_out(s: &Session) {
    s.follow(".account form button").await;
    s.find(".account a[href^='/sign-in']").await;
}

async fn matchmaking_story() {
    let w = world(TestDb::sqlite().await).await;
    let store = w.api.store().clone();
    let system = medbridge_store::Actor::system("test");
    let event: medbridge_core::model::EventData = serde_json::from_value(json!({
        "name": {"en": "B2B matchmaking, ISPC 2023", "ru": "B2B-встречи ISPC 2023"},
        "kind": "matchmaking_session", "starts_on": "2023-10-19", "ends_on": "2023-10-19",
        "country": "KG", "city": "Bishkek", "utc_offset_minutes": 360
    }))
    .unwrap();
    let event = store.create(&system, event).await.unwrap().id;
    let (li, _) = person(
        &store,
        "Li Na",
        "li.na@alpha.cn",
        Some(w.org_a),
        "member",
        "li-na-pass-1",
    )
    .await;
    let (aibek, _) = person(
        &store,
        "Aibek Sadyrov",
        "aibek@beta.kg",
        Some(w.org_b),
        "member",
        "aibek-pass-1",
    )
    .await;
    // Beta Hospital's delegation is already approved; Alpha Medical registers on the page.
    for (org, p) in [(w.org_b, aibek)] {
        let reg: medbridge_core::model::RegistrationData = serde_json::from_value(json!({
            "event_id": event.0, "organisation_id": org.0, "status": "approved",
            "delegates": [{"person_id": p.0, "role": "delegate", "languages": ["en", "ru"]}]
        }))
        .unwrap();
        store.create(&system, reg).await.unwrap();
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(axum::serve(listener, app(w.api.state.clone())).into_future());
    let driver = Driver::start();
    let s = driver.session().await;
    let page = format!("/events/{}", event.0);

    // Li Na registers her organisation's delegation: it waits for approval.
    sign_in(&s, &base, "li.na@alpha.cn", "li-na-pass-1", &page).await;
    s.click(&format!(
        "#register-form input[name=people][value='{}']",
        li.0
    ))
    .await;
    s.follow("#register-form button[type=submit]").await;
    s.find("ul.registrations").await;
    let regs = s.text("ul.registrations").await;
    assert!(
        regs.contains("Alpha Medical awaiting approval") && regs.contains("Li Na (delegate)"),
        "{regs}"
    );
    assert!(
        s.script("return document.getElementById('request-form') === null")
            .await
            == true,
        "not yet a delegate"
    );
    sign_out(&s).await;

    // The organiser sets up four 20-minute slots from 10:00 Bishkek time at two tables.
    sign_in(&s, &base, "admin@brmdia.org", "admin-pass-1", &page).await;
    s.follow("ul.registrations button.approve").await;
    s.find("ul.registrations").await;
    assert!(
        !s.text("ul.registrations")
            .await
            .contains("awaiting approval")
    );
    // At the door: the organiser checks Li Na in, then prints her badge with its QR code.
    let li_delegate = format!("ul.registrations .delegate[data-person='{}']", li.0);
    s.follow(&format!("{li_delegate} button.check-in")).await;
    s.find(&format!("{li_delegate} .checked-in")).await;
    s.follow("ul.registrations a.badges-link").await;
    s.find(".badge-card .badge-qr svg").await;
    assert!(s.text(".badge-card .badge-name").await.contains("Li Na"));
    let url = s.text(".badge-card figcaption").await;
    assert!(
        url.starts_with(&base) && url.contains("/check-in/"),
        "{url}"
    );
    s.screenshot("medbridge-badge.png").await;
    // The QR code's page, as the steward's phone opens it: already checked in.
    s.goto(&url).await;
    s.find("#checked-in").await;
    s.goto(&format!("{base}{page}")).await;
    s.type_into("#f-first_start", "2023-10-19T10:00").await;
    s.script("document.getElementById('f-count').value = '4'")
        .await;
    s.script("document.getElementById('f-tables').value = '2'")
        .await;
    s.follow("#setup-form button[type=submit]").await;
    s.find("table.grid").await;
    let grid = s.text("table.grid").await;
    assert!(
        grid.contains("10:00–10:20") && grid.contains("11:00–11:20"),
        "{grid}"
    );
    assert!(grid.contains("04:00Z"), "UTC beside local time: {grid}");
    sign_out(&s).await;

    // Li Na asks Aibek for a meeting.
    sign_in(&s, &base, "li.na@alpha.cn", "li-na-pass-1", &page).await;
    s.find("#request-form").await;
    s.script(&format!(
        "document.getElementById('f-to_person').value = '{}'",
        aibek.0
    ))
    .await;
    s.type_into("#f-message", "CT scanners for Osh").await;
    s.follow("#request-form button[type=submit]").await;
    s.find("ul.meetings").await;
    assert!(
        s.text("ul.meetings")
            .await
            .contains("Aibek Sadyrov (Beta Hospital)")
    );
    assert!(s.text("ul.meetings").await.contains("awaiting answer"));
    sign_out(&s).await;

    // Aibek accepts, in Russian.
    sign_in(
        &s,
        &base,
        "aibek@beta.kg",
        "aibek-pass-1",
        &format!("{page}?lang=ru"),
    )
    .await;
    s.find("ul.meetings button.accept").await;
    assert!(
        s.text("ul.meetings")
            .await
            .contains("Li Na (Alpha Medical)")
    );
    s.follow("ul.meetings button.accept").await;
    s.find("ul.meetings").await;
    assert!(
        s.text("ul.meetings").await.contains("принята"),
        "{}",
        s.text("ul.meetings").await
    );
    sign_out(&s).await;

    // The organiser runs the scheduler; the grid shows the meeting.
    sign_in(
        &s,
        &base,
        "admin@brmdia.org",
        "admin-pass-1",
        &format!("{page}?lang=en"),
    )
    .await;
    s.follow("#run-scheduler").await;
    s.find(".matchmaking .notice.ok").await;
    assert_eq!(
        s.text(".matchmaking .notice.ok").await,
        "Meetings scheduled: 1. Idle gaps between delegates' meetings: 0, the fewest possible."
    );
    assert!(
        s.text("table.grid")
            .await
            .contains("Li Na (Alpha Medical) – Aibek Sadyrov (Beta Hospital)")
    );
    let csv = s
        .script(&format!(
            "return fetch('/events/{}/meetings.csv').then(r => r.text())",
            event.0
        ))
        .await;
    let csv = csv.as_str().unwrap_or_default();
    assert!(
        csv.starts_with("slot,local_time,utc,table,meeting")
            && csv.contains("Li Na (Alpha Medical)"),
        "{csv}"
    );
    s.screenshot("medbridge-matchmaking-grid.png").await;
    sign_out(&s).await;

    // Aibek downloads his agenda: one meeting, at the scheduled slot's UTC time.
    sign_in(&s, &base, "aibek@beta.kg", "aibek-pass-1", &page).await;
    let href = s.attribute("#ics", "href").await;
    assert!(
        href.ends_with(&format!("agenda.ics?person={}", aibek.0)),
        "{href}"
    );
    let ics = s
        .script(&format!(
            "return fetch('{href}', {{credentials: 'same-origin'}}).then(r => r.text())"
        ))
        .await;
    let ics = ics.as_str().unwrap_or_default();
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1, "{ics}");
    assert!(ics.contains("DTSTART:20231019T0"), "{ics}");
    assert!(ics.contains("Li Na (Alpha Medical)"), "{ics}");
    assert!(
        s.text("ul.meetings").await.contains("table"),
        "placed at a table"
    );
    // After the meeting he records that it was held and wants a follow-up.
    s.follow(".outcome-form button[value=follow_up]").await;
    s.find("ul.meetings .badge.outcome").await;
    assert_eq!(
        s.text("ul.meetings .badge.outcome").await,
        "Held, follow-up wanted"
    );

    s.quit().await;
    drop(driver);
    server.abort();
    w.db.finish().await;
}

async fn agreement_story() {
    let w = world(TestDb::sqlite().await).await;
    let store = w.api.store().clone();
    let event: medbridge_core::model::EventData = serde_json::from_value(json!({
        "name": {"en": "ISPC 2023, Bishkek", "ru": "ISPC 2023, Бишкек", "zh": "2023年比什凯克国际会议"},
        "kind": "conference", "starts_on": "2023-10-19", "ends_on": "2023-10-20", "country": "KG", "city": "Bishkek"
    }))
    .unwrap();
    let event = store
        .create(&medbridge_store::Actor::system("test"), event)
        .await
        .unwrap()
        .id;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(axum::serve(listener, app(w.api.state.clone())).into_future());
    let driver = Driver::start();
    let s = driver.session().await;

    // The secretariat signs in (in Russian) and records the agreement.
    s.goto(&format!("{base}/sign-in?lang=ru&next=/agreements"))
        .await;
    s.type_into("#f-email", "admin@brmdia.org").await;
    s.type_into("#f-password", "admin-pass-1").await;
    s.follow("form.form button[type=submit]").await;
    s.find(".account .who").await;
    assert_eq!(s.text("h1").await, "Соглашения");
    s.follow("a[href='/agreements/new']").await;
    s.type_into("#f-title", "Соглашение о поставке КТ").await;
    s.script("document.getElementById('f-kind').value = 'supply'")
        .await;
    s.click(&format!("input[name=parties][value='{}']", w.org_a.0))
        .await;
    // One party only, and a milestone before the signing: both reported, nothing written.
    // Date inputs take the locale's format when typed; set them as the picker would.
    let set = |id: &str, v: &str| format!("document.getElementById('{id}').value = '{v}'");
    s.script(&set("f-signed_on", "2023-10-19")).await;
    s.type_into("#f-place", "Бишкек").await;
    s.script(&format!(
        "document.getElementById('f-event_id').value = '{}'",
        event.0
    ))
    .await;
    s.type_into("#f-milestone_title", "Первая поставка").await;
    s.script(&set("f-milestone_due", "2023-01-01")).await;
    s.follow("form.form button[type=submit]").await;
    s.find("#e-parties").await;
    s.find("#e-milestone_due").await;
    assert!(
        s.text(".error-summary").await.contains("Стороны"),
        "{}",
        s.text(".error-summary").await
    );
    assert_eq!(
        s.script("return document.getElementById('f-title').value")
            .await,
        "Соглашение о поставке КТ",
        "the form keeps what was typed"
    );
    s.screenshot("medbridge-agreement-form-errors-ru.png").await;
    s.click(&format!("input[name=parties][value='{}']", w.org_b.0))
        .await;
    s.script(&set("f-milestone_due", "2024-03-01")).await;
    s.script(&format!(
        "document.getElementById('f-milestone_owner').value = '{}'",
        w.org_a.0
    ))
    .await;
    s.follow("form.form button[type=submit]").await;
    s.find("article.record table").await;
    assert_eq!(s.text("h1").await, "Соглашение о поставке КТ");
    let facts = s.text(".facts").await;
    assert!(
        facts.contains("Alpha Medical") && facts.contains("Beta Hospital"),
        "{facts}"
    );
    assert!(
        s.text("table").await.contains("Просрочен"),
        "due 2024-03-01"
    );

    // The event report lists it, with its kind and the parties' countries.
    s.follow(".facts a[href^='/events/']").await;
    s.find("section.outcomes").await;
    let report = s.text("section.outcomes").await;
    assert!(
        report.contains("Соглашение о поставке КТ")
            && report.contains("Договор поставки или закупки"),
        "{report}"
    );
    assert_eq!(
        s.script("return document.querySelectorAll('section.outcomes svg.chart').length")
            .await,
        2
    );
    s.screenshot("medbridge-event-report-ru.png").await;

    // The dashboard counts it and chases the overdue milestone, in Chinese too.
    s.goto(&format!("{base}/dashboard?lang=zh")).await;
    assert_eq!(s.text("h1").await, "合作成果看板");
    assert!(
        s.text(".figures").await.contains("1 已签署"),
        "{}",
        s.text(".figures").await
    );
    let page = s.text("main").await;
    assert!(page.contains("Первая поставка"), "{page}");
    assert!(page.contains("应于 2024-03-01 完成"), "{page}");
    assert_eq!(
        s.script("return document.querySelectorAll('section.charts svg.chart rect.bar').length")
            .await,
        3,
        "one kind bar and two country bars"
    );
    // The funnel counts needs; none was posted in this story.
    assert!(
        s.text("#funnel").await.contains("发布需求"),
        "{}",
        s.text("#funnel").await
    );
    s.screenshot("medbridge-dashboard-zh.png").await;

    s.quit().await;
    drop(driver);
    server.abort();
    w.db.finish().await;
}

async fn story() {
    // The real server on a random port, with a fresh database: two organisations and their
    // editors (see common::world).
    let w = world(TestDb::sqlite().await).await;
    w.api.store().set_setting("demo", "true").await.unwrap();
    let product = w
        .api
        .store()
        .create(&medbridge_store::Actor::system("test"), product(w.org_a))
        .await
        .unwrap()
        .id;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(axum::serve(listener, app(w.api.state.clone())).into_future());

    let driver = Driver::start();
    let s = driver.session().await;

    // Russian, then Chinese through the language switch; the choice sticks.
    s.goto(&format!("{base}/organisations?lang=ru")).await;
    assert_eq!(s.script("return document.documentElement.lang").await, "ru");
    assert_eq!(s.text("h1").await, "Каталог организаций");
    assert_eq!(s.text(".count").await, "2 организации");
    assert!(
        s.text(".demo-banner")
            .await
            .starts_with("Демонстрационные данные")
    );
    s.follow("a[hreflang=zh]").await;
    s.find("html[lang=zh]").await;
    assert_eq!(s.text("h1").await, "机构名录");
    s.screenshot("medbridge-directory-zh.png").await;
    s.follow("nav.main a[href='/products']").await;
    s.find("html[lang=zh]").await;
    assert_eq!(s.text("h1").await, "产品");

    // Sign in (returns to the products page), then post a need.
    s.follow(".account a").await;
    s.type_into("#f-email", "a@alpha.cn").await;
    s.type_into("#f-password", "alpha-pass-1").await;
    s.follow("form.form button[type=submit]").await;
    s.find(".account .who").await;
    assert_eq!(s.text(".account .who").await, "已登录：Editor A");
    s.follow("nav.main a[href='/opportunities']").await;
    s.follow("a[href='/opportunities/new']").await;
    s.type_into("#f-title", "CT scanner for the Osh regional hospital")
        .await;
    s.type_into("#f-countries", "KG XX").await;
    s.type_into("#f-budget_amount", "500000").await;
    s.type_into("#f-budget_currency", "USD").await;
    s.follow("form.form button[type=submit]").await;

    // The invalid country is reported at its input, in Chinese, and the input keeps it.
    s.find("#e-countries").await;
    assert!(
        s.text("#e-countries")
            .await
            .starts_with("不是有效的国家代码"),
        "{}",
        s.text("#e-countries").await
    );
    assert_eq!(s.attribute("#f-countries", "aria-invalid").await, "true");
    assert_eq!(
        s.attribute("#f-countries", "aria-describedby").await,
        "h-countries e-countries"
    );
    assert_eq!(
        s.script("return document.getElementById('f-countries').value")
            .await,
        "KG XX"
    );
    assert_eq!(
        s.script("return document.getElementById('f-title').value")
            .await,
        "CT scanner for the Osh regional hospital"
    );
    assert_eq!(
        s.script("return document.activeElement.className").await,
        "error-summary",
        "focus moves to the summary"
    );
    s.screenshot("medbridge-need-form-errors-zh.png").await;

    // Fixed, and submitted from the keyboard.
    s.navigating(s.type_into("#f-countries", &format!("KG{ENTER}")))
        .await;
    s.find(".notice.ok").await;
    assert_eq!(s.text(".notice.ok").await, "已保存。");
    assert_eq!(
        s.text("h1").await,
        "CT scanner for the Osh regional hospital"
    );

    // Its page shows the matching product with reasons, in each of the four languages.
    s.find(".matches .match").await;
    let mut seen = Vec::new();
    for lang in ["zh", "ru", "en", "fr"] {
        s.follow(&format!("a[hreflang={lang}]")).await;
        s.find(&format!("html[lang={lang}]")).await;
        let title = s.text(".matches .match h3").await;
        assert!(
            title.contains("uCT 550") || title.contains("Tomodensitomètre"),
            "{lang}: {title}"
        );
        let reasons = s.text(".matches .match .reasons").await;
        assert!(!reasons.is_empty(), "{lang}: no reasons");
        match lang {
            "zh" => assert!(
                reasons
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{reasons}"
            ),
            "ru" => assert!(
                reasons.chars().any(|c| ('а'..='я').contains(&c)),
                "{reasons}"
            ),
            _ => {}
        }
        assert!(
            !seen.contains(&reasons),
            "{lang} reasons repeat another language: {reasons}"
        );
        seen.push(reasons);
        // How the need was read, in the same language.
        let reading = s.text(".matches .reading").await;
        let expected = match lang {
            "zh" => "识别为：CT（根据名称）",
            "ru" => "понято как: компьютерный томограф (по названию)",
            "en" => "read as: CT scanner (from its name)",
            _ => "compris comme : scanner (d'après son nom)",
        };
        assert_eq!(reading, expected, "{lang}");
        if lang == "ru" {
            s.screenshot("medbridge-need-matches-ru.png").await;
        }
    }
    s.follow("a[hreflang=zh]").await;
    s.find("html[lang=zh]").await;

    // Listed, also for a Russian reader.
    s.follow("nav.main a[href='/opportunities']").await;
    s.follow("a[hreflang=ru]").await;
    s.find("html[lang=ru]").await;
    assert_eq!(s.text(".count").await, "1 запрос или предложение");
    assert!(
        s.text(".cards")
            .await
            .contains("CT scanner for the Osh regional hospital")
    );
    s.screenshot("medbridge-opportunities-ru.png").await;

    // A product in French: codes as SCHEME:CODE, registrations with today's validity.
    s.goto(&format!("{base}/products/{product}?lang=fr")).await;
    assert_eq!(s.text("h1").await, "Tomodensitomètre uCT 550");
    let facts = s.text(".facts").await;
    assert!(
        facts.contains("FDA:JAK")
            && facts.contains("300000 – 450000 USD")
            && facts.contains("90 jours"),
        "{facts}"
    );
    let table = s.text("table").await;
    assert!(
        table.contains("✓ valable")
            && table.contains("✗ non valable")
            && table.contains("Autorité nationale SN"),
        "{table}"
    );
    s.screenshot("medbridge-product-fr.png").await;

    // Its supplier's profile in Russian lists it.
    s.follow(".facts a[href^='/organisations/']").await;
    s.follow("a[hreflang=ru]").await;
    s.find("html[lang=ru]").await;
    assert_eq!(s.text(".meta .badge").await, "Производитель");
    assert!(
        s.text(".record")
            .await
            .contains("uCT 550 computed tomography"),
        "the English name, lacking a Russian one"
    );
    s.screenshot("medbridge-organisation-ru.png").await;

    // The search page: Russian words find the product through its device type; the
    // registration facet narrows; the search is saved for alerts.
    s.goto(&format!("{base}/search?lang=ru")).await;
    s.type_into("#f-q", "компьютерный томограф для больницы")
        .await;
    s.type_into("#f-country", "KG").await;
    s.follow(".search-form button[type=submit]").await;
    assert!(
        s.text(".results .match h3").await.contains("uCT 550"),
        "{}",
        s.text("main").await
    );
    assert_eq!(s.text(".results .count").await, "1 результат");
    assert_eq!(
        s.text(".results .reading").await,
        "понято как: компьютерный томограф (по названию)"
    );
    let facets = s.text(".facets").await;
    assert!(
        facets.contains("Евразийский экономический союз") && facets.contains("CN"),
        "{facets}"
    );
    s.follow(".facets a[href*='market=eaeu']").await;
    assert!(
        s.text(".facets a.selected")
            .await
            .contains("Евразийский экономический союз")
    );
    assert!(s.text(".results .match h3").await.contains("uCT 550"));
    s.screenshot("medbridge-search-ru.png").await;
    s.type_into("#f-name", "КТ для Оша").await;
    s.follow(".save-search button[type=submit]").await;
    assert!(
        s.text(".saved-searches").await.contains("КТ для Оша"),
        "{}",
        s.text("main").await
    );

    s.quit().await;
    drop(driver);
    server.abort();
    w.db.finish().await;
}
