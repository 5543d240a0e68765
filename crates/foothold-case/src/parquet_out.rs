//! The rows of a case and their Parquet files: one per image and artifact kind, below
//! `parquet/artifact=KIND/` (Hive-style partitions, as pandas, polars, pyarrow and Dask read
//! a dataset). Each row is a record's summary columns (the CLI table's), where it came from,
//! the first binary's SHA-256 and the whole record as JSON.
use crate::{io, CaseError};
use arrow_array::builder::{
    ListBuilder, StringBuilder, TimestampNanosecondBuilder, UInt32Builder, UInt64Builder,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, TimeUnit};
use std::path::Path;
use std::sync::Arc;

/// One row of the dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The host (computer name, else the image's file stem).
    pub host: String,
    /// The image's id in the case.
    pub image_id: String,
    /// The evidence file.
    pub evidence: String,
    /// `scheduled_task`, `service`, `cron_job`, `event`, `host`, `error`… (the partition).
    pub artifact: String,
    /// Summary: label, kind, name, user, schedule, command, flags, reference, location,
    /// line and time, as `foothold::Summary` gives them.
    pub summary: foothold::Summary,
    /// Volume, path, registry key and event record id of the record's source.
    pub volume: Option<u32>,
    /// See `volume`.
    pub path: String,
    /// See `volume`.
    pub key: Option<String>,
    /// See `volume`.
    pub record_id: Option<u64>,
    /// SHA-256 of the first file the record runs, when hashed.
    pub sha256: Option<String>,
    /// A service's `ImagePath`.
    pub image_path: Option<String>,
    /// The whole record, as `foothold scan --format jsonl` prints it.
    pub record: String,
}

/// The rows of a report.
pub(crate) fn rows(report: &foothold::Report, host: &str, id: &str, evidence: &str) -> Vec<Row> {
    report
        .records()
        .map(|r| {
            let json = serde_json::to_value(&r).unwrap_or_default();
            let s = r.summary();
            let src = r.source();
            let sha256 = json["runs"].as_array().and_then(|runs| {
                runs.iter()
                    .flat_map(|run| run["binaries"].as_array().into_iter().flatten())
                    .find_map(|b| b["sha256"].as_str().map(str::to_string))
            });
            Row {
                host: host.to_string(),
                image_id: id.to_string(),
                evidence: evidence.to_string(),
                artifact: s.artifact.clone(),
                volume: src.volume,
                path: src.path.clone(),
                key: src.key.clone(),
                record_id: src.record_id,
                sha256,
                image_path: json["image_path"].as_str().map(str::to_string),
                record: json.to_string(),
                summary: s,
            }
        })
        .collect()
}

fn schema() -> Arc<Schema> {
    let s = |n: &str, null: bool| Field::new(n, DataType::Utf8, null);
    Arc::new(Schema::new(vec![
        s("host", false),
        s("image_id", false),
        s("evidence", false),
        s("label", false),
        s("kind", false),
        s("name", false),
        s("user", true),
        s("schedule", false),
        s("command", false),
        Field::new(
            "flags",
            DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
            false,
        ),
        s("reference", false),
        s("location", false),
        Field::new("line", DataType::UInt64, true),
        Field::new(
            "time",
            DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into())),
            true,
        ),
        Field::new("volume", DataType::UInt32, true),
        s("path", false),
        s("key", true),
        Field::new("record_id", DataType::UInt64, true),
        s("sha256", true),
        s("image_path", true),
        s("record", false),
    ]))
}

fn batch(rows: &[&Row]) -> Result<RecordBatch, String> {
    let text = |f: &dyn Fn(&Row) -> Option<String>| {
        let mut b = StringBuilder::new();
        for r in rows {
            b.append_option(f(r));
        }
        Arc::new(b.finish()) as ArrayRef
    };
    let mut flags = ListBuilder::new(StringBuilder::new());
    for r in rows {
        for f in &r.summary.flags {
            flags.values().append_value(f);
        }
        flags.append(true);
    }
    let mut line = UInt64Builder::new();
    let mut time = TimestampNanosecondBuilder::new().with_timezone("UTC");
    let mut volume = UInt32Builder::new();
    let mut record_id = UInt64Builder::new();
    for r in rows {
        line.append_option(r.summary.line);
        time.append_option(r.summary.time.and_then(|t| {
            t.unix_seconds()
                .checked_mul(1_000_000_000)?
                .checked_add(i64::from(t.subsec_nanos()))
        }));
        volume.append_option(r.volume);
        record_id.append_option(r.record_id);
    }
    let columns: Vec<ArrayRef> = vec![
        text(&|r| Some(r.host.clone())),
        text(&|r| Some(r.image_id.clone())),
        text(&|r| Some(r.evidence.clone())),
        text(&|r| Some(r.summary.label.clone())),
        text(&|r| Some(r.summary.kind.clone())),
        text(&|r| Some(r.summary.name.clone())),
        text(&|r| r.summary.user.clone()),
        text(&|r| Some(r.summary.schedule.clone())),
        text(&|r| Some(r.summary.command.clone())),
        Arc::new(flags.finish()),
        text(&|r| Some(r.summary.reference.clone())),
        text(&|r| Some(r.summary.location.clone())),
        Arc::new(line.finish()),
        Arc::new(time.finish()),
        Arc::new(volume.finish()),
        text(&|r| Some(r.path.clone())),
        text(&|r| r.key.clone()),
        Arc::new(record_id.finish()),
        text(&|r| r.sha256.clone()),
        text(&|r| r.image_path.clone()),
        text(&|r| Some(r.record.clone())),
    ];
    RecordBatch::try_new(schema(), columns).map_err(|e| e.to_string())
}

