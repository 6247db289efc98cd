//! The statutory time limit for a request: one calendar month from day one (the day the clock
//! starts), extended by up to two further months, paused while waiting for clarification, and
//! moved to the next working day of the request's region. It sits right after `request::load` in
//! the pipeline ([`for_request`]) and behind `sarpack deadline` ([`Query`] → [`Report`]).
//!
//! # The rules (UK GDPR Art 12(3) and Art 12A; ICO right of access guidance, 8 December 2025)
//!
//! Sources and worked examples: `reference/uk-sar-law-and-practice.md` §1.1–1.10 and §7.1–7.4.
//!
//! 1. **Day one.** The clock starts on the latest of: receipt of the request, of the identity
//!    evidence asked for, of proof of a representative's authority, of a fee where one is allowed
//!    (ICO §1.2; DPA 2018 s.54(3) for the parallel wording). The day of receipt is day one even on
//!    a weekend or bank holiday; the pre-2019 "day after receipt" rule is not used.
//! 2. **One month.** The limit runs to the same date in the following month; where that date does
//!    not exist, the last day of that month (31 January → 28/29 February). Rectification requests
//!    (Art 16) use the same timetable.
//! 3. **Working day.** Where that date is a Saturday, Sunday or bank holiday of the region, the
//!    deadline moves to the end of the next working day. Bank holidays in between do not matter.
//! 4. **Extension.** Up to two further months: three months from day one (clamped to month end,
//!    then moved to a working day), only where the requester is told, with reasons, within the
//!    first month, i.e. by the one-month due date. When `extended` is claimed but the notice was
//!    late, sarpack does **not** fail: the extension does not apply, the one-month date binds, and
//!    a warning says why — a DPO needs to see the binding date and the breach, not an error.
//! 5. **Stop the clock** (Art 12A; DPA 2018 s.54(3C)): "the period beginning with the day on which
//!    the controller makes the request and ending with the day on which the controller receives
//!    the information does not count". The counting rule implemented (reference §1.6, test P1):
//!    the paused days are `received − asked + 1` (both days inclusive), added in calendar days to
//!    the unadjusted one-month (and three-month) date before the working-day rule is applied.
//!    Several pauses add up; overlapping pauses are merged first so no day counts twice; a pause
//!    that begins before day one counts only from day one; a pause asked for after the period had
//!    already run out does not revive it (it is ignored, with a warning). The one-month notice
//!    period for an extension is paused the same way (s.54(3C)), so the notice date is the
//!    paused one-month due date. This is an interpretation of the statute: a DPO should sign it
//!    off.
//!
//! Bank holidays: see [`holidays`].

pub mod holidays;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use jiff::{Span, ToSpan};
use serde::Serialize;

use crate::model::long_date;
use crate::model::{Deadline, Pause, Region, Request};
use holidays::{BankHoliday, Calendar, HolidayFile};

#[derive(Debug, thiserror::Error)]
pub enum DeadlineError {
    /// A date or value that cannot be right; `key` is the request-file key (the binary maps it to
    /// its flag).
    #[error("`{key}`: {message}")]
    Invalid { key: String, message: String },
    #[error("cannot read `{path}`")]
    ReadHolidays {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("`{path}` is not a GOV.UK bank-holidays.json file: {message}")]
    HolidayFile { path: PathBuf, message: String },
    #[error(
        "bank holidays for {year} in {region} are not known: sarpack computes them for 2000 to 2100 \
         (load a GOV.UK bank-holidays.json that covers {year} with --holidays)",
        region = .region.key()
    )]
    NotCovered { year: i16, region: Region },
    #[error("`{date}` is too close to the end of the calendar to count a deadline from")]
    OutOfCalendar { date: Date },
}

/// Everything the deadline depends on: the dates of a request and the region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Query {
    pub received: Date,
    pub identity_verified: Option<Date>,
    pub authority_received: Option<Date>,
    pub fee_received: Option<Date>,
    pub clarification: Vec<Pause>,
    pub extended: bool,
    pub extension_notified: Option<Date>,
    pub region: Region,
}

impl Query {
    /// A query with only the date of receipt.
    pub fn received(received: Date, region: Region) -> Query {
        Query {
            received,
            identity_verified: None,
            authority_received: None,
            fee_received: None,
            clarification: Vec::new(),
            extended: false,
            extension_notified: None,
            region,
        }
    }

    pub fn from_request(request: &Request) -> Query {
        Query {
            received: request.received,
            identity_verified: request.identity_verified,
            authority_received: request.authority_received,
            fee_received: request.fee_received,
            clarification: request.clarification.clone(),
            extended: request.extended,
            extension_notified: request.extension_notified,
            region: request.region,
        }
    }

