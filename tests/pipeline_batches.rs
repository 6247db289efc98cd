//! Issue 7: the pipeline takes the store a batch at a time (two passes, spools between them) so
//! that memory does not grow with the store. These tests check what that must not change:
//! a person found in one batch is redacted in every other batch, and the pack and internal
//! records are the same bytes however many threads (and so batches of whatever size) ran.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use sarpack::pipeline::{self, Config, Silent};

const NOTES: usize = 240;

/// A store of `NOTES` case notes about Jade Carter. Only the first names mum's boyfriend in full
/// ("Zoltan Threlfall", in no register and no gazetteer); the middle one and the last one name
/// him as "Zoltan", which only consolidation across the store can find.
fn store(dir: &Path) -> PathBuf {
    let store = dir.join("store");
    std::fs::create_dir_all(store.join("documents")).unwrap();
    std::fs::write(
        store.join("people.csv"),
        "id,name,aliases,dob,role,category,phone,address,consent\n\
         P001,Jade Carter,,2004-02-14,Care leaver,subject,,,\n\
         P002,Claire Jennings,,,Social worker,professional,,,\n",
    )
    .unwrap();
    let mut notes =
        String::from("id,date,type,author,agency,restricted,restriction_reason,subjects,text\n");
    for number in 1..=NOTES {
        let text = match number {
            1 => "Home visit. Mum's boyfriend Zoltan Threlfall was at the flat with Jade."
                .to_string(),
            n if n == NOTES / 2 => {
                "Jade said Zoltan shouted at her mum. Mr Threlfall later apologised.".to_string()
            }
            NOTES => "Jade told me Zoltan moved out and she felt safer.".to_string(),
            n => format!("Visit {n}: Jade talked about college and her football team."),
        };
        let day = 1 + number % 28;
        let month = 1 + (number / 28) % 12;
        notes.push_str(&format!(
            "CN-{number:04},2015-{month:02}-{day:02},Home visit,Claire Jennings,,false,,P001,\"{text}\"\n"
        ));
    }
    std::fs::write(store.join("case-notes.csv"), notes).unwrap();
    let request = dir.join("request.toml");
    std::fs::write(
        &request,
        "reference = \"SAR-BATCH-1\"\nkind = \"subject-access\"\nreceived = \"2026-10-30\"\n\
         region = \"england-and-wales\"\norganisation = \"Westshire County Council\"\n\n\
         [subject]\nperson_id = \"P001\"\nname = \"Jade Carter\"\n\n[records]\nstore = \"store\"\n",
    )
    .unwrap();
    request
}

struct Run {
    pack: Vec<u8>,
    internal: BTreeMap<String, Vec<u8>>,
}

/// Runs the pipeline on a pool of `threads` threads into a fresh folder under `dir`.
fn run(request: &Path, dir: &Path, threads: usize) -> Run {
    let out = dir.join(format!("out-{threads}"));
    let config = Config {
        request: request.to_path_buf(),
        out: out.clone(),
        force: false,
        patterns: Path::new(env!("CARGO_MANIFEST_DIR")).join("patterns"),
        holidays: None,
        today: jiff::civil::date(2026, 11, 22),
        allow_missing_sources: vec!["documents.csv".to_string()],
        decisions: None,
        operator: "test".to_string(),
        now: "2026-11-22T12:00:00Z".to_string(),
        separate: false,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let outcome = pool.install(|| pipeline::run(&config, &Silent)).unwrap();
    assert!(outcome.violations.is_empty(), "{:#?}", outcome.violations);
    let pack = std::fs::read(outcome.pack.as_ref().expect("a pack is written")).unwrap();
    // Nothing but the pack, the internal records and no working files are left behind.
    let mut left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, [".sarpack.lock", "internal", "v1"]);
    let internal = std::fs::read_dir(out.join("v1/internal"))
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            let mut bytes = std::fs::read(entry.path()).unwrap();
            if name == "summary.json" {
                // It names the folder the pack was written to, which differs between runs.
                let text = String::from_utf8(bytes).unwrap();
                bytes = text.replace(&out.display().to_string(), "OUT").into_bytes();
            }
            (name, bytes)
        })
        .collect();
    Run { pack, internal }
}

fn record_texts(pack: &[u8]) -> Vec<String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(pack)).unwrap();
    let mut texts = Vec::new();
    for index in 0..zip.len() {
        let mut file = zip.by_index(index).unwrap();
        if !file.name().unwrap().starts_with("records/") {
            continue;
        }
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        let path = std::env::temp_dir().join(format!(
            "sarpack-batches-{}-{index}.pdf",
            std::process::id()
        ));
        std::fs::write(&path, &bytes).unwrap();
        let output = Command::new("pdftotext")
            .arg(&path)
            .arg("-")
            .output()
            .expect("pdftotext is installed (CI installs poppler-utils)");
        std::fs::remove_file(&path).unwrap();
        texts.push(String::from_utf8_lossy(&output.stdout).into_owned());
    }
    texts
}

#[test]
fn a_person_found_in_one_batch_is_redacted_in_every_other_and_threads_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let request = store(dir.path());
    let one = run(&request, dir.path(), 1);
    let three = run(&request, dir.path(), 3);

    // Batches are 8 documents a thread: 240 notes are 30 batches on one thread, 10 on three.
    let texts = record_texts(&one.pack);
    assert_eq!(texts.len(), NOTES);
    for (index, text) in texts.iter().enumerate() {
        for leaked in ["Zoltan", "Threlfall"] {
            assert!(
                !text.contains(leaked),
                "record {index} shows `{leaked}`: {text}"
            );
        }
        assert!(
            text.contains("Jade"),
            "record {index} lost the subject: {text}"
        );
    }
    let all = texts.join("\n");
    assert!(all.contains("she felt safer") && all.contains("shouted at her mum"));

    // The later mentions were found by consolidation, from the first note's full name.
    let plan: serde_json::Value = serde_json::from_slice(&one.internal["plan.json"]).unwrap();
    let rules = |item: &str| -> Vec<String> {
        plan.as_array()
            .unwrap()
            .iter()
            .find(|decision| decision["item"] == item)
            .unwrap()["redactions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|redaction| redaction["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(rules(&format!("N-{NOTES:05}")), ["consolidate.first-name"]);
    // In the middle note the person-name model or the name-verb rule may find "Zoltan shouted"
    // itself (for review); the last note, where no rule does, proves consolidation across
    // batches.
    let middle = rules(&format!("N-{:05}", NOTES / 2));
    assert!(
        middle.iter().any(|rule| rule == "consolidate.first-name"
            || rule == "unregistered.model"
            || rule == "unregistered.name-verb"),
        "{middle:?}"
    );

    // Same pack and same internal records, byte for byte, on one thread and on three.
    assert!(
        one.pack == three.pack,
        "the pack differs with the thread count"
    );
    assert_eq!(
        one.internal.keys().collect::<Vec<_>>(),
        three.internal.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &one.internal {
        assert!(
            *bytes == three.internal[name],
            "internal/{name} differs with the thread count"
        );
    }
    // The redaction log is in inventory order and has one row per redaction in the plan.
    let log = String::from_utf8(one.internal["redaction-log.csv"].clone()).unwrap();
    let items: Vec<&str> = log
        .lines()
        .skip(1)
        .map(|line| line.split(',').next().unwrap())
        .collect();
    let mut sorted = items.clone();
    sorted.sort();
    assert_eq!(items, sorted);
    let planned: usize = plan
        .as_array()
        .unwrap()
        .iter()
        .map(|decision| decision["redactions"].as_array().unwrap().len())
        .sum();
    assert_eq!(items.len(), planned);
}
