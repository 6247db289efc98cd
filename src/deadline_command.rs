//! `sarpack deadline`: prints the statutory deadline for a request file or for dates given on
//! the command line. OWNER: deadline helper.

use std::process::ExitCode;

use crate::cli::DeadlineArgs;

pub fn main(args: DeadlineArgs) -> ExitCode {
    let _ = args;
    ExitCode::SUCCESS
}