    /// Checks the dates make sense together. Errors name the request-file key and the value.
    pub fn validate(&self) -> Result<(), DeadlineError> {
        let received = self.received;
        for (key, value) in [
            ("identity_verified", self.identity_verified),
            ("authority_received", self.authority_received),
            ("fee_received", self.fee_received),
            ("extension_notified", self.extension_notified),
        ] {
            if let Some(value) = value
                && value < received
            {
                return Err(DeadlineError::Invalid {
                    key: key.to_string(),
                    message: format!("`{value}` is before the request was received (`{received}`)"),
                });
            }
        }
        for (index, pause) in self.clarification.iter().enumerate() {
            if pause.received < pause.asked {
                return Err(DeadlineError::Invalid {
                    key: format!("clarification[{index}]"),
                    message: format!(
                        "the pause ends (`{}`) before it starts (`{}`)",
                        pause.received, pause.asked
                    ),
                });
            }
        }
        Ok(())
    }
}

/// The deadline for `request`. `holidays` overrides the request's `holidays` key (GOV.UK
/// `bank-holidays.json`), which takes precedence over the computed tables for the years it covers.
pub fn for_request(request: &Request, holidays: Option<&Path>) -> Result<Deadline, DeadlineError> {
    let calendar = calendar(request.region, holidays.or(request.holidays.as_deref()))?;
    compute(&Query::from_request(request), &calendar)
}

/// The calendar of `region`, with the GOV.UK file at `holidays` loaded if given.
pub fn calendar(region: Region, holidays: Option<&Path>) -> Result<Calendar, DeadlineError> {
    let file = holidays.map(HolidayFile::load).transpose()?;
    Ok(Calendar::new(region, file.as_ref()))
}

fn add(date: Date, span: Span) -> Result<Date, DeadlineError> {
    // jiff clamps a month addition to the last day of a shorter month (31 Jan + 1 month =
    // 28/29 Feb), which is the ICO rule.
    date.checked_add(span)
        .map_err(|_| DeadlineError::OutOfCalendar { date })
}

fn days_between(from: Date, to: Date) -> Result<i64, DeadlineError> {
    let span = from
        .until(to)
        .map_err(|_| DeadlineError::OutOfCalendar { date: from })?;
    Ok(i64::from(span.get_days()))
}

/// Overlapping pauses merged, sorted by the day they start.
fn merge_pauses(pauses: &[Pause]) -> Vec<Pause> {
    let mut sorted = pauses.to_vec();
    sorted.sort_by_key(|pause| (pause.asked, pause.received));
    let mut merged: Vec<Pause> = Vec::new();
    for pause in sorted {
        match merged.last_mut() {
            Some(last) if pause.asked <= last.received => {
                last.received = last.received.max(pause.received);
            }
            _ => merged.push(pause),
        }
    }
    merged
}

/// The result of running the clock for `months` months from `start` with the pauses.
struct Period {
    /// The working day the period ends on.
    due: Date,
    paused_days: i64,
    warnings: Vec<String>,
}

fn run_period(
    start: Date,
    months: i32,
    pauses: &[Pause],
    calendar: &Calendar,
) -> Result<Period, DeadlineError> {
    let mut end = add(start, months.months())?;
    let mut paused_days = 0;
    let mut warnings = Vec::new();
    for pause in merge_pauses(pauses) {
        if pause.received < start {
            warnings.push(format!(
                "clarification asked {} and received {} before the clock started ({start}): it does not add days",
                pause.asked, pause.received
            ));
            continue;
        }
        let from = pause.asked.max(start);
        let running_until = calendar.on_or_next_working_day(end)?;
        if from > running_until {
            warnings.push(format!(
                "clarification asked {} after the time limit had run out ({running_until}): it does not stop the clock (UK GDPR Art 12A)",
                pause.asked
            ));
            continue;
        }
        // s.54(3C): from the day asked to the day received, both inclusive.
        let days = days_between(from, pause.received)? + 1;
        paused_days += days;
        end = add(end, days.days())?;
    }
    Ok(Period {
        due: calendar.on_or_next_working_day(end)?,
        paused_days,
        warnings,
    })
}

