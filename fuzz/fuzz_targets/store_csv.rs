//! Arbitrary bytes as a store's `people.csv` and `case-notes.csv` (split at the first NUL): opening
//! the store must give a store or an error naming the file, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (people, notes) = match data.iter().position(|&byte| byte == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &b""[..]),
    };
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let mut header = b"id,name,aliases,dob,role,category,phone,address,consent\n".to_vec();
    header.extend_from_slice(people);
    let mut note_header =
        b"id,date,type,author,agency,restricted,restriction_reason,subjects,text\n".to_vec();
    note_header.extend_from_slice(notes);
    if std::fs::write(dir.path().join("people.csv"), header).is_err()
        || std::fs::write(dir.path().join("case-notes.csv"), note_header).is_err()
    {
        return;
    }
    let _ = sarpack::store::open(dir.path());
});
