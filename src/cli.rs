//! Command-line arguments (clap derive) and their conversion into checked library options.
//! The only module that knows clap.

use clap::{Args, Parser, Subcommand, ValueEnum};
use clausier::extract::Limits;
use clausier::ReadOptions;
use std::path::PathBuf;
use std::time::Duration;

/// Find, check and generate the social insertion clauses of French public procurement.
#[derive(Debug, Parser)]
#[command(name = "clausier", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the text clausier reads from a document, with page and section markers
    ///
    /// The first thing to run when a scan finds nothing: it shows what was read, which reader
    /// read it, the sections found, and any warning (scanned PDF, fallback reader…).
    Text(TextArgs),
    /// Check one document: each insertion clause, its model, figures, findings and diff
    Check(CheckArgs),
    /// Check every document under the given files and folders, in parallel
    Scan(ScanArgs),
    /// List every rule id with what it finds and why it matters
    Rules,
    /// Work on reports: merge the JSONL outputs of sharded scans
    Report(ReportArgs),
    /// Write a compliant clause from a model and the tender's parameters
    Generate(GenerateArgs),
    /// List the model clauses, or show one model's parameters
    Templates(TemplatesArgs),
    /// List the per-file error and warning codes with what to do about each
    Errors,
    /// Read one file and print the raw extraction as JSON (used by --isolate)
    #[command(name = "read-one", hide = true)]
    ReadOne(ReadOneArgs),
    /// Read and check one file and print its report as one JSON line (used by scan --isolate)
    #[command(name = "check-one", hide = true)]
    CheckOne(CheckOneArgs),
}

#[derive(Debug, Args)]
pub struct TextArgs {
    /// The document to read (PDF, DOCX, ODT, HTML, Markdown, text)
    pub file: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value_t = TextFormat::Human)]
    pub format: TextFormat,
    /// Print the text exactly as read, before normalisation, without markers
    #[arg(long)]
    pub raw: bool,
    #[command(flatten)]
    pub limits: LimitArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextFormat {
    Human,
    Json,
}

/// Output formats of `check` and `scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Human,
    Json,
    Jsonl,
}

/// When to colour human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The document to check
    pub file: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,
    /// Folder of model clauses that add to or override the shipped ones (same layout as
    /// clause-templates/)
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Do not print the word diff against the model (human format)
    #[arg(long)]
    pub no_diff: bool,
    /// Also write a redline: each clause with its corrections as tracked changes and comments
    /// (OUT.docx, for Word or LibreOffice) or as ins/del marks (OUT.html, for a browser)
    #[arg(long, value_name = "OUT.docx|OUT.html")]
    pub redline: Option<PathBuf>,
    /// Colour the human output
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    #[command(flatten)]
    pub limits: LimitArgs,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files and folders to scan (folders recursively; hidden and ~$ temporary files skipped)
    #[arg(required_unless_present = "files_from")]
    pub paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = ScanFormat::Human)]
    pub format: ScanFormat,
    /// Write the report to this file instead of standard output
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Read the paths to scan from this file, one per line ("-": standard input)
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    /// Scan only shard K of N (stable hash of the path), to split an archive over machines
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// Leave out files and folders matching this glob (repeatable), e.g. '**/archives/**'
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Folder of model clauses that add to or override the shipped ones
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Number of documents read in parallel (default: one per core; at most 64)
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// No progress bar
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// CSV field separator (French spreadsheets expect ';')
    #[arg(long, value_name = "CHAR", default_value = ",")]
    pub csv_delimiter: char,
    /// Start the CSV with a UTF-8 byte-order mark (for Excel)
    #[arg(long)]
    pub csv_bom: bool,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Output formats of `scan` and `report merge`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScanFormat {
    Human,
    Json,
    Jsonl,
    Csv,
    Html,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(subcommand)]
    pub action: ReportAction,
}

#[derive(Debug, Subcommand)]
pub enum ReportAction {
    /// Combine the JSONL outputs of several scans (shards) into one report
    Merge(MergeArgs),
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// JSONL files written by `clausier scan --format jsonl`
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = ScanFormat::Json)]
    pub format: ScanFormat,
    /// Write the report to this file instead of standard output
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// CSV field separator
    #[arg(long, value_name = "CHAR", default_value = ",")]
    pub csv_delimiter: char,
    /// Start the CSV with a UTF-8 byte-order mark
    #[arg(long)]
    pub csv_bom: bool,
}

