//! `medbridge schedule` end to end, through the binary, on events written here: what
//! it prints for a small event it solves to optimality, for a malformed file, and when
//! the time limit, not the search, decided the result.

mod common;

/// Three delegates, two meetings, one table: both meetings fit without a break.
const SMALL: &str = "nBusiness = 3;\nnMeetings = 2;\nnTables = 1;\nnTotalSlots = 4;\n\
    nMorningSlots = 2;\nrequested = [|1, 2, 3,\n|2, 3, 3,\n|];\n";

/// `n` delegates asking for `m` meetings (pseudo-random pairs, either session) at
/// `tables` tables in 12 slots: far more than fit, so a short search cannot settle.
fn crowded(n: u32, m: u32, tables: u32) -> String {
    let mut state = 12345u64;
    let mut next = |bound: u32| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) % u64::from(bound)) as u32 + 1
    };
    let mut rows = String::new();
    for _ in 0..m {
        let a = next(n);
        let mut b = next(n);
        while b == a {
            b = next(n);
        }
        rows.push_str(&format!("|{a}, {b}, 3,\n"));
    }
    format!(
        "nBusiness = {n};\nnMeetings = {m};\nnTables = {tables};\nnTotalSlots = 12;\n\
         nMorningSlots = 6;\nrequested = [{rows}|];\n"
    )
}

fn run(dir: &common::Dir, name: &str, text: &str, extra: &[&str]) -> std::process::Output {
    let path = dir.0.join(name);
    std::fs::write(&path, text).unwrap();
    let mut args = vec!["schedule", "--dzn", path.to_str().unwrap()];
    args.extend_from_slice(extra);
    common::medbridge_with(&dir.0, &args, &[])
}

#[test]
fn a_small_event_is_scheduled_and_proven_optimal() {
    let dir = common::scratch("schedule-small");
    let out = run(&dir, "small.dzn", SMALL, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("meetings scheduled: 2/2"), "{stdout}");
    assert!(
        stdout.contains("total breaks:       0 (lower bound 0, optimal)"),
        "{stdout}"
    );
    assert!(!stdout.contains("time limit"), "{stdout}");
}

#[test]
fn a_malformed_file_is_refused_with_its_line() {
    let dir = common::scratch("schedule-bad");
    let bad = SMALL.replace("|2, 3, 3,", "|2, 9, 3,");
    let out = run(&dir, "bad.dzn", &bad, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("line 7: `requested` has 9, expected a participant from 1 to 3"),
        "{stderr}"
    );
}

#[test]
fn a_search_cut_short_by_the_time_limit_says_so() {
    let dir = common::scratch("schedule-cut");
    let event = crowded(60, 400, 10);
    let out = run(&dir, "crowded.dzn", &event, &["--time-limit", "0.05"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("note: the time limit (0.05 s) ended the search"),
        "{stdout}"
    );
}
