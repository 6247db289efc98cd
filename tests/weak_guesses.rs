//! Issue 11 point 4: one weak guess in one record does not spread to the whole pack, while a
//! name found with context is still looked for in every record. A store of case notes is run
//! through the pipeline and the redaction log and the verifier's findings are read back; then
//! the verifier is given the same kind of terms directly, on text files, to show that a weak
//! guess is still looked for in the record it was removed from.

use std::path::Path;

use sarpack::model::{AppliedRedaction, Code, PackFile};
use sarpack::pipeline::{self, Config, Silent};
use sarpack::verify;

/// The subject Jade Carter and four case notes. CN2 names a friend Rose in passing, which
/// detection can only guess is a name (a lone known forename: weak); CN3 uses the word "rose"
/// in lower case, a flower. CN1 names a maternal aunt with the relationship before her name (strong); CN4
/// writes her title and surname in lower case, which detection does not read as a name.
fn run(dir: &Path) -> pipeline::Outcome {
    let store = dir.join("store");
    std::fs::create_dir_all(&store).unwrap();
    std::fs::write(
        store.join("people.csv"),
        "id,name,aliases,dob,role,category,phone,address,consent\n\
         P001,Jade Carter,,2004-02-14,,subject,,,\n",
    )
    .unwrap();
    std::fs::write(
        store.join("case-notes.csv"),
        "id,date,type,author,agency,restricted,restriction_reason,subjects,text\n\
         CN1,2019-01-02,Home visit,Kevin Osei,,false,,P001,Jade's maternal aunt Vrelk Tassom visited the home.\n\
         CN2,2019-02-02,Home visit,Kevin Osei,,false,,P001,Jade went to the park with Rose after school.\n\
         CN3,2019-03-02,Home visit,Kevin Osei,,false,,P001,Jade picked a rose for her mum.\n\
         CN4,2019-04-02,Text message,Kevin Osei,,false,,P001,jade says mrs tassom was kind to her\n",
    )
    .unwrap();
    let request = dir.join("request.toml");
    std::fs::write(
        &request,
        "reference = \"SAR-WEAK\"\nkind = \"subject-access\"\nreceived = \"2026-10-30\"\n\
         region = \"england-and-wales\"\norganisation = \"Example Borough Council\"\n\
         [subject]\nperson_id = \"P001\"\nname = \"Jade Carter\"\n[records]\nstore = \"store\"\n",
    )
    .unwrap();
    let config = Config {
        request,
        out: dir.join("out"),
        force: false,
        patterns: Path::new(env!("CARGO_MANIFEST_DIR")).join("patterns"),
        holidays: None,
        today: jiff::civil::date(2026, 11, 22),
        allow_missing_sources: vec!["documents.csv".to_string(), "documents".to_string()],
        decisions: None,
        operator: "test".to_string(),
        now: "2026-11-22T12:00:00Z".to_string(),
        separate: false,
    };
    pipeline::run(&config, &Silent).unwrap()
}

