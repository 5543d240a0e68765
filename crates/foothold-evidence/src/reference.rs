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
    // A symlink beside the evidence that leads out of its folder is outside too.
    if let (Ok(real), Ok(real_dir)) = (
        std::fs::canonicalize(&path),
        std::fs::canonicalize(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        }),
    ) {
        if !real.starts_with(&real_dir) {
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