/// The deadline for `query` in `calendar`'s region (the region in the query is ignored in
/// favour of the calendar's, so the two cannot disagree).
pub fn compute(query: &Query, calendar: &Calendar) -> Result<Deadline, DeadlineError> {
    query.validate()?;
    let events = [
        (Some(query.received), "request received"),
        (query.identity_verified, "identity evidence received"),
        (
            query.authority_received,
            "proof of the representative's authority received",
        ),
        (query.fee_received, "fee received"),
    ];
    let start = events
        .iter()
        .filter_map(|(date, _)| *date)
        .max()
        .unwrap_or(query.received);
    let start_reason = events
        .iter()
        .filter(|(date, _)| *date == Some(start))
        .map(|(_, reason)| *reason)
        .collect::<Vec<_>>()
        .join(" and ");

    let one_month = run_period(start, 1, &query.clarification, calendar)?;
    let three_months = run_period(start, 3, &query.clarification, calendar)?;
    let extension_notify_by = one_month.due;

    let mut warnings = Vec::new();
    let extended = if query.extended {
        match query.extension_notified {
            Some(notified) if notified > extension_notify_by => {
                warnings.push(format!(
                    "the extension does not apply: the requester was told on {notified}, after {extension_notify_by}, the end of the first month (UK GDPR Art 12(3)); the one-month deadline binds"
                ));
                false
            }
            Some(_) => true,
            None => {
                warnings.push(format!(
                    "the extension applies only if the requester is told, with reasons, by {extension_notify_by} (UK GDPR Art 12(3))"
                ));
                true
            }
        }
    } else {
        false
    };
    let binding = if extended { &three_months } else { &one_month };
    warnings.extend(binding.warnings.iter().cloned());

    Ok(Deadline {
        start,
        start_reason,
        due: one_month.due,
        extended_due: three_months.due,
        extension_notify_by,
        extended,
        paused_days: binding.paused_days,
        region: calendar.region(),
        warnings,
    })
}

// ---------------------------------------------------------------------------------------------
// The report `sarpack deadline` prints
// ---------------------------------------------------------------------------------------------

/// Where the organisation stands on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Due after today.
    Open,
    /// Today is the last day.
    DueToday,
    /// The deadline has passed.
    Overdue,
}

/// The deadline and where the organisation stands on a given day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The request's reference, when the query came from a request file.
    pub reference: Option<String>,
    #[serde(flatten)]
    pub deadline: Deadline,
    /// The date that binds now: `extended_due` when the extension applies, else `due`.
    pub effective_due: Date,
    /// The effective due date before the working-day rule: same date next month (or in three
    /// months when extended), clamped to the month's end, plus paused days.
    pub unadjusted_due: Date,
    /// The bank holidays between `unadjusted_due` and `effective_due` that moved the deadline.
    pub holidays_skipped: Vec<BankHoliday>,
    /// The clarification pauses, merged.
    pub pauses: Vec<Pause>,
    /// Whether a GOV.UK file supplied the holidays for the due date's year.
    pub holidays_from_file: bool,
    pub today: Date,
    pub status: Status,
    /// Calendar days from today to the effective due date (0 when due today or overdue).
    pub calendar_days_left: i64,
    /// Working days after today up to and including the effective due date.
    pub working_days_left: i64,
    /// Calendar days since the effective due date (0 unless overdue).
    pub days_overdue: i64,
}

/// The report for `query` on `today`.
pub fn report(
    query: &Query,
    calendar: &Calendar,
    today: Date,
    reference: Option<String>,
) -> Result<Report, DeadlineError> {
    let deadline = compute(query, calendar)?;
    let effective_due = deadline.effective_due();
    let (status, calendar_days_left, days_overdue) = match today.cmp(&effective_due) {
        std::cmp::Ordering::Less => (Status::Open, days_between(today, effective_due)?, 0),
        std::cmp::Ordering::Equal => (Status::DueToday, 0, 0),
        std::cmp::Ordering::Greater => (Status::Overdue, 0, days_between(effective_due, today)?),
    };
    let working_days_left = calendar.working_days_after(today, effective_due)?;
    // Paused days are added to the clamped month date before the working-day rule (see the
    // module documentation), so this is the date the rule started from.
    let months: i32 = if deadline.extended { 3 } else { 1 };
    let unadjusted_due = add(
        add(deadline.start, months.months())?,
        deadline.paused_days.days(),
    )?;
    let mut holidays_skipped = Vec::new();
    let mut day = unadjusted_due;
    while day < effective_due {
        if let Some(holiday) = calendar.bank_holiday(day)? {
            holidays_skipped.push(holiday);
        }
        day = day
            .tomorrow()
            .map_err(|_| DeadlineError::OutOfCalendar { date: day })?;
    }
    Ok(Report {
        reference,
        effective_due,
        unadjusted_due,
        holidays_skipped,
        pauses: merge_pauses(&query.clarification),
        holidays_from_file: calendar.is_loaded(effective_due.year()),
        today,
        status,
        calendar_days_left,
        working_days_left,
        days_overdue,
        deadline,
    })
}

fn region_name(region: Region) -> &'static str {
    match region {
        Region::EnglandAndWales => "England and Wales",
        Region::Scotland => "Scotland",
        Region::NorthernIreland => "Northern Ireland",
    }
}

