//! The deadline engine against the ICO's worked examples and the reference's test cases
//! (`reference/uk-sar-law-and-practice.md` §7.1–7.4), in all three regions; the computed bank
//! holidays against a GOV.UK-format fixture transcribed from the published feed; and properties
//! that must hold for every start date.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use jiff::ToSpan;
use jiff::civil::{Date, date};
use proptest::prelude::*;
use sarpack::deadline::holidays::{self, Calendar, HolidayFile};
use sarpack::deadline::{self, Query};
use sarpack::model::{Pause, Region};

const ENGLAND: Region = Region::EnglandAndWales;
const SCOTLAND: Region = Region::Scotland;
const NORTHERN_IRELAND: Region = Region::NorthernIreland;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bank-holidays.json")
}

fn compute(query: &Query) -> sarpack::model::Deadline {
    deadline::compute(query, &Calendar::computed(query.region)).unwrap()
}

fn due(start: Date, region: Region) -> Date {
    compute(&Query::received(start, region)).due
}

fn d(value: &str) -> Date {
    value.parse().unwrap()
}

/// §7.1 D1–D40: start date, then the due date in England and Wales, Scotland and Northern
/// Ireland. The England and Wales column and the regional cases D20, D22, D23, D25, D26, D28,
/// D30, D35, D37 are the reference's; the other regional values were worked out by hand from the
/// published holiday lists (a region differs only where one of its own holidays is involved).
const ONE_MONTH: &[(&str, &str, &str, &str, &str)] = &[
    // ICO example 2: 25 and 26 December are bank holidays.
    ("D1", "2024-11-25", "2024-12-27", "2024-12-27", "2024-12-27"),
    // ICO example 1: received on a bank holiday, still day one.
    ("D2", "2027-01-01", "2027-02-01", "2027-02-01", "2027-02-01"),
    ("D3", "2024-01-01", "2024-02-01", "2024-02-01", "2024-02-01"),
    ("D4", "2026-01-01", "2026-02-02", "2026-02-02", "2026-02-02"),
    ("D5", "2025-01-01", "2025-02-03", "2025-02-03", "2025-02-03"),
    // ICO example 3: 31 January runs to the end of February, then the weekend rule.
    ("D6", "2025-01-31", "2025-02-28", "2025-02-28", "2025-02-28"),
    ("D7", "2024-01-31", "2024-02-29", "2024-02-29", "2024-02-29"),
    ("D8", "2026-01-31", "2026-03-02", "2026-03-02", "2026-03-02"),
    ("D9", "2027-01-31", "2027-03-01", "2027-03-01", "2027-03-01"),
    (
        "D10",
        "2028-01-31",
        "2028-02-29",
        "2028-02-29",
        "2028-02-29",
    ),
    // ICO SME checklist: 3 September -> 3 October.
    (
        "D11",
        "2025-09-03",
        "2025-10-03",
        "2025-10-03",
        "2025-10-03",
    ),
    (
        "D12",
        "2024-09-03",
        "2024-10-03",
        "2024-10-03",
        "2024-10-03",
    ),
    (
        "D13",
        "2026-09-03",
        "2026-10-05",
        "2026-10-05",
        "2026-10-05",
    ),
    (
        "D14",
        "2025-01-30",
        "2025-02-28",
        "2025-02-28",
        "2025-02-28",
    ),
    (
        "D15",
        "2024-01-30",
        "2024-02-29",
        "2024-02-29",
        "2024-02-29",
    ),
    (
        "D16",
        "2024-03-31",
        "2024-04-30",
        "2024-04-30",
        "2024-04-30",
    ),
    (
        "D17",
        "2025-03-30",
        "2025-04-30",
        "2025-04-30",
        "2025-04-30",
    ),
    (
        "D18",
        "2025-03-01",
        "2025-04-01",
        "2025-04-01",
        "2025-04-01",
    ),
    // D19/D20: Monday 2 December 2024 is the St Andrew's Day substitute in Scotland.
    (
        "D19",
        "2024-10-31",
        "2024-12-02",
        "2024-12-03",
        "2024-12-02",
    ),
    // D21-D23: Easter Monday is not a Scottish bank holiday.
    (
        "D21",
        "2025-03-18",
        "2025-04-22",
        "2025-04-21",
        "2025-04-22",
    ),
    // D24/D25: 2 January is a Scottish bank holiday.
    (
        "D24",
        "2025-12-02",
        "2026-01-02",
        "2026-01-05",
        "2026-01-02",
    ),
    // D26/D27: St Patrick's Day.
    (
        "D26",
        "2026-02-17",
        "2026-03-17",
        "2026-03-17",
        "2026-03-18",
    ),
    // D28/D29: Battle of the Boyne, Monday 12 July 2027.
    (
        "D28",
        "2027-06-12",
        "2027-07-12",
        "2027-07-12",
        "2027-07-13",
    ),
    // D30/D31: Scottish summer bank holiday is the first Monday of August.
    (
        "D30",
        "2026-07-03",
        "2026-08-03",
        "2026-08-04",
        "2026-08-03",
    ),
    // D32/D33: Christmas substitute days.
    (
        "D32",
        "2026-11-25",
        "2026-12-29",
        "2026-12-29",
        "2026-12-29",
    ),
    (
        "D33",
        "2027-11-25",
        "2027-12-29",
        "2027-12-29",
        "2027-12-29",
    ),
    // D34/D35: New Year substitute days (3 January; 3 and 4 January in Scotland).
    (
        "D34",
        "2027-12-01",
        "2028-01-04",
        "2028-01-05",
        "2028-01-04",
    ),
    // D36/D37: leap day start; Good Friday and Easter Monday 2024.
    (
        "D36",
        "2024-02-29",
        "2024-04-02",
        "2024-04-01",
        "2024-04-02",
    ),
    (
        "D38",
        "2028-02-29",
        "2028-03-29",
        "2028-03-29",
        "2028-03-29",
    ),
    (
        "D39",
        "2026-12-31",
        "2027-02-01",
        "2027-02-01",
        "2027-02-01",
    ),
    (
        "D40",
        "2026-04-30",
        "2026-06-01",
        "2026-06-01",
        "2026-06-01",
    ),
];

