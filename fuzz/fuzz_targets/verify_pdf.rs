//! Arbitrary bytes as a pack PDF: the verifier must return (clean or violations), never panic,
//! hang or exhaust memory.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sarpack::model::{Forbidden, PackFile};

fuzz_target!(|data: &[u8]| {
    let forbidden = Forbidden {
        terms: vec![
            ("Sarah Jones".to_string(), "third party".to_string()),
            ("Sarah".to_string(), "first name".to_string()),
            ("7700900123".to_string(), "phone".to_string()),
        ],
        capitalised: vec![("Zoltan".to_string(), "first name".to_string())],
        upper_case: Vec::new(),
        allowed: vec!["Sarah Khan".to_string()],
        pictures: Vec::new(),
    };
    let file = PackFile {
        name: "records/fuzz.pdf".to_string(),
        bytes: data.to_vec(),
        item: None,
        pages: 1,
    };
    let _ = sarpack::verify::verify(file, &forbidden);
});
