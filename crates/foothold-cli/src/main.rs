//! `foothold`: read acquired disk images offline.
//!
//! Exit codes: 0 success, 1 failure (nothing produced), 2 usage error, 3 finished with
//! errors (partial output; the errors are on stderr).
#![forbid(unsafe_code)]

mod output;

use clap::{Parser, Subcommand, ValueEnum};
use foothold::{Evidence, FileSystem, ListRecord};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "foothold",
    version,
    about = "Read acquired disk images offline: volumes, files and persistence artifacts"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ListFormat {
    Table,
    Jsonl,
    Csv,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum InfoFormat {
    Table,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Volumes (number, offset, length, type, filesystem, label) and detected OS of each image.
    Info {
        /// Image files (raw, split raw first segment) or directories.
        #[arg(required = true)]
        images: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = InfoFormat::Table)]
        format: InfoFormat,
    },
    /// Recursive listing with entry numbers and every timestamp.
    Ls {
        /// Image file or directory.
        image: PathBuf,
        /// Directory (or file) to list, `/`-separated from the volume root.
        #[arg(default_value = "/")]
        path: String,
        /// Only this volume (partition number from `foothold info`).
        #[arg(long)]
        volume: Option<u32>,
        /// Also list deleted entries still recoverable from the MFT / inode table.
        #[arg(long)]
        deleted: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Write a file's bytes to stdout (`PATH:stream` for an NTFS alternate data stream).
    Cat {
        /// Image file or directory.
        image: PathBuf,
        /// File path from the volume root.
        path: String,
        /// Volume (partition number); default: the first readable volume that has the path.
        #[arg(long)]
        volume: Option<u32>,
    },
}

/// How a command ended.
enum Outcome {
    Ok,
    Partial,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Info { images, format } => info(&images, format),
        Command::Ls {
            image,
            path,
            volume,
            deleted,
            format,
        } => ls(&image, &path, volume, deleted, format),
        Command::Cat {
            image,
            path,
            volume,
        } => cat(&image, &path, volume),
    };
    match result {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Partial) => ExitCode::from(3),
        Err(e) => {
            if is_broken_pipe(&*e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("foothold: {e}");
            ExitCode::from(1)
        }
    }
}