#[test]
fn one_month_cases_in_all_three_regions() {
    for (case, start, england, scotland, northern_ireland) in ONE_MONTH {
        for (region, expected) in [
            (ENGLAND, england),
            (SCOTLAND, scotland),
            (NORTHERN_IRELAND, northern_ireland),
        ] {
            assert_eq!(
                due(d(start), region),
                d(expected),
                "{case}: start {start} in {region:?}"
            );
        }
    }
}

#[test]
fn the_same_cases_with_the_gov_uk_file_loaded() {
    // Loading the published holidays must not change any answer in 2024-2028.
    let file = HolidayFile::load(&fixture()).unwrap();
    for (case, start, england, scotland, northern_ireland) in ONE_MONTH {
        for (region, expected) in [
            (ENGLAND, england),
            (SCOTLAND, scotland),
            (NORTHERN_IRELAND, northern_ireland),
        ] {
            let calendar = Calendar::new(region, Some(&file));
            let deadline =
                deadline::compute(&Query::received(d(start), region), &calendar).unwrap();
            assert_eq!(deadline.due, d(expected), "{case} {region:?}");
        }
    }
}

#[test]
fn clock_starts_at_the_latest_of_receipt_identity_authority_and_fee() {
    // C1: one month from receipt of the identity evidence.
    let mut query = Query::received(d("2025-01-10"), ENGLAND);
    query.identity_verified = Some(d("2025-01-20"));
    let deadline = compute(&query);
    assert_eq!(deadline.start, d("2025-01-20"));
    assert_eq!(deadline.start_reason, "identity evidence received");
    assert_eq!(deadline.due, d("2025-02-20"));
    // C2: no identity needed.
    assert_eq!(due(d("2025-01-10"), ENGLAND), d("2025-02-10"));
    // C3: a solicitor's authority; 12 April 2026 is a Sunday.
    let mut query = Query::received(d("2026-03-05"), ENGLAND);
    query.authority_received = Some(d("2026-03-12"));
    let deadline = compute(&query);
    assert_eq!(
        (deadline.start, deadline.due),
        (d("2026-03-12"), d("2026-04-13"))
    );
    assert!(deadline.start_reason.contains("authority"));
    // A fee, later than identity.
    let mut query = Query::received(d("2026-03-05"), SCOTLAND);
    query.identity_verified = Some(d("2026-03-06"));
    query.fee_received = Some(d("2026-03-09"));
    let deadline = compute(&query);
    assert_eq!(
        (deadline.start, deadline.due),
        (d("2026-03-09"), d("2026-04-09"))
    );
    assert_eq!(deadline.start_reason, "fee received");
    // Two events on the same day are both named.
    let mut query = Query::received(d("2026-03-05"), ENGLAND);
    query.identity_verified = Some(d("2026-03-05"));
    assert_eq!(
        compute(&query).start_reason,
        "request received and identity evidence received"
    );
}

