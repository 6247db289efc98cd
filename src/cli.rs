//! Command-line arguments (clap) and their conversion into library configuration. The library
//! never sees clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "sarpack",
    version,
    about = "Answer subject access requests for children's social care: gather, separate, redact, verify and pack.",
    after_help = "Exit codes:\n  0  the pack was written and verified (or the command succeeded); records the verifier\n     refused are held back from it and counted (`held_back`), findings in internal/\n  1  an input or output error; the message names the file\n  2  a usage error\n  3  the verifier refused one of the pack's own documents, so no zip was written (findings\n     in internal/); with --strict, also when any record was held back"
)]
pub struct Cli {
    /// More log output on stderr (-v info, -vv debug); SARPACK_LOG overrides.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Produce a verified disclosure pack for a request.
    Run(RunArgs),
    /// Print the statutory deadline for a request.
    Deadline(DeadlineArgs),
    /// Verify a disclosure pack independently.
    Verify(VerifyArgs),
    /// Review a run in the browser: see every proposed redaction, decide, rebuild.
    Review(ReviewArgs),
    /// Check the audit trail of an output folder and print its history.
    Audit(AuditArgs),
    /// Record that a version of the pack went to the requester.
    Sent(SentArgs),
}

/// Exit status: 0 recorded; 1 the version cannot be recorded as sent (the message says why);
/// 2 usage error.
#[derive(Debug, Args)]
#[command(
    after_help = "Writes DIR/vN/sent.json and a `sent` line in the audit trail; nothing \
else in the version changes. The next `sarpack run` into DIR makes the next instalment: the \
records not yet sent, with a schedule of the whole request saying what was sent when.

Exit status: 0 recorded, 1 it cannot be recorded (the message says why), 2 usage error."
)]
pub struct SentArgs {
    /// The output folder given to `sarpack run --out`.
    pub dir: PathBuf,
    /// The version sent (the N of DIR/vN/).
    #[arg(long)]
    pub version: u32,
    /// The day it was sent (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub on: String,
    /// Who sent it.
    #[arg(long, value_name = "NAME")]
    pub by: String,
}

/// Exit status: 0 the chain is whole; 1 the trail cannot be read; 3 a line was changed, removed
/// or damaged (each is named on stderr).
#[derive(Debug, Args)]
#[command(
    after_help = "Exit status: 0 the chain is whole, 1 the trail cannot be read, 2 usage error, 3 a line was changed, removed or damaged."
)]
pub struct AuditArgs {
    /// The output folder given to `sarpack run --out`.
    pub dir: PathBuf,
    /// Print the history as JSON lines on stdout (the trail's own lines).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The request file (request.toml).
    pub request: PathBuf,
    /// Output folder: receives the pack zip and internal/.
    #[arg(long)]
    pub out: PathBuf,
    /// Write a new version into a folder that also holds files not made by sarpack (left alone).
    #[arg(long)]
    pub force: bool,
    /// No progress bar or summary on stderr.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the summary as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    /// Exit 3 when any record was held back for a person to check, even though a pack of the
    /// rest was written.
    #[arg(long)]
    pub strict: bool,
    /// The patterns folder (policy and detection patterns); default `patterns/` in the current
    /// folder, else the one shipped with sarpack.
    #[arg(long)]
    pub patterns: Option<PathBuf>,
    /// A GOV.UK bank-holidays.json that overrides the request's `holidays` key.
    #[arg(long)]
    pub holidays: Option<PathBuf>,
    /// Go on although the records store has no such source (repeatable). Without it a store
    /// missing its case-note export or its documents is refused, never answered as "none found".
    #[arg(long = "allow-missing-source", value_name = "NAME", value_parser = ["case-notes.csv", "documents.csv", "documents"])]
    pub allow_missing_sources: Vec<String>,
    /// The person's decisions; default `decisions.toml` beside the request, when there is one.
    #[arg(long, value_name = "FILE")]
    pub decisions: Option<PathBuf>,
    /// Who runs sarpack, for the audit trail; default the login name ($USER).
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// For a court-disclosure request: write the zip of separate records as well as the
    /// bundle (`<ref>-bundle.pdf`). Other kinds of request always get the zip.
    #[arg(long)]
    pub separate: bool,
}

impl RunArgs {
    pub fn to_config(&self, today: jiff::civil::Date, now: String) -> sarpack::pipeline::Config {
        sarpack::pipeline::Config {
            request: self.request.clone(),
            out: self.out.clone(),
            force: self.force,
            patterns: self.patterns.clone().unwrap_or_else(default_patterns),
            holidays: self.holidays.clone(),
            today,
            allow_missing_sources: self.allow_missing_sources.clone(),
            decisions: self.decisions.clone(),
            operator: self.by.clone().unwrap_or_else(login_name),
            now,
            separate: self.separate,
        }
    }
}

/// The login name, for the audit trail when `--by` is not given.
pub fn login_name() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .into_iter()
        .find_map(|name| {
            std::env::var(name)
                .ok()
                .filter(|value| !value.trim().is_empty())
        })
        .unwrap_or_else(|| "unknown".to_string())
}

/// `patterns/` in the current folder when there is one, else the folder shipped with the source.
pub fn default_patterns() -> PathBuf {
    let local = PathBuf::from("patterns");
    if local.join("policy.toml").is_file() {
        local
    } else {
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/patterns"))
    }
}