fn plural(count: i64, word: &str) -> String {
    if count == 1 {
        format!("1 {word}")
    } else {
        format!("{count} {word}s")
    }
}

impl Report {
    /// The report for a person: dates spelled out, ISO dates alongside.
    pub fn to_human(&self) -> String {
        let deadline = &self.deadline;
        let dated = |date: Date| format!("{} ({date})", long_date(date));
        let mut out = String::new();
        if let Some(reference) = &self.reference {
            let _ = writeln!(out, "Request {reference}");
        }
        let _ = writeln!(
            out,
            "Working days: {} (weekends and bank holidays{})",
            region_name(deadline.region),
            if self.holidays_from_file {
                ", from the loaded GOV.UK file"
            } else {
                ""
            }
        );
        let _ = writeln!(
            out,
            "Clock starts:    {} — day one: {}",
            dated(deadline.start),
            deadline.start_reason
        );
        if deadline.paused_days > 0 {
            let pauses = self
                .pauses
                .iter()
                .map(|pause| format!("{} to {}", pause.asked, pause.received))
                .collect::<Vec<_>>()
                .join(", ");
            let _ = writeln!(
                out,
                "Clock stopped:   {} for clarification ({pauses})",
                plural(deadline.paused_days, "day")
            );
        }
        let _ = writeln!(
            out,
            "Due:             {}{}",
            dated(deadline.due),
            if deadline.extended {
                " — extended, see below"
            } else {
                ""
            }
        );
        let _ = writeln!(
            out,
            "Extension:       tell the requester, with reasons, by {}{}",
            dated(deadline.extension_notify_by),
            if !deadline.extended && self.today > deadline.extension_notify_by {
                " — too late to extend now"
            } else {
                ""
            }
        );
        let _ = writeln!(
            out,
            "Extended due:    {}{}",
            dated(deadline.extended_due),
            if deadline.extended {
                " — the extension applies"
            } else {
                " — only if extended in time"
            }
        );
        if self.unadjusted_due != self.effective_due {
            let why = if self.holidays_skipped.is_empty() {
                "a weekend".to_string()
            } else {
                let skipped = self
                    .holidays_skipped
                    .iter()
                    .map(|holiday| format!("{} {}", holiday.title, holiday.date))
                    .collect::<Vec<_>>()
                    .join(", ");
                format!("weekend or bank holiday: {skipped}")
            };
            let _ = writeln!(
                out,
                "Moved:           {} due date from {}, not a working day ({why})",
                if deadline.extended {
                    "the extended"
                } else {
                    "the"
                },
                long_date(self.unadjusted_due)
            );
        }
        let standing = match self.status {
            Status::Open => format!(
                "{} and {} left to {}",
                plural(self.calendar_days_left, "calendar day"),
                plural(self.working_days_left, "working day"),
                long_date(self.effective_due)
            ),
            Status::DueToday => "due today".to_string(),
            Status::Overdue => format!(
                "OVERDUE by {} (due {})",
                plural(self.days_overdue, "day"),
                long_date(self.effective_due)
            ),
        };
        let _ = writeln!(out, "Today:           {}: {standing}", dated(self.today));
        for warning in &deadline.warnings {
            let _ = writeln!(out, "Warning:         {warning}");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn due(received: Date, region: Region) -> Date {
        compute(
            &Query::received(received, region),
            &Calendar::computed(region),
        )
        .unwrap()
        .due
    }

    #[test]
    fn spells_dates() {
        assert_eq!(long_date(date(2026, 12, 4)), "Friday 4 December 2026");
        assert_eq!(long_date(date(2024, 2, 29)), "Thursday 29 February 2024");
    }

    #[test]
    fn ico_examples() {
        let england = Region::EnglandAndWales;
        assert_eq!(due(date(2024, 11, 25), england), date(2024, 12, 27));
        assert_eq!(due(date(2027, 1, 1), england), date(2027, 2, 1));
        assert_eq!(due(date(2025, 1, 31), england), date(2025, 2, 28));
        assert_eq!(due(date(2024, 1, 31), england), date(2024, 2, 29));
        assert_eq!(due(date(2026, 1, 31), england), date(2026, 3, 2));
    }

    #[test]
    fn merges_overlapping_pauses() {
        let pause = |a: Date, b: Date| Pause {
            asked: a,
            received: b,
        };
        let merged = merge_pauses(&[
            pause(date(2026, 3, 10), date(2026, 3, 12)),
            pause(date(2026, 3, 4), date(2026, 3, 9)),
            pause(date(2026, 3, 8), date(2026, 3, 10)),
        ]);
        assert_eq!(merged, vec![pause(date(2026, 3, 4), date(2026, 3, 12))]);
    }
}
