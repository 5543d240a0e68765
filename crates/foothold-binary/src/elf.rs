//! ELF headers (through the `object` crate): type, machine, interpreter, stripped.
use crate::{Error, Result};
use object::elf;
use object::read::elf::{ElfFile, FileHeader, ProgramHeader};
use object::{Object, ObjectSection};
use serde::Serialize;

/// What an ELF file's headers say.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ElfInfo {
    /// `e_type`: `executable`, `shared_object` (also position-independent executables),
    /// `relocatable`, `core`, or the number.
    pub kind: String,
    /// Position-independent executable (`ET_DYN` with an interpreter).
    pub pie: bool,
    /// Machine (`x86_64`, `aarch64`, `i386`, …).
    pub machine: String,
    /// 64-bit.
    pub is_64: bool,
    /// `PT_INTERP` (`/lib64/ld-linux-x86-64.so.2`); `None` for a static binary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interpreter: Option<String>,
    /// No `.symtab` section.
    pub stripped: bool,
}

fn elf_err(e: object::read::Error) -> Error {
    Error::Elf {
        reason: e.to_string(),
    }
}

pub(crate) fn parse_elf(data: &[u8]) -> Result<ElfInfo> {
    match object::FileKind::parse(data).map_err(elf_err)? {
        object::FileKind::Elf32 => parse::<elf::FileHeader32<object::Endianness>>(data),
        object::FileKind::Elf64 => parse::<elf::FileHeader64<object::Endianness>>(data),
        k => Err(Error::Elf {
            reason: format!("not an ELF file ({k:?})"),
        }),
    }
}

fn parse<H: FileHeader<Endian = object::Endianness>>(data: &[u8]) -> Result<ElfInfo> {
    let file = ElfFile::<H>::parse(data).map_err(elf_err)?;
    let endian = file.endian();
    let header = file.elf_header();
    let interpreter = file.elf_program_headers().iter().find_map(|p| {
        (p.p_type(endian) == elf::PT_INTERP)
            .then(|| p.data(endian, data).ok())
            .flatten()
            .map(|b| String::from_utf8_lossy(b.split(|c| *c == 0).next().unwrap_or(b)).into_owned())
    });
    let e_type = header.e_type(endian);
    let kind = match e_type {
        elf::ET_EXEC => "executable".to_string(),
        elf::ET_DYN => "shared_object".to_string(),
        elf::ET_REL => "relocatable".to_string(),
        elf::ET_CORE => "core".to_string(),
        n => n.to_string(),
    };
    Ok(ElfInfo {
        kind,
        pie: e_type == elf::ET_DYN && interpreter.is_some(),
        machine: format!("{:?}", file.architecture()).to_ascii_lowercase(),
        is_64: file.is_64(),
        interpreter,
        stripped: !file.sections().any(|s| s.name() == Ok(".symtab")),
    })
}
