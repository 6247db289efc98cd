//! `sarpack deadline`: prints the statutory deadline for a request file or for dates given on
//! the command line. This file only turns flags into a [`deadline::Query`], reads the clock (the
//! one place that does, for `--today`'s default) and prints the library's [`deadline::Report`].

use std::process::ExitCode;

use anyhow::{Context, anyhow};
use jiff::civil::Date;
use sarpack::deadline::{self, DeadlineError, Query};
use sarpack::model::{Pause, Region};
use sarpack::request;

use crate::cli::DeadlineArgs;

/// Bad input of any kind: a date, a flag, a file (documented in `--help`).
const EXIT_BAD_INPUT: u8 = 2;

pub fn main(args: DeadlineArgs) -> ExitCode {
    match run(&args) {
        Ok(output) => {
            out!("{output}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            for cause in error.chain().skip(1) {
                eprintln!("caused by: {cause}");
            }
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}

fn run(args: &DeadlineArgs) -> anyhow::Result<String> {
    let today = match &args.today {
        Some(value) => flag_date("--today", value)?,
        None => today(),
    };
    let (query, reference, holidays) = match &args.request {
        Some(path) => {
            let request = request::load(path)?;
            let query = Query::from_request(&request);
            let holidays = args.holidays.clone().or(request.holidays.clone());
            (query, Some(request.reference), holidays)
        }
        None => (query_from_flags(args)?, None, args.holidays.clone()),
    };
    let calendar = deadline::calendar(query.region, holidays.as_deref())?;
    let report = deadline::report(&query, &calendar, today, reference).map_err(|error| {
        match (&args.request, error) {
            (None, DeadlineError::Invalid { key, message }) => {
                anyhow!("`{}`: {message}", flag_for_key(&key))
            }
            (Some(path), error) => anyhow::Error::new(error).context(format!(
                "cannot compute the deadline for `{}`",
                path.display()
            )),
            (None, error) => anyhow::Error::new(error),
        }
    })?;
    if args.json {
        let mut json = serde_json::to_string_pretty(&report).context("cannot write the report")?;
        json.push('\n');
        Ok(json)
    } else {
        Ok(report.to_human())
    }
}

/// Today's date in the UK (the deadline is the end of a UK day).
fn today() -> Date {
    let now = jiff::Timestamp::now();
    match now.in_tz("Europe/London") {
        Ok(zoned) => zoned.date(),
        Err(_) => jiff::Zoned::now().date(),
    }
}

fn flag_date(flag: &str, value: &str) -> anyhow::Result<Date> {
    request::parse_date(value).map_err(|message| anyhow!("`{flag}`: {message}"))
}

fn optional_flag_date(flag: &str, value: &Option<String>) -> anyhow::Result<Option<Date>> {
    value
        .as_deref()
        .map(|value| flag_date(flag, value))
        .transpose()
}

fn query_from_flags(args: &DeadlineArgs) -> anyhow::Result<Query> {
    let received = match &args.received {
        Some(value) => flag_date("--received", value)?,
        None => return Err(anyhow!("give a request file or `--received DATE`")),
    };
    let region: Region = match &args.region {
        Some(value) => value
            .parse()
            .map_err(|message: String| anyhow!("`--region`: {message}"))?,
        None => Region::EnglandAndWales,
    };
    let mut clarification = Vec::new();
    for value in &args.pause {
        let Some((asked, answered)) = value.split_once(':') else {
            return Err(anyhow!(
                "`--pause`: `{value}` is not a pause (write FROM:TO, e.g. 2026-03-04:2026-03-09)"
            ));
        };
        let pause = Pause {
            asked: flag_date("--pause", asked)?,
            received: flag_date("--pause", answered)?,
        };
        if pause.received < pause.asked {
            return Err(anyhow!(
                "`--pause`: `{value}` ends (`{}`) before it starts (`{}`)",
                pause.received,
                pause.asked
            ));
        }
        clarification.push(pause);
    }
    Ok(Query {
        received,
        identity_verified: optional_flag_date("--verified", &args.verified)?,
        authority_received: optional_flag_date("--authority", &args.authority)?,
        fee_received: optional_flag_date("--fee", &args.fee)?,
        clarification,
        extended: args.extended,
        extension_notified: optional_flag_date("--notified", &args.notified)?,
        region,
    })
}

/// The flag that sets a request-file key (the library names keys).
fn flag_for_key(key: &str) -> &str {
    match key {
        "received" => "--received",
        "identity_verified" => "--verified",
        "authority_received" => "--authority",
        "fee_received" => "--fee",
        "extension_notified" => "--notified",
        key if key.starts_with("clarification") => "--pause",
        key => key,
    }
}
