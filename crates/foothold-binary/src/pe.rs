//! PE headers (through the `object` crate), exports, the version resource and the
//! Authenticode signature.
use crate::authenticode::{signature, Layout, Signature};
use crate::version_info::{parse_version_info, VersionInfo};
use crate::{Error, Result};
use foothold_core::Timestamp;
use object::pe;
use object::read::pe::{ImageNtHeaders, ImageOptionalHeader, PeFile, ResourceDirectoryEntryData};
use object::LittleEndian as LE;
use serde::Serialize;

/// What a PE file's headers and directories say.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct PeInfo {
    /// `IMAGE_FILE_HEADER.Machine` by name (`x86`, `x64`, `arm64`, `arm`, `ia64`) or hex.
    pub machine: String,
    /// PE32+ (64-bit optional header).
    pub pe32_plus: bool,
    /// `TimeDateStamp` as a time (the link time, or a hash in reproducible builds).
    pub compiled: Option<Timestamp>,
    /// `TimeDateStamp` as written.
    pub time_date_stamp: u32,
    /// `Subsystem` by name (`windows_gui`, `windows_cui`, `native`, `efi_application`…).
    pub subsystem: String,
    /// `IMAGE_FILE_DLL` is set.
    pub dll: bool,
    /// The export directory's DLL name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub export_name: Option<String>,
    /// Exported names (`#N` for an export by ordinal only), in table order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exports: Vec<String>,
    /// The version resource.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<VersionInfo>,
    /// The Authenticode signature; `None` when the file is not signed (see `signed`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
    /// Whether the file carries an Authenticode signature.
    pub signed: bool,
    /// The catalog that lists the file's Authenticode digest (`CatRoot\\*.cat`), for a file
    /// without a signature of its own: set by a scan that read the machine's catalogs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub catalog: Option<crate::CatalogSignature>,
}

impl PeInfo {
    /// The signature that vouches for the file: its own, else that of the catalog that lists
    /// it ([`PeInfo::catalog`]).
    pub fn vouching_signature(&self) -> Option<&Signature> {
        self.signature
            .as_ref()
            .or(self.catalog.as_ref().map(|c| &c.signature))
    }
}

fn machine_name(m: u16) -> String {
    match m {
        pe::IMAGE_FILE_MACHINE_I386 => "x86".into(),
        pe::IMAGE_FILE_MACHINE_AMD64 => "x64".into(),
        pe::IMAGE_FILE_MACHINE_ARM64 => "arm64".into(),
        pe::IMAGE_FILE_MACHINE_ARMNT | pe::IMAGE_FILE_MACHINE_ARM => "arm".into(),
        pe::IMAGE_FILE_MACHINE_IA64 => "ia64".into(),
        other => format!("{other:#06x}"),
    }
}

fn subsystem_name(s: u16) -> String {
    match s {
        pe::IMAGE_SUBSYSTEM_NATIVE => "native".into(),
        pe::IMAGE_SUBSYSTEM_WINDOWS_GUI => "windows_gui".into(),
        pe::IMAGE_SUBSYSTEM_WINDOWS_CUI => "windows_cui".into(),
        pe::IMAGE_SUBSYSTEM_OS2_CUI => "os2_cui".into(),
        pe::IMAGE_SUBSYSTEM_POSIX_CUI => "posix_cui".into(),
        pe::IMAGE_SUBSYSTEM_WINDOWS_CE_GUI => "windows_ce_gui".into(),
        pe::IMAGE_SUBSYSTEM_EFI_APPLICATION => "efi_application".into(),
        pe::IMAGE_SUBSYSTEM_EFI_BOOT_SERVICE_DRIVER => "efi_boot_service_driver".into(),
        pe::IMAGE_SUBSYSTEM_EFI_RUNTIME_DRIVER => "efi_runtime_driver".into(),
        pe::IMAGE_SUBSYSTEM_EFI_ROM => "efi_rom".into(),
        pe::IMAGE_SUBSYSTEM_XBOX => "xbox".into(),
        pe::IMAGE_SUBSYSTEM_WINDOWS_BOOT_APPLICATION => "windows_boot_application".into(),
        other => other.to_string(),
    }
}

