//! `sarpack deadline` run as a user would: human and JSON output, request files, GOV.UK
//! holiday files, and the error messages and exit code for bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sarpack(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sarpack"))
        .arg("deadline")
        .args(args)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.push("--json");
    let output = sarpack(&all);
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_str(&stdout(&output)).unwrap()
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bank-holidays.json")
}

#[test]
fn human_output_spells_dates_and_counts_days_left() {
    // ICO example 2, looked at on Sunday 1 December 2024.
    let output = sarpack(&["--received", "2024-11-25", "--today", "2024-12-01"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    for expected in [
        "Monday 25 November 2024",
        "day one: request received",
        "Due:             Friday 27 December 2024 (2024-12-27)",
        "Moved:           the due date from Wednesday 25 December 2024, not a working day \
         (weekend or bank holiday: Christmas Day 2024-12-25, Boxing Day 2024-12-26)",
        "Extended due:    Tuesday 25 February 2025",
        // 2-6, 9-13, 16-20, 23-24 and 27 December: 18 working days; 26 calendar days.
        "26 calendar days and 18 working days left",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    assert!(stderr(&output).is_empty());
}

#[test]
fn json_output_has_iso_dates_and_the_standing() {
    let report = json(&["--received", "2024-11-25", "--today", "2024-12-01"]);
    assert_eq!(report["start"], "2024-11-25");
    assert_eq!(report["due"], "2024-12-27");
    assert_eq!(report["effective_due"], "2024-12-27");
    assert_eq!(report["extension_notify_by"], "2024-12-27");
    assert_eq!(report["extended_due"], "2025-02-25");
    assert_eq!(report["region"], "england-and-wales");
    assert_eq!(report["status"], "open");
    assert_eq!(report["calendar_days_left"], 26);
    assert_eq!(report["working_days_left"], 18);
    assert_eq!(report["days_overdue"], 0);
    assert_eq!(report["unadjusted_due"], "2024-12-25");
    assert_eq!(report["holidays_skipped"][1]["date"], "2024-12-26");
}

#[test]
fn holidays_just_before_an_unmoved_due_date_are_not_listed() {
    // 2 April 2024 is a working day; Easter Monday the day before did not move anything.
    let report = json(&["--received", "2024-03-02", "--today", "2024-03-02"]);
    assert_eq!(report["due"], "2024-04-02");
    assert_eq!(report["unadjusted_due"], "2024-04-02");
    assert_eq!(report["holidays_skipped"].as_array().unwrap().len(), 0);
    let output = sarpack(&["--received", "2024-03-02", "--today", "2024-03-02"]);
    assert!(!stdout(&output).contains("Moved:"));
    // A weekend alone (ICO example 3, 2026).
    let output = sarpack(&["--received", "2026-01-31", "--today", "2026-02-01"]);
    assert!(
        stdout(&output).contains("from Saturday 28 February 2026, not a working day (a weekend)"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn overdue_and_due_today() {
    let report = json(&["--received", "2024-11-25", "--today", "2025-01-02"]);
    assert_eq!(report["status"], "overdue");
    assert_eq!(report["days_overdue"], 6);
    let output = sarpack(&["--received", "2024-11-25", "--today", "2025-01-02"]);
    assert!(stdout(&output).contains("OVERDUE by 6 days (due Friday 27 December 2024)"));
    let today = json(&["--received", "2024-11-25", "--today", "2024-12-27"]);
    assert_eq!(today["status"], "due-today");
    assert_eq!(today["working_days_left"], 0);
}

#[test]
fn every_flag_reaches_the_engine() {
    // P2 with identity received on day one, in Northern Ireland.
    let report = json(&[
        "--received",
        "2026-03-02",
        "--verified",
        "2026-03-02",
        "--pause",
        "2026-03-04:2026-03-09",
        "--extended",
        "--notified",
        "2026-03-20",
        "--region",
        "northern-ireland",
        "--today",
        "2026-03-10",
    ]);
    assert_eq!(report["paused_days"], 6);
    assert_eq!(report["due"], "2026-04-08");
    assert_eq!(report["extended"], true);
    assert_eq!(report["extended_due"], "2026-06-08");
    assert_eq!(report["effective_due"], "2026-06-08");
    assert_eq!(report["region"], "northern-ireland");
    // St Patrick's Day (NI) is the only holiday between; authority and fee move the start.
    let later = json(&[
        "--received",
        "2026-02-10",
        "--authority",
        "2026-02-12",
        "--fee",
        "2026-02-17",
        "--region",
        "northern-ireland",
        "--today",
        "2026-02-20",
    ]);
    assert_eq!(later["start"], "2026-02-17");
    assert_eq!(later["start_reason"], "fee received");
    assert_eq!(later["due"], "2026-03-18");
}

#[test]
fn a_late_extension_notice_is_a_warning_not_an_error() {
    let output = sarpack(&[
        "--received",
        "2025-09-03",
        "--extended",
        "--notified",
        "2025-10-06",
        "--today",
        "2025-10-10",
    ]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(
        text.contains("Warning:         the extension does not apply"),
        "{text}"
    );
    assert!(
        text.contains("OVERDUE by 7 days (due Friday 3 October 2025)"),
        "{text}"
    );
}

#[test]
fn reads_a_request_file_and_its_holidays() {
    let folder = tempfile::tempdir().unwrap();
    let request = folder.path().join("request.toml");
    std::fs::write(
        &request,
        r#"
reference = "SAR-2024-0042"
kind = "subject-access"
received = "2024-10-31"
region = "scotland"
organisation = "Example Council"
[subject]
person_id = "P1"
name = "Jade Carter"
[records]
store = "store"
"#,
    )
    .unwrap();
    let path = request.to_str().unwrap();
    let output = sarpack(&[path, "--today", "2024-11-01"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("Request SAR-2024-0042"), "{text}");
    assert!(text.contains("Working days: Scotland"), "{text}");
    // D20: Monday 2 December 2024 is the St Andrew's Day substitute.
    assert!(
        text.contains("Due:             Tuesday 3 December 2024"),
        "{text}"
    );
    assert!(text.contains("St Andrew’s Day 2024-12-02"), "{text}");

    // With the GOV.UK file the answer is the same and says where the holidays came from.
    let holidays = fixture();
    let report = json(&[
        path,
        "--today",
        "2024-11-01",
        "--holidays",
        holidays.to_str().unwrap(),
    ]);
    assert_eq!(report["reference"], "SAR-2024-0042");
    assert_eq!(report["due"], "2024-12-03");
    assert_eq!(report["holidays_from_file"], true);

    // Flags describing the request cannot be mixed with a request file.
    let output = sarpack(&[path, "--received", "2024-10-01"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn bad_input_names_the_flag_and_the_value_and_exits_2() {
    let cases: &[(&[&str], &[&str])] = &[
        (&["--received", "2026-02-30"], &["--received", "2026-02-30"]),
        (&["--received", "30/01/2026"], &["--received", "30/01/2026"]),
        (
            &["--received", "2026-02-01", "--verified", "2026-01-31"],
            &["--verified", "2026-01-31", "before"],
        ),
        (
            &[
                "--received",
                "2026-02-01",
                "--pause",
                "2026-02-09:2026-02-04",
            ],
            &["--pause", "2026-02-09:2026-02-04", "before it starts"],
        ),
        (
            &["--received", "2026-02-01", "--pause", "2026-02-09"],
            &["--pause", "FROM:TO"],
        ),
        (
            &["--received", "2026-02-01", "--region", "wales"],
            &["--region", "wales"],
        ),
        (
            &["--received", "2026-02-01", "--today", "tomorrow"],
            &["--today", "tomorrow"],
        ),
        (
            &[
                "--received",
                "2026-02-01",
                "--extended",
                "--notified",
                "2026-01-05",
            ],
            &["--notified", "2026-01-05"],
        ),
        (
            &[
                "--received",
                "2026-02-01",
                "--holidays",
                "no/such/bank-holidays.json",
            ],
            &["no/such/bank-holidays.json"],
        ),
        (&["--received", "1999-06-01"], &["1999", "2000 to 2100"]),
    ];
    for (args, expected) in cases {
        let output = sarpack(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let message = stderr(&output);
        assert!(message.starts_with("error: "), "{message}");
        for part in *expected {
            assert!(
                message.contains(part),
                "{args:?}: {part:?} not in {message}"
            );
        }
        assert!(stdout(&output).is_empty(), "{args:?}");
    }
}

#[test]
fn bad_holiday_file_and_bad_request_file_are_named() {
    let folder = tempfile::tempdir().unwrap();
    let holidays = folder.path().join("bank-holidays.json");
    std::fs::write(
        &holidays,
        r#"{"england-and-wales": {"events": [{"title": "x"}]}}"#,
    )
    .unwrap();
    let output = sarpack(&[
        "--received",
        "2026-02-01",
        "--holidays",
        holidays.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("bank-holidays.json"),
        "{}",
        stderr(&output)
    );

    let request = folder.path().join("request.toml");
    std::fs::write(&request, "reference = \"R1\"\nreceived = \"2026-02-30\"\n").unwrap();
    let output = sarpack(&[request.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("request.toml"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn today_defaults_to_the_clock() {
    let report = json(&["--received", "2026-01-05"]);
    let today: jiff::civil::Date = report["today"].as_str().unwrap().parse().unwrap();
    assert!(today.year() >= 2026);
}

#[test]
fn a_reader_that_stops_early_is_no_panic() {
    // `sarpack deadline ... | head -c0`: the read end of the pipe is closed before sarpack
    // writes, so every write fails with a broken pipe. println! panics there (exit 101 and a
    // "failed printing to stdout" message); sarpack drops the output and keeps its exit code.
    let mut child = Command::new(env!("CARGO_BIN_EXE_sarpack"))
        .args([
            "deadline",
            "--received",
            "2024-11-25",
            "--today",
            "2024-12-01",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let error = stderr(&output);
    assert!(!error.contains("panicked"), "{error}");
    assert!(output.status.success(), "{:?}: {error}", output.status);
}