fn is_broken_pipe(e: &(dyn std::error::Error + 'static)) -> bool {
    e.downcast_ref::<std::io::Error>()
        .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}

type CliResult = Result<Outcome, Box<dyn std::error::Error>>;

fn info(images: &[PathBuf], format: InfoFormat) -> CliResult {
    let mut out = std::io::stdout().lock();
    let mut failed = 0;
    for img in images {
        let ev = match Evidence::open(img) {
            Ok(ev) => ev,
            Err(e) => {
                eprintln!("foothold: {e}");
                failed += 1;
                continue;
            }
        };
        let report = output::InfoReport::new(&ev);
        match format {
            InfoFormat::Json => writeln!(out, "{}", serde_json::to_string(&report)?)?,
            InfoFormat::Table => output::info_table(&mut out, &report)?,
        }
    }
    match failed {
        0 => Ok(Outcome::Ok),
        n if n == images.len() => Err("no image could be opened".into()),
        _ => Ok(Outcome::Partial),
    }
}

fn ls(
    image: &PathBuf,
    path: &str,
    volume: Option<u32>,
    deleted: bool,
    format: ListFormat,
) -> CliResult {
    let ev = Evidence::open(image)?;
    let vols: Vec<_> = match volume {
        Some(n) => vec![ev.volume(Some(n))?],
        None => ev
            .volumes()
            .iter()
            .filter(|v| v.filesystem.is_readable())
            .collect(),
    };
    if vols.is_empty() {
        return Err(format!(
            "{}: no readable volume (see `foothold info`)",
            image.display()
        )
        .into());
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut writer =
        output::ListWriter::new(format == ListFormat::Jsonl, format == ListFormat::Csv);
    writer.header(&mut out)?;
    let mut problems = 0usize;
    let mut io_err: Option<std::io::Error> = None;
    for vol in vols {
        let fs = match ev.filesystem(vol) {
            Ok(fs) => fs,
            Err(e) => {
                eprintln!("foothold: {e}");
                problems += 1;
                continue;
            }
        };
        let start = match fs.lookup(path) {
            Ok(s) => s,
            Err(e) => {
                if volume.is_some() {
                    return Err(e.into());
                }
                continue;
            }
        };
        let mut emit = |r: ListRecord| {
            if io_err.is_none() {
                if let Err(e) = writer.row(&mut out, &r) {
                    io_err = Some(e);
                }
            }
        };
        if start.kind == foothold::EntryKind::Dir {
            for e in foothold::walk(&*fs, vol.number, &start, &mut emit) {
                eprintln!(
                    "foothold: volume {}: {}: {}",
                    vol_label(vol.number),
                    e.path,
                    e.message
                );
                problems += 1;
            }
        } else {
            emit(ListRecord {
                volume: vol.number,
                stream: None,
                entry: start.clone(),
            });
        }
        if deleted {
            match fs.deleted() {
                Ok(list) => {
                    let prefix = path.trim_end_matches('/');
                    for d in list
                        .into_iter()
                        .filter(|d| prefix.is_empty() || d.path.starts_with(prefix))
                    {
                        emit(ListRecord {
                            volume: vol.number,
                            stream: None,
                            entry: d,
                        });
                    }
                }
                Err(e) => {
                    eprintln!(
                        "foothold: volume {}: deleted entries: {e}",
                        vol_label(vol.number)
                    );
                    problems += 1;
                }
            }
        }
        for w in fs.warnings() {
            eprintln!("foothold: volume {}: warning: {w}", vol_label(vol.number));
        }
        if let Some(e) = io_err.take() {
            return Err(e.into());
        }
    }
    out.flush()?;
    Ok(if problems == 0 {
        Outcome::Ok
    } else {
        Outcome::Partial
    })
}

fn vol_label(n: Option<u32>) -> String {
    n.map_or("-".into(), |n| n.to_string())
}

/// Split `path:stream` where the filesystem has named streams.
fn split_stream<'a>(fs: &dyn FileSystem, path: &'a str) -> (&'a str, Option<&'a str>) {
    if fs.kind() == "ntfs" {
        let last = path.rsplit('/').next().unwrap_or(path);
        if let Some(i) = last.find(':') {
            let cut = path.len() - last.len() + i;
            let stream = &path[cut + 1..];
            return (
                &path[..cut],
                (!stream.is_empty() && stream != "$DATA")
                    .then_some(stream.trim_end_matches(":$DATA")),
            );
        }
    }
    (path, None)
}

fn cat(image: &PathBuf, path: &str, volume: Option<u32>) -> CliResult {
    let ev = Evidence::open(image)?;
    let candidates: Vec<_> = match volume {
        Some(n) => vec![ev.volume(Some(n))?],
        None => ev
            .volumes()
            .iter()
            .filter(|v| v.filesystem.is_readable())
            .collect(),
    };
    let mut last_err: Option<Box<dyn std::error::Error>> = None;
    for vol in candidates {
        let fs = match ev.filesystem(vol) {
            Ok(fs) => fs,
            Err(e) => {
                last_err = Some(e.into());
                continue;
            }
        };
        let (file, stream) = split_stream(&*fs, path);
        let entry = match fs.lookup(file) {
            Ok(e) => e,
            Err(e) => {
                last_err = Some(e.into());
                continue;
            }
        };
        if entry.kind == foothold::EntryKind::Dir && stream.is_none() {
            return Err(format!("{path}: is a directory").into());
        }
        let s = fs.open_stream(&entry, stream)?;
        let mut out = std::io::stdout().lock();
        let mut buf = vec![0u8; 1 << 20];
        let mut off = 0u64;
        while off < s.len() {
            let n = s.read_at(off, &mut buf)?;
            if n == 0 {
                return Err(format!("{path}: data ends at {off} of {} bytes", s.len()).into());
            }
            out.write_all(&buf[..n])?;
            off += n as u64;
        }
        out.flush()?;
        return Ok(Outcome::Ok);
    }
    Err(last_err.unwrap_or_else(|| format!("{}: no readable volume", image.display()).into()))
}
