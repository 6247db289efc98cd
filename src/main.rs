//! The `sarpack` binary: parse arguments, call the library, render the outcome, exit.
//!
//! Exit codes (also in `--help` and the README):
//! 0 the pack was written and verified (records the verifier refused are held back from it and
//! counted); 1 an input or output error (the message names the file); 2 a usage error; 3 the
//! verifier refused one of the pack's own documents, so no zip was written (see `internal/`), or
//! with `--strict` any record was held back.

/// `println!` to standard output that does not panic when the reader has gone: see [`write_out`].
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::write_out(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `print!` to standard output that does not panic when the reader has gone: see [`write_out`].
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::write_out(format_args!($($arg)*))
    };
}

mod cli;
mod deadline_command;
mod review_command;
mod verify_command;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use sarpack::pipeline::{self, Progress};

/// Exit code: no pack was written because the verifier refused one of its own documents, or
/// (with `--strict`) records were held back.
const EXIT_REFUSED: u8 = 3;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    init_logging(cli.verbose);
    match cli.command {
        cli::Command::Run(args) => run(args),
        cli::Command::Deadline(args) => deadline_command::main(args),
        cli::Command::Verify(args) => verify_command::main(args),
        cli::Command::Audit(args) => audit(args),
        cli::Command::Review(args) => review_command::main(args, || sarpack::review::Moment {
            today: today(),
            now: now(),
        }),
        cli::Command::Sent(args) => sent(args),
    }
}

/// Writes to standard output. A reader that stops early (`sarpack run --json | head`) closes the
/// pipe: that is no fault of the run, whose pack is written and whose exit code must stand, so the
/// rest of the output is dropped quietly instead of panicking as `println!` does. Any other write
/// error is reported on standard error.
fn write_out(text: std::fmt::Arguments) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(error) = stdout.write_fmt(text).and_then(|()| stdout.flush())
        && error.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("error: writing to standard output: {error}");
    }
}

fn init_logging(verbose: u8) {
    let level = match verbose {
        // lopdf reports through `log` on files sarpack already reports in the schedule (a
        // damaged PDF is held with the reason): `-v` shows its messages.
        0 => "warn,lopdf=off",
        1 => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("SARPACK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal())
        .try_init();
}

/// Prints an error with its chain of causes and a hint, in the house format.
pub(crate) fn report_error(error: &(dyn std::error::Error + 'static), hint: Option<&str>) {
    eprintln!("error: {error}");
    let mut source = error.source();
    while let Some(cause) = source {
        eprintln!("caused by: {cause}");
        source = cause.source();
    }
    if let Some(hint) = hint {
        eprintln!("hint: {hint}");
    }
}

struct Bar(indicatif::ProgressBar);

impl Progress for Bar {
    fn stage(&self, name: &str, total: usize) {
        self.0.set_message(name.to_string());
        self.0.set_position(0);
        self.0.set_length(total as u64);
    }
    fn advance(&self) {
        self.0.inc(1);
    }
}

fn run(args: cli::RunArgs) -> ExitCode {
    let config = args.to_config(today(), now());
    let bar = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{msg:28} [{bar:30}] {pos}/{len} {elapsed}")
                .expect("the template is valid")
                .progress_chars("=> "),
        );
        Bar(bar)
    });
    let result = match &bar {
        Some(bar) => pipeline::run(&config, bar),
        None => pipeline::run(&config, &pipeline::Silent),
    };
    if let Some(bar) = &bar {
        bar.0.finish_and_clear();
    }
    let outcome = match result {
        Ok(outcome) => outcome,
        Err(error) => {
            let hint = match &error {
                pipeline::PipelineError::Store(sarpack::store::StoreError::MissingSources {
                    missing,
                    ..
                }) => Some(format!(
                    "check that the store was copied in full; if it really holds no such source, run again with {}",
                    missing
                        .iter()
                        .map(|name| format!("--allow-missing-source {name}"))
                        .collect::<Vec<_>>()
                        .join(" ")
                )),
                pipeline::PipelineError::Store(sarpack::store::StoreError::NoRegister {
                    ..
                }) => Some(
                    "export the register of people (id,name,aliases,dob,role,category,phone,address,consent) into the store as people.csv".to_string(),
                ),
                pipeline::PipelineError::OutputNotEmpty { .. } => {
                    Some("choose an empty folder, or add --force to replace the pack in it".to_string())
                }
                pipeline::PipelineError::Locked { .. } => Some(
                    "wait for the other run to finish, or choose another folder (the lock is released when that run ends, even if it is killed)".to_string(),
                ),
                pipeline::PipelineError::Spool { .. } => Some(
                    "run again into an empty folder; if it happens again, check the disk the output folder is on".to_string(),
                ),
                _ => None,
            };
            report_error(&error, hint.as_deref());
            return ExitCode::FAILURE;
        }
    };
    if args.json {
        match serde_json::to_string_pretty(&outcome.summary) {
            Ok(json) => outln!("{json}"),
            Err(error) => {
                report_error(&error, None);
                return ExitCode::FAILURE;
            }
        }
    }
    for notice in &outcome.notices {
        eprintln!("note: {notice}");
    }
    if !args.quiet {
        print_summary(&outcome);
    }
    let refused = outcome.summary.pack.is_none();
    if refused || (args.strict && outcome.summary.held_back > 0) {
        ExitCode::from(EXIT_REFUSED)
    } else {
        ExitCode::SUCCESS
    }
}

