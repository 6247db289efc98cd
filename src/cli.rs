//! Command-line arguments (clap) and their conversion into library configuration. The library
//! never sees clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "sarpack",
    version,
    about = "Answer subject access requests for children's social care: gather, separate, redact, verify and pack.",
    after_help = "Exit codes:\n  0  the pack was written and verified (or the command succeeded)\n  1  an input or output error; the message names the file\n  2  a usage error\n  3  the verifier refused the pack: no zip was written, findings are in internal/"
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
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The request file (request.toml).
    pub request: PathBuf,
    /// Output folder: receives the pack zip and internal/.
    #[arg(long)]
    pub out: PathBuf,
    /// Overwrite a non-empty output folder.
    #[arg(long)]
    pub force: bool,
    /// No progress bar or summary on stderr.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the summary as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    /// The patterns folder (policy and detection patterns); default `patterns/` in the current
    /// folder, else the one shipped with sarpack.
    #[arg(long)]
    pub patterns: Option<PathBuf>,
    /// A GOV.UK bank-holidays.json that overrides the request's `holidays` key.
    #[arg(long)]
    pub holidays: Option<PathBuf>,
}

impl RunArgs {
    pub fn to_config(&self, today: jiff::civil::Date) -> sarpack::pipeline::Config {
        sarpack::pipeline::Config {
            request: self.request.clone(),
            out: self.out.clone(),
            force: self.force,
            patterns: self.patterns.clone().unwrap_or_else(default_patterns),
            holidays: self.holidays.clone(),
            today,
        }
    }
}

/// `patterns/` in the current folder when there is one, else the folder shipped with the source.
fn default_patterns() -> PathBuf {
    let local = PathBuf::from("patterns");
    if local.join("policy.toml").is_file() {
        local
    } else {
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/patterns"))
    }
}

#[derive(Debug, Args)]
pub struct DeadlineArgs {
    /// The request file; or give --received instead.
    pub request: Option<PathBuf>,
    #[arg(long)]
    pub received: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The pack zip.
    pub pack: PathBuf,
    #[arg(long)]
    pub request: PathBuf,
    #[arg(long)]
    pub internal: Option<PathBuf>,
}
