//! The 20 real events of the JAIR 2022 benchmark, read from `../shared/data`
//! (never copied into the repository). Skipped, loudly, when the folder is absent.

use std::path::PathBuf;
use std::time::Duration;

use medbridge_schedule::{SolveOptions, dzn, solve, validate};

fn instances_dir() -> Option<PathBuf> {
    medbridge_core::shared_data::locate().map(|d| d.join("scheduling/jair2022-b2b/instances"))
}

fn header(text: &str, name: &str) -> usize {
    text.lines()
        .find_map(|l| {
            l.strip_prefix(name)?
                .trim()
                .strip_prefix('=')?
                .trim()
                .strip_suffix(';')?
                .parse()
                .ok()
        })
        .unwrap_or_else(|| panic!("{name} in header"))
}

#[test]
fn parses_all_twenty_real_events() {
    let Some(dir) = instances_dir() else { return };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("readable")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".original.dzn"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 20);
    for path in files {
        let text = std::fs::read_to_string(&path).expect("readable");
        let instance = dzn::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(instance.participants.len(), header(&text, "nBusiness"));
        assert_eq!(instance.requests.len(), header(&text, "nMeetings"));
        assert_eq!(instance.tables as usize, header(&text, "nTables"));
        assert_eq!(instance.slots.len(), header(&text, "nTotalSlots"));
        // Cross-check `forbidden` independently: sets holding a slot other than 0.
        let block = text
            .split("forbidden = [")
            .nth(1)
            .and_then(|b| b.split("];").next())
            .unwrap_or("");
        let declared = block
            .split('}')
            .filter(|set| {
                set.split(|c: char| !c.is_ascii_digit())
                    .any(|n| !n.is_empty() && n != "0")
            })
            .count();
        let parsed = instance
            .participants
            .iter()
            .filter(|p| !p.unavailable.is_empty())
            .count();
        assert_eq!(parsed, declared, "{}", path.display());
    }
}

#[test]
fn solves_a_real_event_to_its_published_optimum() {
    let Some(dir) = instances_dir() else { return };
    // tic-12: 42 participants, 125 meetings, 8 slots; published optimum 0 breaks.
    let text = std::fs::read_to_string(dir.join("tic-12.original.dzn")).expect("readable");
    let mut instance = dzn::parse(&text).expect("valid");
    instance.fairness = Some(2);
    let solution = solve(
        &instance,
        &SolveOptions {
            time_limit: Duration::from_secs(10),
            ..SolveOptions::default()
        },
    );
    assert_eq!(validate(&instance, &solution.schedule), Ok(()));
    assert_eq!(solution.report.scheduled, 125);
    assert_eq!(solution.report.breaks, 0);
    assert!(solution.report.proven_optimal);
}