#[test]
fn day_of_receipt_is_day_one_even_on_a_weekend() {
    // C4: Saturday 1 March 2025 is day one, not Monday 3 March.
    let deadline = compute(&Query::received(d("2025-03-01"), ENGLAND));
    assert_eq!(deadline.start, d("2025-03-01"));
    assert_eq!(deadline.due, d("2025-04-01"));
    // C5: never the pre-2019 "day after receipt" answer.
    assert_ne!(due(d("2025-09-03"), ENGLAND), d("2025-10-06"));
    assert_eq!(due(d("2025-09-03"), ENGLAND), d("2025-10-03"));
}

#[test]
fn extension_cases() {
    let extended = |start: &str, region: Region, notified: Option<&str>| {
        let mut query = Query::received(d(start), region);
        query.extended = true;
        query.extension_notified = notified.map(d);
        compute(&query)
    };
    // E1.
    let e1 = extended("2025-09-03", ENGLAND, Some("2025-09-20"));
    assert!(e1.extended);
    assert_eq!(e1.extended_due, d("2025-12-03"));
    assert_eq!(e1.extension_notify_by, d("2025-10-03"));
    assert_eq!(e1.effective_due(), d("2025-12-03"));
    assert!(e1.warnings.is_empty());
    // E2: month-end clamp and roll, notice date.
    let e2 = extended("2025-11-30", ENGLAND, Some("2025-12-30"));
    assert!(e2.extended, "notice on the last day is in time");
    assert_eq!(e2.extended_due, d("2026-03-02"));
    assert_eq!(e2.extension_notify_by, d("2025-12-30"));
    // E3: 30 November 2025 is a Sunday; Scotland's 1 December is St Andrew's substitute.
    assert_eq!(
        extended("2025-08-31", ENGLAND, None).extended_due,
        d("2025-12-01")
    );
    assert_eq!(
        extended("2025-08-31", SCOTLAND, None).extended_due,
        d("2025-12-02")
    );
    assert_eq!(
        extended("2025-08-31", NORTHERN_IRELAND, None).extended_due,
        d("2025-12-01")
    );
    // E4: notified after the first month: no extension, the one-month date binds.
    let e4 = extended("2025-09-03", ENGLAND, Some("2025-10-06"));
    assert!(!e4.extended);
    assert_eq!(e4.effective_due(), d("2025-10-03"));
    assert!(
        e4.warnings
            .iter()
            .any(|warning| warning.contains("does not apply") && warning.contains("2025-10-06")),
        "{:?}",
        e4.warnings
    );
    // Claimed without a notice date: applies, with a reminder of the notice deadline.
    let unknown = extended("2025-09-03", ENGLAND, None);
    assert!(unknown.extended);
    assert!(unknown.warnings.iter().any(|w| w.contains("2025-10-03")));
}

fn pause(asked: &str, received: &str) -> Pause {
    Pause {
        asked: d(asked),
        received: d(received),
    }
}

#[test]
fn stop_the_clock_cases() {
    // P1: 4-9 March inclusive = 6 days; 2 April + 6 = 8 April.
    let mut query = Query::received(d("2026-03-02"), ENGLAND);
    query.clarification = vec![pause("2026-03-04", "2026-03-09")];
    let p1 = compute(&query);
    assert_eq!(p1.paused_days, 6);
    assert_eq!(p1.due, d("2026-04-08"));
    // P2: with an extension, the notice period is paused too.
    query.extended = true;
    query.extension_notified = Some(d("2026-04-08"));
    let p2 = compute(&query);
    assert!(p2.extended);
    assert_eq!(p2.extension_notify_by, d("2026-04-08"));
    assert_eq!(p2.extended_due, d("2026-06-08"));
}

