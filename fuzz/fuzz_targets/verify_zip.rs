//! Arbitrary bytes as a pack zip: `verify_pack` must report or refuse, never panic or exhaust
//! memory.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sarpack::model::Forbidden;

fuzz_target!(|data: &[u8]| {
    let forbidden = Forbidden {
        terms: vec![("Sarah Jones".to_string(), "third party".to_string())],
        capitalised: vec![("Zoltan".to_string(), "first name".to_string())],
        upper_case: Vec::new(),
        allowed: vec!["Sarah Khan".to_string()],
        pictures: Vec::new(),
    };
    let _ = sarpack::verify::verify_pack_bytes(data, std::path::Path::new("fuzz.zip"), &forbidden);
});
