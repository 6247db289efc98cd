//! The entries of a pack zip as a test reads them back: every entry's name and bytes, in zip
//! order (read with the zip crate, the same reading for every test).

use std::io::Read;
use std::path::Path;

/// Every entry of the zip at `zip` with its bytes, in zip order.
pub fn entries(zip: &Path) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    (0..archive.len())
        .map(|index| {
            let mut entry = archive.by_index(index).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (entry.name().unwrap().into_owned(), bytes)
        })
        .collect()
}
