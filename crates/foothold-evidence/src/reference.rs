//! Which host files evidence may make us open: only regular files, and files a container
//! names (a qcow2 backing file, VMDK extents) only inside the evidence's own folder unless
//! the examiner allows more. A container is written by the adversary: a backing file of
//! `/dev/stdin` would block forever, one of `/etc/shadow` would read the examiner's machine
//! as a disk.
use crate::{Error, Result};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

static ANYWHERE: AtomicBool = AtomicBool::new(false);

/// Let containers open the files they name wherever they are (an absolute path, a path
/// with `..`): for an examiner who put a backing file elsewhere on purpose (the CLI's
/// `--follow-outside-references`). Off by default; FIFOs and devices stay refused.
pub fn allow_references_anywhere(allow: bool) {
    ANYWHERE.store(allow, Ordering::Relaxed);
}

/// Refuse a path that exists but is not a regular file or a directory (after following
/// symlinks): FIFOs, devices and sockets are never read as evidence, since reading one can
/// block forever (a FIFO without a writer) or read what is not evidence. A missing path
/// passes (its open fails with the operating system's error).
///
/// ```
/// use foothold_evidence::{refuse_non_file, Error};
/// assert!(matches!(refuse_non_file("/dev/null"), Err(Error::NotAFile { .. })));
/// assert!(refuse_non_file("/no/such/file").is_ok());
/// ```
pub fn refuse_non_file(path: impl AsRef<Path>) -> Result<()> {
    regular_file(path.as_ref())
}

pub(crate) fn regular_file(path: &Path) -> Result<()> {
    use std::os::unix::fs::FileTypeExt;
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(());
    };
    let t = meta.file_type();
    let kind = if t.is_fifo() {
        "FIFO"
    } else if t.is_char_device() {
        "character device"
    } else if t.is_block_device() {
        "block device"
    } else if t.is_socket() {
        "socket"
    } else {
        return Ok(());
    };
    Err(Error::NotAFile {
        path: path.to_path_buf(),
        kind,
    })
}

/// The host path of a file that the container `evidence` names as `named`: relative to the
/// container's folder, and — unless [`allow_references_anywhere`] — neither absolute nor
/// climbing out with `..`, nor a symlink that leads out of that folder.
pub(crate) fn resolve(evidence: &Path, named: &str) -> Result<PathBuf> {
    let dir = evidence.parent().unwrap_or(Path::new("."));
    let name = Path::new(named);
    let path = if name.is_relative() {
        dir.join(name)
    } else {
        name.to_path_buf()
    };
    if ANYWHERE.load(Ordering::Relaxed) {
        return Ok(path);
    }
    let outside = || Error::OutsideReference {
        named: named.to_string(),
        path: evidence.to_path_buf(),
    };
    if !name.is_relative()
        || name
            .components()
            .any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)))
    {
        return Err(outside());
    }
    // A symlink beside the evidence that leads out of its folder is outside too — unless it
    // leads into the folder the evidence file itself really is in (a case folder of links to
    // the evidence store).
    let folder = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    if let Ok(real) = std::fs::canonicalize(&path) {
        let inside = |d: Option<PathBuf>| d.is_some_and(|d| real.starts_with(d));
        let own = std::fs::canonicalize(folder).ok();
        let evidence_home = std::fs::canonicalize(evidence)
            .ok()
            .and_then(|e| e.parent().map(Path::to_path_buf));
        if !inside(own) && !inside(evidence_home) {
            return Err(outside());
        }
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_outside_the_folder_are_refused() {
        let ev = Path::new("/evidence/case/disk.qcow2");
        assert_eq!(
            resolve(ev, "base.qcow2").expect("beside"),
            Path::new("/evidence/case/base.qcow2")
        );
        assert!(resolve(ev, "sub/base.qcow2").is_ok());
        for bad in [
            "/etc/hostname",
            "../base.qcow2",
            "sub/../../x",
            "/dev/stdin",
        ] {
            assert!(
                matches!(resolve(ev, bad), Err(Error::OutsideReference { .. })),
                "{bad}"
            );
        }
    }

    /// A case folder of links to an evidence store: the overlay's backing file, a link
    /// beside the overlay's link, leads where the overlay itself is: inside. A link beside
    /// it that leads anywhere else is outside.
    #[test]
    fn links_into_the_evidence_files_own_folder_are_inside() {
        let root = std::env::temp_dir().join(format!("foothold-ref-{}", std::process::id()));
        let (store, case, other) = (root.join("store"), root.join("case"), root.join("other"));
        for d in [&store, &case, &other] {
            std::fs::create_dir_all(d).unwrap();
        }
        std::fs::write(store.join("overlay.qcow2"), b"x").unwrap();
        std::fs::write(store.join("base.qcow2"), b"x").unwrap();
        std::fs::write(other.join("secret"), b"x").unwrap();
        let link = |from: &Path, to: &Path| {
            let _ = std::fs::remove_file(to);
            std::os::unix::fs::symlink(from, to).unwrap();
        };
        link(&store.join("overlay.qcow2"), &case.join("overlay.qcow2"));
        link(&store.join("base.qcow2"), &case.join("base.qcow2"));
        link(&other.join("secret"), &case.join("secret"));
        let ev = case.join("overlay.qcow2");
        assert!(resolve(&ev, "base.qcow2").is_ok());
        assert!(matches!(
            resolve(&ev, "secret"),
            Err(Error::OutsideReference { .. })
        ));
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn fifos_and_devices_are_not_files() {
        assert!(matches!(
            regular_file(Path::new("/dev/null")),
            Err(Error::NotAFile {
                kind: "character device",
                ..
            })
        ));
        assert!(regular_file(Path::new("/no/such/file")).is_ok());
        assert!(regular_file(Path::new(file!())).is_ok() || !Path::new(file!()).exists());
    }
}