fn part(out: &Path, artifact: &str, id: &str) -> std::path::PathBuf {
    out.join("parquet")
        .join(format!("artifact={artifact}"))
        .join(format!("{id}.parquet"))
}

/// Remove an image's earlier parts (a rescan may find other kinds of records).
pub(crate) fn remove_parts(out: &Path, id: &str) -> Result<(), CaseError> {
    let dir = out.join("parquet");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        return Ok(());
    };
    for d in rd.flatten() {
        let p = d.path().join(format!("{id}.parquet"));
        if p.exists() {
            std::fs::remove_file(&p).map_err(|e| io(&p, e))?;
        }
    }
    Ok(())
}

/// Write an image's rows, one file per artifact kind (written to a temporary name, then
/// renamed, so a stopped run leaves no half file).
pub(crate) fn write_parts(out: &Path, id: &str, rows: &[Row]) -> Result<(), CaseError> {
    let mut kinds: Vec<&str> = rows.iter().map(|r| r.artifact.as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    for kind in kinds {
        let these: Vec<&Row> = rows.iter().filter(|r| r.artifact == kind).collect();
        let path = part(out, kind, id);
        let fail = |m: String| CaseError::Parquet {
            path: path.display().to_string(),
            message: m,
        };
        if let Some(d) = path.parent() {
            std::fs::create_dir_all(d).map_err(|e| io(d, e))?;
        }
        let tmp = path.with_extension("parquet.tmp");
        let file = std::fs::File::create(&tmp).map_err(|e| io(&tmp, e))?;
        let b = batch(&these).map_err(fail)?;
        let props = parquet::file::properties::WriterProperties::builder()
            .set_compression(parquet::basic::Compression::SNAPPY)
            .build();
        let mut w = parquet::arrow::ArrowWriter::try_new(file, b.schema(), Some(props))
            .map_err(|e| fail(e.to_string()))?;
        w.write(&b).map_err(|e| fail(e.to_string()))?;
        w.close().map_err(|e| fail(e.to_string()))?;
        std::fs::rename(&tmp, &path).map_err(|e| io(&path, e))?;
    }
    Ok(())
}

/// An error naming `out` unless it is a case folder (it holds the `parquet/` dataset): a
/// path that is not there, or a folder that is no case, is said, not read as an empty case.
pub(crate) fn require_case(out: &Path) -> Result<(), CaseError> {
    if out.join("parquet").is_dir() {
        Ok(())
    } else {
        Err(CaseError::NotACase {
            path: out.display().to_string(),
        })
    }
}

/// The rows of one artifact kind of a case (every image's part), as (host, name, user,
/// command, sha256, image_path, record, schedule) — what stacking, diffing and hunting read.
pub fn read_rows(out: &Path, artifact: &str) -> Result<Vec<Vec<Option<String>>>, CaseError> {
    const COLUMNS: [&str; 8] = [
        "host",
        "name",
        "user",
        "command",
        "sha256",
        "image_path",
        "record",
        "schedule",
    ];
    require_case(out)?;
    let dir = out.join("parquet").join(format!("artifact={artifact}"));
    let Ok(rd) = std::fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let mut files: Vec<_> = rd
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "parquet"))
        .collect();
    files.sort();
    let mut out_rows = Vec::new();
    for p in files {
        let fail = |m: String| CaseError::Parquet {
            path: p.display().to_string(),
            message: m,
        };
        let f = std::fs::File::open(&p).map_err(|e| io(&p, e))?;
        let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(f)
            .and_then(|b| b.build())
            .map_err(|e| fail(e.to_string()))?;
        for batch in reader {
            let batch = batch.map_err(|e| fail(e.to_string()))?;
            let cols: Vec<Option<&arrow_array::StringArray>> = COLUMNS
                .iter()
                .map(|c| {
                    batch
                        .column_by_name(c)
                        .and_then(|a| a.as_any().downcast_ref::<arrow_array::StringArray>())
                })
                .collect();
            for i in 0..batch.num_rows() {
                out_rows.push(
                    cols.iter()
                        .map(|c| c.filter(|a| a.is_valid(i)).map(|a| a.value(i).to_string()))
                        .collect(),
                );
            }
        }
    }
    Ok(out_rows)
}

/// The artifact kinds a case holds (its partitions), sorted.
pub fn artifacts(out: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(out.join("parquet"))
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| {
                    e.file_name()
                        .to_string_lossy()
                        .strip_prefix("artifact=")
                        .map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}