#[test]
fn a_weak_guess_in_one_record_does_not_hold_back_another_but_a_strong_name_does() {
    let dir = tempfile::tempdir().unwrap();
    let outcome = run(dir.path());
    let log = std::fs::read_to_string(outcome.internal.join("redaction-log.csv")).unwrap();
    // The premises: "Rose" was removed from CN2 as a weak guess, the aunt's name from CN1 with
    // its relationship, and nothing else (a flower in CN3, lower case in CN4).
    let rules: Vec<(String, String)> = log
        .lines()
        .skip(1)
        .map(|row| {
            let fields: Vec<&str> = row.rsplitn(3, ',').collect();
            (fields[1].to_string(), fields[0].to_string())
        })
        .collect();
    assert_eq!(
        rules,
        [
            (
                "Vrelk Tassom".to_string(),
                "unregistered.relationship-name".to_string()
            ),
            ("Rose".to_string(), "unregistered.forename".to_string()),
        ],
        "{log}"
    );
    assert!(verify::is_weak("unregistered.forename"));
    assert!(!verify::is_weak("unregistered.relationship-name"));

    // The verifier holds back CN4 for the aunt's title and surname, and nothing else: CN3's
    // "Rose" is not looked for, since only a weak guess in CN2 removed that word.
    let files: std::collections::BTreeSet<&str> = outcome
        .violations
        .iter()
        .map(|violation| violation.file.as_str())
        .collect();
    assert_eq!(outcome.summary.held_back, 1, "{:#?}", outcome.violations);
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(
        outcome
            .violations
            .iter()
            .all(|violation| violation.what.contains("`Mrs Tassom`")),
        "{:#?}",
        outcome.violations
    );
    assert!(outcome.summary.pack.is_some());
    let schedule = std::fs::read_to_string(outcome.internal.join("schedule.csv")).unwrap();
    let row = |date: &str| {
        schedule
            .lines()
            .find(|line| line.contains(date))
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        row("2019-04-02").contains("held back from the pack"),
        "{schedule}"
    );
    for shipped in ["2019-01-02", "2019-02-02", "2019-03-02"] {
        assert!(
            row(shipped).contains(",records/"),
            "{shipped} ships:\n{schedule}"
        );
    }
}

fn removal(item: &str, text: &str, rule: &str) -> AppliedRedaction {
    AppliedRedaction {
        item: item.to_string(),
        page: 1,
        code: Code("TP".to_string()),
        basis: "DPA 2018 Sch 2 Part 3 para 16".to_string(),
        text: text.to_string(),
        rule: rule.to_string(),
    }
}

fn text_file(item: &str, text: &str) -> PackFile {
    PackFile {
        name: format!("records/{item}.txt"),
        bytes: text.as_bytes().to_vec(),
        item: Some(item.to_string()),
        pages: 1,
    }
}

#[test]
fn the_verifier_looks_for_a_weak_guess_in_its_own_record_and_a_strong_name_in_every_record() {
    let dir = tempfile::tempdir().unwrap();
    let request_path = dir.path().join("request.toml");
    std::fs::write(
        &request_path,
        "reference = \"SAR-WEAK\"\nkind = \"subject-access\"\nreceived = \"2026-10-30\"\n\
         region = \"england-and-wales\"\norganisation = \"Example Borough Council\"\n\
         [subject]\nperson_id = \"P001\"\nname = \"Jade Carter\"\n[records]\nstore = \"store\"\n",
    )
    .unwrap();
    let request = sarpack::request::load(&request_path).unwrap();
    let applied = [
        // "Outlook" guessed as a name by the model in one email.
        removal("D-1", "Outlook", "unregistered.model"),
        removal("D-1", "Zoltan Threlfall", "unregistered.relationship-name"),
    ];
    let pack = verify::forbidden_terms(
        &request,
        &sarpack::model::Register::default(),
        &applied,
        &verify::OrdinaryWords::default(),
    );
    let weak = verify::weak_by_record(&applied);
    let own = verify::with_record_terms(&pack, &weak["D-1"]);

    // Another email whose client line says Outlook ships; the same word left in D-1 does not.
    assert!(verify::verify(text_file("D-2", "Sent from Outlook for iOS"), &pack).is_ok());
    let refused = verify::verify(text_file("D-1", "Sent from Outlook for iOS"), &own)
        .expect_err("the weak guess is looked for in its own record");
    assert!(refused.violations[0].what.contains("`Outlook`"));
    // The strong name is looked for everywhere, its title and surname too.
    for text in ["Zoltan Threlfall rang", "mr threlfall rang"] {
        let refused = verify::verify(text_file("D-2", text), &pack)
            .expect_err("a strong name is looked for in every record");
        assert!(refused.violations[0].what.contains("Threlfall"), "{text}");
    }
}
