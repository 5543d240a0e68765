//! Which files of a folder are evidence, by content: an E01's first segment, a qcow2, VHD,
//! VHDX or VMDK (its descriptor or a sparse extent that is not part of another's), a raw
//! disk or volume (a boot-sector signature, or a `.dd`/`.raw`/`.img`/`.001` name), a
//! triage collection's zip or tar.
use std::io::Read;
use std::path::{Path, PathBuf};

/// Deepest folder searched below a given one.
const MAX_DEPTH: usize = 8;
/// Most entries looked at in one search.
const MAX_ENTRIES: usize = 200_000;

/// The evidence files of `inputs`, in order: a file is taken as given; a folder is searched
/// (sorted, depth-first) for files whose first bytes say they are evidence, so a case folder
/// can hold notes and exports beside the images; a triage collection (a KAPE, Velociraptor
/// or UAC folder, or its zip or tar) is one piece of evidence. Second and later segments (`.E02`,
/// `.002`, `-s002.vmdk`, `-flat.vmdk`) are parts of another file and not listed.
///
/// ```
/// let dir = std::env::temp_dir().join(format!("find-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// std::fs::write(dir.join("notes.txt"), "not evidence").unwrap();
/// let mut disk = vec![0u8; 512];
/// disk[510] = 0x55; disk[511] = 0xAA;
/// std::fs::write(dir.join("pc1.bin"), &disk).unwrap();
/// assert_eq!(foothold_case::find_evidence(&[dir.clone()]), [dir.join("pc1.bin")]);
/// ```
pub fn find_evidence(inputs: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut seen = 0usize;
    for input in inputs {
        if input.is_dir() {
            walk(input, 0, &mut seen, &mut out);
        } else {
            out.push(input.clone());
        }
    }
    out
}

fn walk(dir: &Path, depth: usize, seen: &mut usize, out: &mut Vec<PathBuf>) {
    if depth > MAX_DEPTH {
        return;
    }
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        *seen += 1;
        if *seen > MAX_ENTRIES {
            return;
        }
        // A link to a file is followed (a case folder of links into the evidence store); a
        // link to a folder is not (no cycles, no store walked twice).
        let Ok(meta) = std::fs::symlink_metadata(&p) else {
            continue;
        };
        if meta.is_dir() && is_collection(&p) {
            // A triage collection folder is one piece of evidence, not a folder to search.
            out.push(p);
        } else if meta.is_dir() {
            walk(&p, depth + 1, seen, out);
        } else if std::fs::metadata(&p).is_ok_and(|m| m.is_file()) && is_evidence(&p) {
            out.push(p);
        }
    }
}

/// A folder laid out as a triage collection: KAPE's drive folder (`C/Windows`),
/// Velociraptor's `uploads/` beside its `uploads.json`, UAC's `[root]/etc`.
fn is_collection(p: &Path) -> bool {
    if p.join("[root]").join("etc").is_dir()
        || p.join("uploads").is_dir() && p.join("uploads.json").is_file()
    {
        return true;
    }
    std::fs::read_dir(p).is_ok_and(|rd| {
        rd.flatten().take(64).any(|e| {
            let n = e.file_name();
            n.len() == 1
                && n.to_string_lossy().as_bytes()[0].is_ascii_alphabetic()
                && e.path().join("Windows").is_dir()
        })
    })
}

fn is_evidence(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_string())
        .unwrap_or_default();
    let mut head = [0u8; 512];
    let n = std::fs::File::open(p)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    let head = &head[..n];
    // Parts of another file.
    let part = |e: &str| e.len() == 3 && e.bytes().all(|b| b.is_ascii_digit()) && e != "001";
    if part(&ext)
        || ext.len() == 3
            && ext.starts_with('e')
            && ext.bytes().skip(1).all(|b| b.is_ascii_digit())
            && ext != "e01"
        || name.ends_with("-flat.vmdk")
        || name
            .strip_suffix(".vmdk")
            .and_then(|s| s.rsplit_once("-s"))
            .is_some_and(|(_, n)| n.len() == 3 && n.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    head.starts_with(b"EVF\x09\x0d\x0a\xff\x00")
        || head.starts_with(b"QFI\xfb")
        || head.starts_with(b"vhdxfile")
        || head.starts_with(b"conectix")
        || head.starts_with(b"KDMV")
        || head.starts_with(b"# Disk DescriptorFile")
        || ext == "vhd"
        || head.len() == 512 && head[510] == 0x55 && head[511] == 0xAA
        || matches!(ext.as_str(), "dd" | "raw" | "img" | "001")
        // A bare ext filesystem: its superblock is at 1024, past what was read here.
        || ext4_magic(p)
        // A triage collection's zip or tar (KAPE, Velociraptor, UAC).
        || foothold::archive_kind(p).is_some()
}

fn ext4_magic(p: &Path) -> bool {
    use std::io::{Seek, SeekFrom};
    let mut b = [0u8; 2];
    std::fs::File::open(p)
        .and_then(|mut f| {
            f.seek(SeekFrom::Start(1024 + 0x38))?;
            f.read_exact(&mut b)
        })
        .is_ok()
        && b == [0x53, 0xEF]
}