#[test]
fn several_and_overlapping_pauses() {
    let with = |pauses: Vec<Pause>| {
        let mut query = Query::received(d("2026-03-02"), ENGLAND);
        query.identity_verified = None;
        query.clarification = pauses;
        compute(&query)
    };
    // Two pauses: 6 + 2 days; 2 April + 8 = Friday 10 April 2026.
    let two = with(vec![
        pause("2026-03-04", "2026-03-09"),
        pause("2026-03-20", "2026-03-21"),
    ]);
    assert_eq!((two.paused_days, two.due), (8, d("2026-04-10")));
    // Overlapping: 4-12 March is 9 days, not 6 + 5; 11 April is a Saturday.
    let overlapping = with(vec![
        pause("2026-03-08", "2026-03-12"),
        pause("2026-03-04", "2026-03-09"),
    ]);
    assert_eq!(
        (overlapping.paused_days, overlapping.due),
        (9, d("2026-04-13"))
    );
    // Asked and answered the same day: one day.
    assert_eq!(with(vec![pause("2026-03-04", "2026-03-04")]).paused_days, 1);
    // Asked after the time limit ran out: no effect, and a warning.
    let late = with(vec![pause("2026-04-20", "2026-04-25")]);
    assert_eq!((late.paused_days, late.due), (0, d("2026-04-02")));
    assert!(late.warnings.iter().any(|w| w.contains("run out")));
}

#[test]
fn pauses_around_the_start_of_the_clock() {
    let mut query = Query::received(d("2026-03-02"), ENGLAND);
    query.identity_verified = Some(d("2026-03-10"));
    // Entirely before day one: nothing to add.
    query.clarification = vec![pause("2026-03-03", "2026-03-05")];
    let before = compute(&query);
    assert_eq!((before.paused_days, before.due), (0, d("2026-04-10")));
    // Straddling day one: counts from day one (10-12 March = 3 days); 13 April is a Monday.
    query.clarification = vec![pause("2026-03-08", "2026-03-12")];
    let straddling = compute(&query);
    assert_eq!(
        (straddling.paused_days, straddling.due),
        (3, d("2026-04-13"))
    );
}

#[test]
fn bad_queries_name_the_key_and_the_value() {
    let mut query = Query::received(d("2026-03-02"), ENGLAND);
    query.identity_verified = Some(d("2026-03-01"));
    let message = deadline::compute(&query, &Calendar::computed(ENGLAND))
        .unwrap_err()
        .to_string();
    assert!(message.contains("identity_verified") && message.contains("2026-03-01"));
    let mut query = Query::received(d("2026-03-02"), ENGLAND);
    query.clarification = vec![pause("2026-03-09", "2026-03-04")];
    let message = deadline::compute(&query, &Calendar::computed(ENGLAND))
        .unwrap_err()
        .to_string();
    assert!(message.contains("clarification[0]") && message.contains("2026-03-04"));
}

const REQUEST: &str = r#"
reference = "SAR-2026-0007"
kind = "rectification"
received = "2024-10-31"
region = "scotland"
organisation = "Example Council"
[subject]
person_id = "P1"
name = "Jade Carter"
[records]
store = "store"
[[rectification]]
record = "CN-1001"
correction = "The date of birth is wrong."
"#;

#[test]
fn for_request_uses_the_request_and_its_holidays_file() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("request.toml");
    // Art 16 rectification follows the same timetable (D20, Scotland).
    let request = sarpack::request::parse(REQUEST, &path).unwrap();
    let deadline = deadline::for_request(&request, None).unwrap();
    assert_eq!(deadline.due, d("2024-12-03"));
    assert_eq!(deadline.region, SCOTLAND);

    // A GOV.UK file named in the request wins for the years it covers: here it lists 2024
    // without St Andrew's Day, so Monday 2 December is a working day.
    let local = r#"{"scotland":{"division":"scotland","events":[
        {"title":"Christmas Day","date":"2024-12-25","notes":"","bunting":true}]}}"#;
    std::fs::write(folder.path().join("local.json"), local).unwrap();
    let with_key = REQUEST.replace("region = ", "holidays = \"local.json\"\nregion = ");
    let request = sarpack::request::parse(&with_key, &path).unwrap();
    assert_eq!(
        deadline::for_request(&request, None).unwrap().due,
        d("2024-12-02")
    );
    // The argument overrides the request key.
    assert_eq!(
        deadline::for_request(&request, Some(&fixture()))
            .unwrap()
            .due,
        d("2024-12-03")
    );
    // A missing file is an error naming it.
    let message = deadline::for_request(&request, Some(Path::new("nowhere/bh.json")))
        .unwrap_err()
        .to_string();
    assert!(message.contains("nowhere/bh.json"), "{message}");
}

