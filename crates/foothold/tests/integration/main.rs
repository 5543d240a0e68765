//! Image-level tests of the facade: one integration binary (see conventions).
#![allow(clippy::panic, clippy::unwrap_used)]
mod accounts;
mod binaries;
mod common;
mod containers;
mod corruption;
mod differential;
mod next_runs;
mod other_readers;
mod real_corpus;
mod recovery;
mod scan_events;
mod scan_linux;
mod scan_services;
mod scan_windows;
mod schema;
mod timeline;
