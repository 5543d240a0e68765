//! Triage collections: a KAPE target output (`C/Windows/…`), a Velociraptor offline
//! collection (`uploads/auto/C%3A/…`, `uploads/ntfs/%5C%5C.%5CC%3A/…`, names URL-escaped) or a
//! UAC collection (`[root]/etc/…`), as a folder or inside a `.zip`/`.tar`/`.tar.gz`. The
//! layout is found from the paths themselves, the drive or root mapped to `/`, and the
//! collection read as a [`FileTree`] so that the same scan runs; each record's
//! `source.origin` names the host file or archive member.
use foothold_fs::{Archive, FileTree, Leaf, Link};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Which tool's layout a collection has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Layout {
    /// KAPE: a drive-letter folder (`C`) holding `Windows`.
    Kape,
    /// Velociraptor: `uploads/<accessor>/<escaped drive>/…`.
    Velociraptor,
    /// UAC: `[root]/…`.
    Uac,
}

/// A volume that holds a KAPE collection rather than a system (KAPE's VHDX: the root has
/// `C/Windows/…`, no `Windows`): the volume seen from its drive folder
/// ([`foothold_fs::Rooted`], kind `collection`, each record's `origin` its path on the
/// volume). Any other volume as it is.
pub fn kape_volume(
    fs: std::sync::Arc<dyn foothold_fs::FileSystem>,
) -> std::sync::Arc<dyn foothold_fs::FileSystem> {
    if fs.lookup("/Windows").is_ok() || fs.lookup("/etc").is_ok() {
        return fs;
    }
    let Ok(root) = fs.root().and_then(|r| fs.read_dir(&r)) else {
        return fs;
    };
    let drive = root.entries.iter().find(|e| {
        e.kind == foothold_fs::EntryKind::Dir
            && is_drive(&e.name)
            && fs
                .lookup(&format!("/{}/Windows", e.name))
                .is_ok_and(|w| w.kind == foothold_fs::EntryKind::Dir)
    });
    match drive.and_then(|d| foothold_fs::Rooted::new(std::sync::Arc::clone(&fs), &d.name)) {
        Some(r) => std::sync::Arc::new(r),
        None => fs,
    }
}

/// Most files a collection folder is walked for.
const MAX_WALK: usize = 1_000_000;
/// Deepest folder walked.
const MAX_DEPTH: usize = 40;

/// `%XX` escapes decoded (Velociraptor's names); anything else kept.
fn unescape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A drive component: `C`, `C:`, `\\.\C:` (after unescaping).
fn is_drive(c: &str) -> bool {
    let c = c.strip_prefix(r"\\.\").unwrap_or(c);
    let c = c.strip_suffix(':').unwrap_or(c);
    c.len() == 1 && c.as_bytes()[0].is_ascii_alphabetic()
}

/// The layout of a collection from its file paths (`/`-separated, relative): the layout,
/// the prefix (components) that is the machine's root, and whether names are escaped.
pub fn layout_of<'a>(paths: impl IntoIterator<Item = &'a str>) -> Option<(Layout, Vec<String>)> {
    let mut best: Option<(Layout, Vec<String>)> = None;
    for p in paths {
        let comps: Vec<&str> = p.split('/').filter(|c| !c.is_empty()).collect();
        for i in 0..comps.len().saturating_sub(1) {
            let (c, next) = (comps[i], comps[i + 1]);
            let found = if c == "[root]" && next == "etc" {
                Some(Layout::Uac)
            } else if next.eq_ignore_ascii_case("Windows") && is_drive(&unescape(c)) {
                let velo = comps[..i].contains(&"uploads") || c.contains('%');
                Some(if velo {
                    Layout::Velociraptor
                } else {
                    Layout::Kape
                })
            } else {
                None
            };
            if let Some(l) = found {
                let prefix: Vec<String> = comps[..=i].iter().map(|s| s.to_string()).collect();
                // The shortest root wins (a collection inside a collection stays a file).
                if best.as_ref().is_none_or(|(_, b)| prefix.len() < b.len()) {
                    best = Some((l, prefix));
                }
                break;
            }
        }
    }
    best
}

/// The machine path of a collection path under `prefix`, unescaped for Velociraptor.
fn machine_path(layout: Layout, prefix: &[String], path: &str) -> Option<String> {
    let comps: Vec<&str> = path.split('/').filter(|c| !c.is_empty()).collect();
    if comps.len() <= prefix.len() || comps[..prefix.len()] != prefix[..] {
        return None;
    }
    let rest = &comps[prefix.len()..];
    let rest: Vec<String> = if layout == Layout::Velociraptor {
        rest.iter().map(|c| unescape(c)).collect()
    } else {
        rest.iter().map(|c| c.to_string()).collect()
    };
    Some(format!("/{}", rest.join("/")))
}