#[test]
fn computed_tables_equal_the_gov_uk_fixture_2018_to_2028() {
    // Read the fixture with serde_json directly, not through sarpack's loader.
    let text = std::fs::read_to_string(fixture()).unwrap();
    let feed: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut compared = 0;
    for region in Region::ALL {
        let events = feed[region.key()]["events"].as_array().unwrap();
        for year in 2018..=2028_i16 {
            let published: BTreeSet<Date> = events
                .iter()
                .map(|event| d(event["date"].as_str().unwrap()))
                .filter(|date| date.year() == year)
                .collect();
            let computed: BTreeSet<Date> = holidays::computed(region, year)
                .unwrap()
                .into_iter()
                .map(|holiday| holiday.date)
                .collect();
            assert!(!published.is_empty(), "{region:?} {year}");
            assert_eq!(computed, published, "{region:?} {year}");
            compared += published.len();
        }
    }
    assert_eq!(compared, 91 + 102 + 113);
}

#[test]
fn the_fixture_loads_and_marks_substitute_days() {
    let file = HolidayFile::load(&fixture()).unwrap();
    assert_eq!(file.years(SCOTLAND), (2018..=2028).collect::<Vec<i16>>());
    let christmas_2027 = file.holidays(ENGLAND, 2027).unwrap();
    assert!(
        christmas_2027
            .iter()
            .any(|holiday| holiday.date == date(2027, 12, 27) && holiday.substitute)
    );
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

fn any_region() -> impl Strategy<Value = Region> {
    prop::sample::select(Region::ALL.to_vec())
}

/// Any day from 2000 to 2099 (the deadline then stays within the computed tables).
fn any_start() -> impl Strategy<Value = Date> {
    (0..36525_i32).prop_map(|offset| date(2000, 1, 1).checked_add(offset.days()).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn due_is_a_working_day_on_or_after_the_same_date_next_month(
        start in any_start(),
        region in any_region(),
    ) {
        let calendar = Calendar::computed(region);
        let deadline = deadline::compute(&Query::received(start, region), &calendar).unwrap();
        let same_date = start.checked_add(1.month()).unwrap();
        prop_assert!(calendar.is_working_day(deadline.due).unwrap());
        prop_assert!(deadline.due >= same_date);
        // Same day number, or the month's last day when it has no such day.
        prop_assert!(
            same_date.day() == start.day()
                || (same_date.day() < start.day() && same_date == same_date.last_of_month())
        );
        // And it is the first working day on or after that date: every day skipped is not one.
        let mut day = same_date;
        while day < deadline.due {
            prop_assert!(!calendar.is_working_day(day).unwrap());
            day = day.tomorrow().unwrap();
        }
        let extended_same_date = start.checked_add(3.months()).unwrap();
        prop_assert!(deadline.extended_due >= extended_same_date);
        prop_assert!(calendar.is_working_day(deadline.extended_due).unwrap());
    }

    #[test]
    fn due_is_monotonic_in_the_start_date(
        first in any_start(),
        gap in 0..400_i32,
        region in any_region(),
    ) {
        let second = first.checked_add(gap.days()).unwrap();
        prop_assume!(second.year() < 2100);
        let calendar = Calendar::computed(region);
        let a = deadline::compute(&Query::received(first, region), &calendar).unwrap();
        let b = deadline::compute(&Query::received(second, region), &calendar).unwrap();
        prop_assert!(a.due <= b.due);
        prop_assert!(a.extended_due <= b.extended_due);
    }

    #[test]
    fn a_pause_never_brings_the_deadline_forward(
        start in any_start(),
        asked_after in 0..40_i32,
        length in 0..30_i32,
        region in any_region(),
    ) {
        let calendar = Calendar::computed(region);
        let plain = deadline::compute(&Query::received(start, region), &calendar).unwrap();
        let asked = start.checked_add(asked_after.days()).unwrap();
        let mut query = Query::received(start, region);
        query.clarification = vec![Pause { asked, received: asked.checked_add(length.days()).unwrap() }];
        let paused = deadline::compute(&query, &calendar).unwrap();
        prop_assert!(paused.due >= plain.due);
        prop_assert!(calendar.is_working_day(paused.due).unwrap());
        if asked <= plain.due {
            prop_assert_eq!(paused.paused_days, i64::from(length) + 1);
        }
    }
}

proptest! {
    #[test]
    fn the_gov_uk_file_and_the_computed_tables_agree_2018_to_2028(
        offset in 0..3900_i32,
        region in any_region(),
    ) {
        let start = date(2018, 1, 1).checked_add(offset.days()).unwrap();
        let file = HolidayFile::load(&fixture()).unwrap();
        let mut query = Query::received(start, region);
        query.extended = true;
        let loaded = deadline::compute(&query, &Calendar::new(region, Some(&file))).unwrap();
        let computed = deadline::compute(&query, &Calendar::computed(region)).unwrap();
        prop_assert_eq!(loaded, computed);
    }
}
