//! Gathering: every case-note row and every document file becomes an [`Item`] with its text, so
//! nothing in the store is lost. Whether an item is about the subject is decided by `decide`.

use crate::model::{Inventory, Request};
use crate::store::Store;

/// Builds the inventory of every record in the store.
pub fn gather(request: &Request, store: &Store) -> Inventory {
    let _ = (request, store);
    Inventory::default()
}