/// A collection folder's tree, when its layout is one of [`Layout`]'s. Its folders alone are
/// looked at first ([`probe`], six levels deep): a folder that is no collection is not walked
/// whole.
pub fn folder(dir: &Path) -> Option<(Layout, FileTree)> {
    probe(dir).0?;
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    let mut links: Vec<(String, String)> = Vec::new();
    walk(dir, String::new(), 0, &mut files, &mut links);
    let (layout, prefix) = layout_of(files.iter().map(|(p, _)| p.as_str()))?;
    let label = dir.file_name()?.to_string_lossy().into_owned();
    let mut leaves: BTreeMap<String, Leaf> = files
        .into_iter()
        .filter_map(|(p, f)| machine_path(layout, &prefix, &p).map(|m| (m, Leaf::Host(f))))
        .collect();
    let links = links
        .into_iter()
        .filter_map(|(p, t)| machine_path(layout, &prefix, &p).map(|m| (m, Link::Symbolic(t))))
        .collect();
    add_links(&mut leaves, links);
    FileTree::of_leaves(&label, leaves, &[])
        .ok()
        .map(|t| (layout, t.with_kind("collection")))
}

/// How deep below a folder a collection's root (`C/Windows`, `uploads/auto/C%3A/Windows`,
/// `uploads/ntfs/%5C%5C.%5CC%3A/Windows`, `[root]/etc`, also one folder further down) is
/// looked for, and how many folders are read doing it.
const PROBE_DEPTH: usize = 6;
const PROBE_DIRS: usize = 4096;

/// The layout of the folders (not the files) below `dir`, read breadth-first to
/// [`PROBE_DEPTH`] levels and at most [`PROBE_DIRS`] folders; and how many folders were read.
fn probe(dir: &Path) -> (Option<Layout>, usize) {
    let mut found: Vec<String> = Vec::new();
    let mut level: Vec<(PathBuf, String)> = vec![(dir.to_path_buf(), String::new())];
    let mut read = 0;
    for _ in 0..PROBE_DEPTH {
        let mut next = Vec::new();
        for (d, rel) in level {
            if read >= PROBE_DIRS {
                break;
            }
            read += 1;
            let Ok(rd) = std::fs::read_dir(&d) else {
                continue;
            };
            for e in rd.flatten() {
                if e.file_type().is_ok_and(|t| t.is_dir()) {
                    let name = e.file_name().to_string_lossy().into_owned();
                    let r = if rel.is_empty() {
                        name
                    } else {
                        format!("{rel}/{name}")
                    };
                    found.push(r.clone());
                    next.push((e.path(), r));
                }
            }
        }
        if let Some((layout, _)) = layout_of(found.iter().map(String::as_str)) {
            return (Some(layout), read);
        }
        next.sort();
        level = next;
    }
    (None, read)
}

/// Most links followed one after another.
const MAX_HOPS: usize = 8;

/// `/`-joined and normalised (`..` and `.` resolved; never above the root).
fn normalise(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for c in path.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    format!("/{}", out.join("/"))
}

/// Each link whose target (followed through other links) is a file of the collection
/// becomes that file at the link's path, as a machine reading through the link sees it.
/// A link to nothing collected is left out.
fn add_links(leaves: &mut BTreeMap<String, Leaf>, links: Vec<(String, Link)>) {
    let targets: BTreeMap<String, String> = links
        .iter()
        .map(|(p, l)| {
            let t = match l {
                Link::Hard(t) => t.clone(),
                Link::Symbolic(t) if t.starts_with('/') => normalise(t),
                Link::Symbolic(t) => {
                    let dir = p.rsplit_once('/').map_or("", |(d, _)| d);
                    normalise(&format!("{dir}/{t}"))
                }
            };
            (p.clone(), t)
        })
        .collect();
    for (p, _) in &links {
        let mut at = targets.get(p).cloned();
        for _ in 0..MAX_HOPS {
            match at.as_deref() {
                Some(t) if leaves.contains_key(t) => break,
                Some(t) => at = targets.get(t).cloned(),
                None => break,
            }
        }
        if let Some(leaf) = at.and_then(|t| leaves.get(&t).cloned()) {
            leaves.entry(p.clone()).or_insert(leaf);
        }
    }
}

fn walk(
    dir: &Path,
    rel: String,
    depth: usize,
    out: &mut Vec<(String, PathBuf)>,
    links: &mut Vec<(String, String)>,
) {
    if depth > MAX_DEPTH || out.len() >= MAX_WALK {
        return;
    }
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut items: Vec<_> = rd.flatten().collect();
    items.sort_by_key(|e| e.file_name());
    for e in items {
        let name = e.file_name().to_string_lossy().into_owned();
        let r = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        // Links are not followed: a collection holds files.
        match e.file_type() {
            Ok(t) if t.is_dir() => walk(&e.path(), r, depth + 1, out, links),
            Ok(t) if t.is_symlink() => {
                if let Ok(target) = std::fs::read_link(e.path()) {
                    links.push((r, target.to_string_lossy().into_owned()));
                }
            }
            Ok(t) if t.is_file() => {
                if out.len() >= MAX_WALK {
                    return;
                }
                out.push((r, e.path()));
            }
            _ => {}
        }
    }
}

