//! Checking plain-text pack files (the CSV schedule, JSON summaries, TXT letters) and names: the
//! bytes are read as UTF-8 and, when they are not valid UTF-8, also as Windows-1252 (what a
//! spreadsheet would show); JSON is additionally parsed so `\u0041`-style escapes cannot hide a
//! name. Each hit is reported with its line number.

use crate::model::Violation;

use super::matcher::Matcher;

/// Checks the text of a text file, reporting hits with line numbers.
pub(crate) fn check_text_file(
    name: &str,
    bytes: &[u8],
    is_json: bool,
    matcher: &Matcher,
    violations: &mut Vec<Violation>,
) {
    let readings: Vec<(String, &str)> = match std::str::from_utf8(bytes) {
        Ok(text) => vec![(text.to_string(), "text")],
        Err(_) => {
            let (windows, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            vec![
                (String::from_utf8_lossy(bytes).into_owned(), "text (utf-8)"),
                (windows.into_owned(), "text (windows-1252)"),
            ]
        }
    };
    for (text, label) in &readings {
        check_string(name, None, label, text, true, matcher, violations);
    }
    if is_json && let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes) {
        let mut strings = Vec::new();
        collect_json_strings(&value, &mut strings, 0);
        let joined = strings.join("\n");
        check_string(
            name,
            None,
            "json value",
            &joined,
            false,
            matcher,
            violations,
        );
    }
}

fn collect_json_strings(value: &serde_json::Value, out: &mut Vec<String>, depth: usize) {
    // serde_json already bounds nesting at 128; this guard keeps the walk honest regardless.
    if depth > 256 {
        return;
    }
    match value {
        serde_json::Value::String(text) => out.push(text.clone()),
        serde_json::Value::Array(items) => {
            for item in items {
                collect_json_strings(item, out, depth + 1);
            }
        }
        serde_json::Value::Object(map) => {
            for (key, item) in map {
                out.push(key.clone());
                collect_json_strings(item, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// Looks for forbidden terms in one extracted text and records a violation per term found.
/// With `with_lines`, the location says the line of the first occurrence.
pub(crate) fn check_string(
    file: &str,
    page: Option<u32>,
    location: &str,
    text: &str,
    with_lines: bool,
    matcher: &Matcher,
    violations: &mut Vec<Violation>,
) {
    for hit in matcher.find(text) {
        let location = if with_lines {
            let line = text
                .get(..hit.offset)
                .map(|before| before.bytes().filter(|byte| *byte == b'\n').count() + 1)
                .unwrap_or(1);
            format!("{location} line {line}")
        } else {
            location.to_string()
        };
        push_unique(
            violations,
            Violation {
                file: file.to_string(),
                page,
                location,
                what: matcher.describe(&hit),
                context: context(text, hit.offset),
            },
        );
    }
}

/// Characters of text shown on each side of a forbidden term.
const CONTEXT_CHARS: usize = 40;

/// The text around byte `offset` of `text`, on one line, so a person can find the finding on
/// the page: up to [`CONTEXT_CHARS`] characters before it and twice that from it on.
pub(crate) fn context(text: &str, offset: usize) -> String {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let (before, after) = text.split_at(offset);
    let before: Vec<char> = before.chars().rev().take(CONTEXT_CHARS).collect();
    let shown: String = before
        .into_iter()
        .rev()
        .chain(after.chars().take(CONTEXT_CHARS * 2))
        .map(|character| {
            if character.is_control() || character.is_whitespace() {
                ' '
            } else {
                character
            }
        })
        .collect();
    shown.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Most violations a single file reports; beyond that the file is plainly unshippable and more
/// lines only bury the first ones.
pub(crate) const MAX_VIOLATIONS_PER_FILE: usize = 500;

/// Adds a violation unless the same one is already listed (several readings of the same bytes
/// find the same thing, each with its own context).
pub(crate) fn push_unique(violations: &mut Vec<Violation>, violation: Violation) {
    let same = |listed: &Violation| {
        listed.file == violation.file
            && listed.page == violation.page
            && listed.location == violation.location
            && listed.what == violation.what
    };
    if violations.len() >= MAX_VIOLATIONS_PER_FILE || violations.iter().any(same) {
        return;
    }
    violations.push(violation);
}