#[derive(Debug, Args)]
#[command(after_help = "\
Dates are YYYY-MM-DD. The day of receipt is day one; the limit is the same date next month (or
the last day of a shorter month), moved to the next working day of the region (UK GDPR Art 12(3),
ICO guidance). Pauses (Art 12A): the days from asking for clarification to receiving it, both
inclusive, are added.

Exit codes: 0 the deadline was printed; 2 bad arguments, a bad date or an unreadable file.")]
pub struct DeadlineArgs {
    /// The request file; or give --received instead.
    #[arg(
        required_unless_present = "received",
        conflicts_with_all = ["received", "verified", "authority", "fee", "pause", "extended", "notified", "region"]
    )]
    pub request: Option<PathBuf>,
    /// The day the request was received (day one, even on a weekend or bank holiday).
    #[arg(long, value_name = "DATE")]
    pub received: Option<String>,
    /// The day the identity evidence asked for was received.
    #[arg(long, value_name = "DATE")]
    pub verified: Option<String>,
    /// The day proof of a representative's authority was received.
    #[arg(long, value_name = "DATE")]
    pub authority: Option<String>,
    /// The day a fee (where one is allowed) was received.
    #[arg(long, value_name = "DATE")]
    pub fee: Option<String>,
    /// Stop the clock: clarification asked on FROM, received on TO. Repeat for several pauses.
    #[arg(long, value_name = "FROM:TO")]
    pub pause: Vec<String>,
    /// The time limit was extended by two months (complex or numerous requests).
    #[arg(long)]
    pub extended: bool,
    /// The day the requester was told of the extension, with reasons.
    #[arg(
        long,
        value_name = "DATE",
        alias = "extension-notified",
        requires = "extended"
    )]
    pub notified: Option<String>,
    /// Whose bank holidays count: england-and-wales (default), scotland or northern-ireland.
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// Count days left from this date instead of today's date.
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// GOV.UK bank-holidays.json; wins over the computed tables for the years it covers.
    #[arg(long, value_name = "FILE")]
    pub holidays: Option<PathBuf>,
    /// Print the report as JSON (ISO dates).
    #[arg(long)]
    pub json: bool,
}

/// Exit status: 0 the pack is clean; 1 violations found (one a line on stdout); 2 the
/// arguments or an input file could not be used.
#[derive(Debug, Args)]
#[command(after_help = "Exit status: 0 clean, 1 violations found, 2 usage or input error.")]
pub struct VerifyArgs {
    /// The pack zip, or a court-disclosure request's bundle (`<ref>-bundle.pdf`).
    pub pack: PathBuf,
    /// The request file whose records store names the third parties to look for.
    #[arg(long)]
    pub request: PathBuf,
    /// The run's internal folder: every string in its redaction-log.csv is looked for too,
    /// and no picture may be one listed in its redacted-pictures.txt.
    #[arg(long)]
    pub internal: Option<PathBuf>,
    /// The patterns folder, as for `sarpack run`: its word lists say which one-word names are
    /// also ordinary words, looked for only where written with a capital.
    #[arg(long)]
    pub patterns: Option<PathBuf>,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

/// Serves the review page on 127.0.0.1 until interrupted (Ctrl-C).
#[derive(Debug, Args)]
#[command(after_help = "\
The page is served on 127.0.0.1 only, at the address printed on stdout; it carries a random
token, and requests without it are refused. Everything the page needs is served by sarpack, so it
works offline. Decisions are appended to DIR/decisions.toml (or --decisions FILE); \"Rebuild\"
runs the pipeline into DIR with them.

Exit codes: 0 the server stopped; 1 the run could not be read, or the port could not be used.")]
pub struct ReviewArgs {
    /// The request file (request.toml).
    pub request: PathBuf,
    /// The output folder of a run (one is made first when it holds none).
    #[arg(long)]
    pub out: PathBuf,
    /// The port on 127.0.0.1 (default: any free port).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// The decisions file to append to and rebuild with (default DIR/decisions.toml).
    #[arg(long)]
    pub decisions: Option<PathBuf>,
    /// The patterns folder, as for `sarpack run`.
    #[arg(long)]
    pub patterns: Option<PathBuf>,
    /// A GOV.UK bank-holidays.json, as for `sarpack run`.
    #[arg(long)]
    pub holidays: Option<PathBuf>,
    /// As for `sarpack run`: go on although the store has no such source (repeatable).
    #[arg(long = "allow-missing-source", value_name = "NAME", value_parser = ["case-notes.csv", "documents.csv", "documents"])]
    pub allow_missing_sources: Vec<String>,
    /// Who starts the review, for the audit of a rebuild made before the reviewer gives their
    /// name on the page; default the login name ($USER).
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}

impl ReviewArgs {
    pub fn to_config(&self, clock: fn() -> sarpack::review::Moment) -> sarpack::review::Config {
        sarpack::review::Config {
            request: self.request.clone(),
            out: self.out.clone(),
            port: self.port,
            patterns: self.patterns.clone().unwrap_or_else(default_patterns),
            holidays: self.holidays.clone(),
            decisions: self.decisions.clone(),
            clock,
            operator: self.by.clone().unwrap_or_else(login_name),
            allow_missing_sources: self.allow_missing_sources.clone(),
        }
    }
}
