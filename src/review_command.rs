//! `sarpack review`: start the review server, print its address, serve until interrupted.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::ReviewArgs;

pub fn main(args: ReviewArgs, clock: fn() -> sarpack::review::Moment) -> ExitCode {
    let server = match sarpack::review::start(args.to_config(clock)) {
        Ok(server) => server,
        Err(error) => {
            let hint = match &error {
                sarpack::review::ReviewError::Listen { .. } => {
                    Some("choose another --port, or leave it out to use any free port")
                }
                _ => None,
            };
            crate::report_error(&error, hint);
            return ExitCode::FAILURE;
        }
    };
    for notice in &server.notices {
        eprintln!("note: {notice}");
    }
    // The address is data (a test or a script reads it): stdout, one line, flushed at once.
    outln!("{}", server.address());
    let _ = std::io::stdout().flush();
    eprintln!(
        "review page: open the address above in a browser on this computer; Ctrl-C stops the server"
    );
    server.serve();
    ExitCode::SUCCESS
}
