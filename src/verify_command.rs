//! `sarpack verify PACK.zip|BUNDLE.pdf --request REQUEST.toml [--internal DIR]`: re-checks a finished
//! disclosure pack independently of the run that made it. The forbidden terms come from the
//! request's records store (third parties without consent) and, with `--internal`, from the
//! redaction log and the digests of the original pictures that had words redacted, and each
//! record's weak guesses are looked for in that record's file (the internal schedule says which
//! file holds it); the checking itself is [`sarpack::verify::verify_pack_by_file`].
//!
//! Exit codes: 0 the pack is clean; 1 violations were found (listed on stdout, one a line);
//! 2 the arguments or an input file could not be used.

use std::process::ExitCode;

use anyhow::Context;

use crate::cli::VerifyArgs;
use sarpack::verify;

pub fn main(args: VerifyArgs) -> ExitCode {
    match run(&args) {
        Ok(report) => {
            if args.json {
                let value = serde_json::json!({
                    "pack": args.pack.display().to_string(),
                    "files": report.files,
                    "clean": report.is_clean(),
                    "violations": report.violations,
                });
                outln!("{value:#}");
            } else {
                for violation in &report.violations {
                    outln!("{violation}");
                }
            }
            if report.is_clean() {
                eprintln!(
                    "verified `{}`: {} files, no violations",
                    args.pack.display(),
                    report.files.len()
                );
                ExitCode::SUCCESS
            } else {
                eprintln!(
                    "error: `{}` fails verification: {} violations in {} files checked",
                    args.pack.display(),
                    report.violations.len(),
                    report.files.len()
                );
                ExitCode::from(1)
            }
        }
        Err(error) => {
            eprintln!("error: {error}");
            for cause in error.chain().skip(1) {
                eprintln!("caused by: {cause}");
            }
            ExitCode::from(2)
        }
    }
}

fn run(args: &VerifyArgs) -> anyhow::Result<verify::PackReport> {
    let request = sarpack::request::load(&args.request)?;
    let store = sarpack::store::open(&request.store).with_context(|| {
        format!(
            "cannot read the records store `{}` named by `{}`",
            request.store.display(),
            args.request.display()
        )
    })?;
    let (applied, pictures, pack_files) = match &args.internal {
        Some(dir) => (
            verify::read_redaction_log(dir)?,
            verify::read_redacted_pictures(dir)?,
            verify::read_pack_files(dir)?,
        ),
        None => (Vec::new(), Vec::new(), Default::default()),
    };
    let patterns = args
        .patterns
        .clone()
        .unwrap_or_else(crate::cli::default_patterns);
    let ordinary = verify::OrdinaryWords::load(&patterns)?;
    let mut forbidden = verify::forbidden_terms(&request, &store.register, &applied, &ordinary);
    // Original pictures that had words redacted: refused by their digest even where OCR would
    // not read what was removed.
    forbidden.pictures = pictures;
    // A weak guess is looked for in the record it was removed from, as the run looked for it.
    let by_file = verify::record_terms_by_file(&forbidden, &applied, &pack_files);
    Ok(verify::verify_pack_by_file(
        &args.pack, &forbidden, &by_file,
    )?)
}
