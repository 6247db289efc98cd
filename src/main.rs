//! The `sarpack` binary: parse arguments, call the library, render the outcome, exit.

mod cli;
mod deadline_command;
mod verify_command;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli.command {
        cli::Command::Run(args) => {
            let _ = args;
            ExitCode::SUCCESS
        }
        cli::Command::Deadline(args) => deadline_command::main(args),
        cli::Command::Verify(args) => verify_command::main(args),
    }
}