/// A collection archive's tree: the layout, the archive, and the tree of its members.
pub fn archive(path: &Path) -> foothold_fs::Result<Option<(Layout, Arc<Archive>, FileTree)>> {
    let Some(kind) = foothold_fs::archive::sniff(path) else {
        return Ok(None);
    };
    let a = Arc::new(Archive::open_as(path, kind)?);
    let Some((layout, prefix)) = layout_of(
        a.members()
            .iter()
            .filter(|m| !m.is_dir)
            .map(|m| m.name.as_str()),
    ) else {
        // An archive, but not a collection foothold knows: said, not read as something else.
        let mut reason = format!(
            "{} archive of {} members without a KAPE (C/Windows), Velociraptor (uploads/…/C%3A) or UAC ([root]/etc) layout",
            a.kind().name(),
            a.members().len()
        );
        for p in a.problems() {
            reason.push_str("; ");
            reason.push_str(p);
        }
        return Err(foothold_fs::Error::NotThisFs {
            fs: "triage collection",
            reason,
        });
    };
    let label = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut leaves: BTreeMap<String, Leaf> = BTreeMap::new();
    let mut links = Vec::new();
    for (i, m) in a.members().iter().enumerate().filter(|(_, m)| !m.is_dir) {
        let Some(p) = machine_path(layout, &prefix, &m.name) else {
            continue;
        };
        match &m.link {
            // A hard link names another member: its machine path.
            Some(Link::Hard(t)) => {
                if let Some(t) = machine_path(layout, &prefix, t) {
                    links.push((p, Link::Hard(t)));
                }
            }
            Some(l) => links.push((p, l.clone())),
            None => {
                leaves.entry(p).or_insert(Leaf::Member(Arc::clone(&a), i));
            }
        }
    }
    add_links(&mut leaves, links);
    let tree = FileTree::of_leaves(&label, leaves, &[])?
        .with_kind("collection")
        .with_warnings(a.problems().to_vec());
    Ok(Some((layout, a, tree)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder that is no collection is judged by its folders alone, six levels deep: its
    /// files (here 3,000 in one folder) are not collected nor its deeper folders read, and a
    /// collection's root is found as deep as a Velociraptor `ntfs` upload inside a host
    /// folder puts it.
    #[test]
    fn folders_are_probed_before_being_walked() {
        let d = std::env::temp_dir().join(format!("foothold-probe-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(d.join("home/alice/a/b")).unwrap();
        for i in 0..3000 {
            std::fs::write(d.join(format!("home/alice/f{i}")), b"x").unwrap();
        }
        let (layout, read) = probe(&d);
        assert_eq!((layout, read), (None, 5)); // d, home, alice, a, b
        assert!(folder(&d).is_none());
        let deep = d.join("host1/uploads/ntfs/%5C%5C.%5CC%3A/Windows/System32");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(deep.join("x"), b"x").unwrap();
        assert_eq!(probe(&d).0, Some(Layout::Velociraptor));
        assert_eq!(folder(&d).map(|(l, _)| l), Some(Layout::Velociraptor));
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn layouts() {
        let k = layout_of(["kape/C/Windows/System32/config/SYSTEM"]).unwrap();
        assert_eq!((k.0, k.1.join("/")), (Layout::Kape, "kape/C".to_string()));
        let v = layout_of(["uploads/auto/C%3A/Windows/System32/Tasks/x"]).unwrap();
        assert_eq!(v.0, Layout::Velociraptor);
        let n = layout_of(["uploads/ntfs/%5C%5C.%5CC%3A/Windows/x"]).unwrap();
        assert_eq!(n.1.join("/"), "uploads/ntfs/%5C%5C.%5CC%3A");
        let u = layout_of([
            "uac-host/[root]/etc/crontab",
            "uac-host/bodyfile/bodyfile.txt",
        ])
        .unwrap();
        assert_eq!(
            (u.0, u.1.join("/")),
            (Layout::Uac, "uac-host/[root]".to_string())
        );
        assert!(layout_of(["notes/Windows/readme.txt"]).is_none());
        assert_eq!(unescape("Legacy%20Updater.job"), "Legacy Updater.job");
        assert_eq!(unescape("100%"), "100%");
        assert_eq!(
            machine_path(
                Layout::Velociraptor,
                &v.1,
                "uploads/auto/C%3A/Windows/Tasks/a%3Ab"
            )
            .as_deref(),
            Some("/Windows/Tasks/a:b")
        );
    }
}