fn pe_err(e: object::read::Error) -> Error {
    Error::Pe {
        offset: 0,
        reason: e.to_string(),
    }
}

/// Read a PE file: headers, exports, version resource, signature. Damage to a directory is
/// returned in `errors` beside what was read; damage to the headers is an `Err`.
pub(crate) fn parse_pe(data: &[u8]) -> Result<(PeInfo, Vec<Error>)> {
    match object::FileKind::parse(data) {
        Ok(object::FileKind::Pe32) => parse::<pe::ImageNtHeaders32>(data, false),
        Ok(object::FileKind::Pe64) => parse::<pe::ImageNtHeaders64>(data, true),
        Ok(k) => Err(Error::Pe {
            offset: 0,
            reason: format!("not a PE image ({k:?})"),
        }),
        Err(e) => Err(pe_err(e)),
    }
}

fn parse<Pe: ImageNtHeaders>(data: &[u8], plus: bool) -> Result<(PeInfo, Vec<Error>)> {
    let file = PeFile::<Pe>::parse(data).map_err(pe_err)?;
    let mut errors = Vec::new();
    let nt = file.nt_headers();
    let fh = nt.file_header();
    let stamp = fh.time_date_stamp.get(LE);
    let opt = nt.optional_header();
    let mut info = PeInfo {
        machine: machine_name(fh.machine.get(LE)),
        pe32_plus: plus,
        compiled: (stamp != 0).then(|| Timestamp::from_unix(i64::from(stamp), 0)),
        time_date_stamp: stamp,
        subsystem: subsystem_name(opt.subsystem()),
        dll: fh.characteristics.get(LE) & pe::IMAGE_FILE_DLL != 0,
        ..PeInfo::default()
    };
    match file.export_table() {
        Ok(Some(t)) => {
            info.export_name = t
                .name_from_pointer(t.directory().name.get(LE))
                .ok()
                .map(|n| String::from_utf8_lossy(n).into_owned());
            match t.exports() {
                Ok(list) => {
                    info.exports = list
                        .iter()
                        .take(65_536)
                        .map(|e| match e.name {
                            Some(n) => String::from_utf8_lossy(n).into_owned(),
                            None => format!("#{}", e.ordinal),
                        })
                        .collect();
                }
                Err(e) => errors.push(pe_err(e)),
            }
        }
        Ok(None) => {}
        Err(e) => errors.push(pe_err(e)),
    }
    let sections = file.section_table();
    let dirs = file.data_directories();
    match dirs.resource_directory(data, &sections) {
        Ok(Some(rsrc)) => match version_resource(rsrc, &sections, data) {
            Ok(Some((bytes, at))) => match parse_version_info(bytes, at) {
                Ok(v) => info.version = Some(v),
                Err(e) => errors.push(e),
            },
            Ok(None) => {}
            Err(e) => errors.push(e),
        },
        Ok(None) => {}
        Err(e) => errors.push(pe_err(e)),
    }
    // The digest's holes: CheckSum and the certificate-table directory entry.
    let nt_at = file.dos_header().nt_headers_offset() as usize;
    // The optional header follows the signature and the file header; its data directories
    // start 96 (PE32) or 112 (PE32+) bytes in. Offsets past the file only leave the digest's
    // holes empty.
    if let Some(sec) = dirs.get(pe::IMAGE_DIRECTORY_ENTRY_SECURITY) {
        let (off, size) = (sec.virtual_address.get(LE), sec.size.get(LE));
        if off != 0 && size != 0 {
            info.signed = true;
            let (checksum, security_entry) = holes(nt_at, plus);
            let layout = Layout {
                checksum,
                security_entry,
                table_offset: off as usize,
                table_size: size as usize,
            };
            match signature(data, &layout) {
                Ok(s) => info.signature = s,
                Err(e) => errors.push(e),
            }
        }
    }
    Ok((info, errors))
}