/// Output formats of `generate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GenerateFormat {
    Md,
    Txt,
    Html,
    Docx,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// The model to render (see `clausier templates`)
    pub template: String,
    /// Parameters of the tender, TOML or JSON (see fixtures/generate/tender.toml)
    #[arg(long, value_name = "FILE")]
    pub params: Option<PathBuf>,
    /// Override one parameter: key=value (dotted keys reach into tables: facilitator.name=PLIE)
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Output format (default: from the -o extension, else Markdown)
    #[arg(long, value_enum)]
    pub format: Option<GenerateFormat>,
    /// Write to this file instead of standard output
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Folder of model clauses that add to or override the shipped ones
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TemplatesArgs {
    #[command(subcommand)]
    pub action: Option<TemplatesAction>,
    /// Folder of model clauses that add to or override the shipped ones
    #[arg(long, value_name = "DIR", global = true)]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesAction {
    /// Show one model: its kind, legal basis, parameters (name, type, unit, default, bounds)
    Show {
        /// The model's id
        template: String,
    },
}

#[derive(Debug, Args)]
pub struct ReadOneArgs {
    pub file: PathBuf,
    #[command(flatten)]
    pub limits: LimitArgs,
}

#[derive(Debug, Args)]
pub struct CheckOneArgs {
    pub file: PathBuf,
    /// Folder of model clauses that add to or override the shipped ones
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Per-file limits shared by every command that reads documents.
#[derive(Debug, Args)]
pub struct LimitArgs {
    /// Largest file read, e.g. 200M, 1G, 500k
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "200M")]
    pub max_file_size: u64,
    /// Most bytes decompressed from one file (zip entries, PDF streams), e.g. 512M
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "512M")]
    pub max_unpacked: u64,
    /// Most pages read from one PDF
    #[arg(long, value_name = "N", default_value_t = 5000)]
    pub max_pages: u32,
    /// Most characters of text kept from one file, e.g. 20M (= 20 × 1 048 576)
    #[arg(long, value_name = "CHARS", value_parser = parse_size, default_value = "20M")]
    pub max_text: u64,
    /// Time limit for reading one file, in seconds
    #[arg(long, value_name = "SECS", default_value_t = 60.0)]
    pub timeout_per_file: f64,
    /// Read each file in a child process that is killed at the time limit (for untrusted
    /// archives: survives parser stack overflows and aborts)
    #[arg(long)]
    pub isolate: bool,
}

impl LimitArgs {
    /// Checked limits.
    pub fn limits(&self) -> Result<Limits, String> {
        if !(self.timeout_per_file.is_finite() && self.timeout_per_file > 0.0) {
            return Err("--timeout-per-file must be a positive number of seconds".into());
        }
        Ok(Limits {
            max_file_size: self.max_file_size,
            max_unpacked: self.max_unpacked,
            max_pages: self.max_pages,
            max_text: self.max_text,
            timeout: Duration::from_secs_f64(self.timeout_per_file),
        })
    }

    /// Checked read options; `--isolate` re-runs this executable.
    pub fn read_options(&self) -> Result<ReadOptions, String> {
        let isolate_with = if self.isolate {
            Some(std::env::current_exe().map_err(|e| format!("--isolate: {e}"))?)
        } else {
            None
        };
        Ok(ReadOptions {
            limits: self.limits()?,
            isolate_with,
            templates: None,
        })
    }
}

/// Parses "200M", "1G", "500k", "1.5M" or a plain number of bytes.
fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (number, unit) = s
        .find(|c: char| c.is_ascii_alphabetic())
        .map_or((s, ""), |i| s.split_at(i));
    let factor: u64 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return Err(format!("unknown size unit in {s:?}; use k, M or G")),
    };
    let value: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("not a size: {s:?}; e.g. 200M"))?;
    if !(value.is_finite() && value >= 0.0) {
        return Err(format!("not a size: {s:?}"));
    }
    Ok((value * factor as f64) as u64)
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("200M"), Ok(200 << 20));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert_eq!(parse_size("1.5k"), Ok(1536));
        assert_eq!(parse_size("42"), Ok(42));
        assert!(parse_size("12 parsecs").is_err());
        assert!(parse_size("-1M").is_err());
    }
}