/// `sarpack audit DIR`: checks the chain of `DIR/internal/audit.jsonl` and prints the history.
fn audit(args: cli::AuditArgs) -> ExitCode {
    use sarpack::audit::trail;
    let history = match trail::check(&args.dir.join("internal")) {
        Ok(history) => history,
        Err(error) => {
            report_error(
                &error,
                Some("give the folder a run wrote to (the one passed to `sarpack run --out`)"),
            );
            return ExitCode::FAILURE;
        }
    };
    for line in &history.lines {
        if args.json {
            match serde_json::to_string(line) {
                Ok(json) => outln!("{json}"),
                Err(error) => {
                    report_error(&error, None);
                    return ExitCode::FAILURE;
                }
            }
            continue;
        }
        let version = line
            .version
            .map(|version| format!(" v{version}"))
            .unwrap_or_default();
        outln!(
            "{:>4}  {}  {:<8}{version}  {}  {}",
            line.seq,
            line.time,
            line.event.label(),
            line.by,
            line.what
        );
    }
    eprintln!("{} event(s); head {}", history.lines.len(), history.head);
    if history.is_intact() {
        eprintln!("the chain is whole: no line was changed or removed");
        ExitCode::SUCCESS
    } else {
        for problem in &history.problems {
            eprintln!("error: {problem}");
        }
        eprintln!(
            "hint: the audit trail was changed after it was written; compare it with a copy kept elsewhere"
        );
        ExitCode::from(EXIT_REFUSED)
    }
}

/// `sarpack sent DIR --version N --on DATE --by NAME`.
fn sent(args: cli::SentArgs) -> ExitCode {
    let on = match sarpack::request::parse_date(&args.on) {
        Ok(on) => on,
        Err(message) => {
            eprintln!("error: --on: {message}");
            return ExitCode::from(2);
        }
    };
    if args.by.trim().is_empty() {
        eprintln!("error: --by: say who sent it");
        return ExitCode::from(2);
    }
    match sarpack::audit::versions::mark_sent(&args.dir, args.version, on, args.by.trim(), &now()) {
        Ok(sent) => {
            eprintln!(
                "recorded: version {} sent on {} by {} as instalment {} ({} record(s)); the next run makes instalment {}",
                sent.version,
                sarpack::model::long_date(sent.on),
                sent.by,
                sent.instalment,
                sent.items.len(),
                sent.instalment + 1
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            report_error(&error, None);
            ExitCode::FAILURE
        }
    }
}

fn today() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}

/// The moment, for the audit trail: UTC, to the second.
fn now() -> String {
    jiff::Timestamp::now()
        .round(jiff::Unit::Second)
        .map_or_else(
            |_| jiff::Timestamp::now().to_string(),
            |moment| moment.to_string(),
        )
}

fn print_summary(outcome: &pipeline::Outcome) {
    let summary = &outcome.summary;
    let counts = &summary.counts;
    let long = sarpack::model::long_date;
    eprintln!("{} — {}", summary.reference, summary.kind);
    eprintln!(
        "  items gathered     {:>6}   (and {} excluded: not about the subject)",
        counts.gathered, counts.excluded
    );
    eprintln!("  disclosed          {:>6}", counts.disclosed);
    eprintln!(
        "  disclosed redacted {:>6}   ({} redactions)",
        counts.redacted, summary.redactions
    );
    eprintln!("  withheld           {:>6}", counts.withheld);
    eprintln!("  referred           {:>6}", counts.referred);
    eprintln!("  pending review     {:>6}", counts.pending_review);
    eprintln!("  pages in the pack  {:>6}", summary.pages);
    eprintln!("  clock started      {}", long(summary.clock_start));
    if summary.extended {
        eprintln!("  due (extended)     {}", long(summary.extended_due));
    } else {
        eprintln!("  due                {}", long(summary.due));
    }
    for warning in &summary.deadline_warnings {
        eprintln!("  deadline warning   {warning}");
    }
    match &outcome.pack {
        Some(pack) => {
            eprintln!("  pack               {}", pack.display());
            if summary.held_back > 0 {
                eprintln!(
                    "  held back          {:>6}   record(s) the verifier refused: not in the pack, listed as being checked; findings in internal/verification-failures.json",
                    summary.held_back
                );
            }
        }
        None => {
            eprintln!(
                "  pack               NOT WRITTEN: the verifier found {} problem(s)",
                outcome.violations.len()
            );
            for violation in outcome.violations.iter().take(10) {
                eprintln!("    - {violation}");
            }
        }
    }
    eprintln!("  internal records   {}", outcome.internal.display());
    if summary.decisions > 0 {
        eprintln!("  person's decisions {:>6}", summary.decisions);
    }
    for warning in &summary.decision_warnings {
        eprintln!("  decision warning   {warning}");
    }
    if summary.waiting_for_review > 0 {
        eprintln!(
            "  {} thing(s) wait for a person ({} item(s) pending review): see internal/review.csv, and settle each with a decision in decisions.toml",
            summary.waiting_for_review, counts.pending_review
        );
    }
}