/// Where a PE file's `CheckSum` and certificate-table directory entry are, from the NT
/// headers' offset: the optional header follows the signature and the file header; its data
/// directories start 96 (PE32) or 112 (PE32+) bytes in. Offsets past the file only leave the
/// digest's holes empty.
fn holes(nt_at: usize, plus: bool) -> (usize, usize) {
    let opt_at = nt_at.saturating_add(24);
    let dirs_at = opt_at.saturating_add(if plus { 112 } else { 96 });
    (
        opt_at.saturating_add(64),
        dirs_at.saturating_add(pe::IMAGE_DIRECTORY_ENTRY_SECURITY.saturating_mul(8)),
    )
}

/// The Authenticode digest of a PE file with the digest algorithm `algorithm` (`sha1`,
/// `sha256`, …): what a signer signs, and what a catalog (`CatRoot\\*.cat`) lists for the
/// file. The file need not be signed (an attached signature is left out, as signing leaves
/// it out). `None` when the bytes are not a PE file or the algorithm is unknown.
///
/// ```
/// assert_eq!(foothold_binary::authenticode_digest(b"not a program", "sha256"), None);
/// ```
pub fn authenticode_digest(data: &[u8], algorithm: &str) -> Option<Vec<u8>> {
    authenticode_digests(data, &[algorithm])?.pop()
}

/// [`authenticode_digest`] with each of `algorithms`, in one pass over the file (a scan
/// looks a file up in catalogs by SHA-1 and SHA-256), in their order.
///
/// ```
/// assert_eq!(foothold_binary::authenticode_digests(b"MZ", &["sha1", "sha256"]), None);
/// ```
pub fn authenticode_digests(data: &[u8], algorithms: &[&str]) -> Option<Vec<Vec<u8>>> {
    let plus = match object::FileKind::parse(data).ok()? {
        object::FileKind::Pe32 => false,
        object::FileKind::Pe64 => true,
        _ => return None,
    };
    let nt_at = usize::try_from(foothold_core::u32_at(data, 0x3c)?).ok()?;
    let (checksum, security_entry) = holes(nt_at, plus);
    // The certificate table's entry, when the file is signed (a table past the file: the
    // digest runs to the end).
    let off = foothold_core::u32_at(data, security_entry).unwrap_or(0);
    let size = foothold_core::u32_at(data, security_entry.saturating_add(4)).unwrap_or(0);
    let table_offset = if off != 0 && size != 0 {
        usize::try_from(off).ok()?
    } else {
        data.len()
    };
    crate::authenticode::digests_of(
        data,
        &Layout {
            checksum,
            security_entry,
            table_offset,
            table_size: size as usize,
        },
        algorithms,
    )
}

/// The bytes of the first `RT_VERSION` resource and their file offset.
fn version_resource<'a>(
    rsrc: object::read::pe::ResourceDirectory<'a>,
    sections: &object::read::pe::SectionTable<'a>,
    data: &'a [u8],
) -> Result<Option<(&'a [u8], u64)>> {
    let root = rsrc.root().map_err(pe_err)?;
    let Some(ty) = root.entries.iter().find(|e| {
        matches!(e.name_or_id(), object::read::pe::ResourceNameOrId::Id(id) if id == pe::RT_VERSION)
    }) else {
        return Ok(None);
    };
    // type → name → language → data; take the first at each level.
    let mut entry = ty.data(rsrc).map_err(pe_err)?;
    for _ in 0..3 {
        match entry {
            ResourceDirectoryEntryData::Table(t) => {
                let Some(first) = t.entries.first() else {
                    return Ok(None);
                };
                entry = first.data(rsrc).map_err(pe_err)?;
            }
            ResourceDirectoryEntryData::Data(d) => {
                let rva = d.offset_to_data.get(LE);
                let size = d.size.get(LE) as usize;
                let Some((bytes, at)) = sections
                    .pe_file_range_at(rva)
                    .and_then(|(off, _)| Some((data.get(off as usize..)?, off)))
                else {
                    return Err(Error::Pe {
                        offset: 0,
                        reason: format!(
                            "version resource at RVA {rva:#x} is outside every section"
                        ),
                    });
                };
                return Ok(Some((
                    bytes.get(..size.min(bytes.len())).unwrap_or_default(),
                    u64::from(at),
                )));
            }
        }
    }
    Ok(None)
}
