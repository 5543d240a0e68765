//! Inputs for the benchmarks: the 100k-file images built by `build-100k.sh` when present,
//! else the corpus images (decompressed into `target/bench`).
use std::path::{Path, PathBuf};

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A benchmark image: `target/bench/NAME` if built, else the named corpus image.
pub fn image(big: &str, corpus_fallback: &str) -> PathBuf {
    let built = repo_root().join("target/bench").join(big);
    if built.exists() {
        return built;
    }
    let out = repo_root()
        .join("target/bench")
        .join(format!("{corpus_fallback}.img"));
    if !out.exists() {
        let _ = std::fs::create_dir_all(out.parent().unwrap_or(Path::new(".")));
        let src = repo_root().join(format!("corpus/images/{corpus_fallback}.img.zst"));
        if let Ok(f) = std::fs::File::open(src) {
            if let Ok(mut dec) = ruzstd::decoding::StreamingDecoder::new(std::io::BufReader::new(f))
            {
                if let Ok(mut w) = std::fs::File::create(&out) {
                    let _ = std::io::copy(&mut dec, &mut w);
                }
            }
        }
    }
    out
}

/// List every entry of every readable volume; returns the number of entries.
pub fn list_all(path: &Path) -> usize {
    let Ok(ev) = foothold::Evidence::open(path) else {
        return 0;
    };
    let mut n = 0;
    for (v, fs) in ev.filesystems() {
        let Ok(fs) = fs else { continue };
        let Ok(root) = fs.root() else { continue };
        foothold::walk(&*fs, v.number, &root, &mut |_| n += 1);
    }
    n
}
