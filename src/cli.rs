//! Command-line arguments (clap) and their conversion into library configuration. The library
//! never sees clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "sarpack",
    version,
    about = "Answer subject access requests for children's social care: gather, separate, redact, verify and pack."
)]
pub struct Cli {
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
