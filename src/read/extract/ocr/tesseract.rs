//! The Tesseract command-line tool: found once per run, given one page image on standard input,
//! its TSV output (one row per word, with its confidence) turned into paragraphs of lines.

use super::images::PageImage;
use crate::base::error::{Code, Problem};
use crate::msg;
use crate::read::extract::Deadline;
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use wait_timeout::ChildExt;

/// How to get OCR, said when a scan could not be read for want of Tesseract.
pub fn install_hint() -> String {
    msg!("problem.no_text_layer.no_tesseract")
}

/// The program to run: `CLAUSIER_TESSERACT` when set (an unusual installation), else
/// `tesseract` on the PATH.
fn program() -> String {
    std::env::var("CLAUSIER_TESSERACT").unwrap_or_else(|_| "tesseract".to_string())
}

/// An installed Tesseract, and whether it has the French data.
pub struct Tesseract {
    program: String,
    french: bool,
}

/// The installed Tesseract, looked for once per run; `None` when it is not installed.
pub fn available() -> Option<&'static Tesseract> {
    static FOUND: OnceLock<Option<Tesseract>> = OnceLock::new();
    FOUND
        .get_or_init(|| {
            let program = program();
            let out = Command::new(&program)
                .arg("--list-langs")
                .stdin(Stdio::null())
                .stderr(Stdio::null())
                .output()
                .ok()?;
            if !out.status.success() {
                return None;
            }
            let langs = String::from_utf8_lossy(&out.stdout);
            Some(Tesseract {
                program,
                french: langs.lines().any(|l| l.trim() == "fra"),
            })
        })
        .as_ref()
}

/// What OCR read on one page.
pub(crate) struct PageText {
    /// Paragraphs, their lines separated by `\n`.
    pub paragraphs: Vec<String>,
    /// Mean confidence of the words (0–100); 0 when no word was found.
    pub confidence: f64,
}

impl Tesseract {
    /// Reads one page image; the child is killed at the deadline. `corrupt-file` when Tesseract
    /// cannot read the image.
    pub(crate) fn read(&self, image: &PageImage, deadline: Deadline) -> Result<PageText, Problem> {
        let mut command = Command::new(&self.program);
        command.args(["stdin", "stdout", "--dpi", &image.dpi.to_string()]);
        if self.french {
            command.args(["-l", "fra"]);
        }
        let mut child = command
            .arg("tsv")
            // One thread per page: the scan's pool already keeps every core busy.
            .env("OMP_THREAD_LIMIT", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                Problem::new(
                    Code::InternalError,
                    msg!(
                        "problem.internal_error.ocr_start",
                        program = self.program,
                        cause = e
                    ),
                )
            })?;
        let mut stdin = child.stdin.take().expect("stdin is piped");
        let bytes = image.bytes.clone();
        // Write and read on their own threads so that neither pipe can fill up and block.
        let feed = std::thread::spawn(move || {
            let _ = stdin.write_all(&bytes);
        });
        let mut stdout = child.stdout.take().expect("stdout is piped");
        let drain = std::thread::spawn(move || {
            let mut out = Vec::new();
            let _ = stdout.read_to_end(&mut out);
            out
        });
        let status = match child.wait_timeout(deadline.remaining()) {
            Ok(Some(status)) => status,
            Ok(None) | Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Problem::new(Code::Timeout, msg!("problem.timeout.ocr")));
            }
        };
        let _ = feed.join();
        let out = drain.join().unwrap_or_default();
        if !status.success() {
            // Tesseract runs (its languages were listed at start-up): what it refuses is the
            // image taken from the file, which is damaged.
            return Err(Problem::new(
                Code::CorruptFile,
                msg!("problem.corrupt_file.ocr_image", status = status),
            ));
        }
        Ok(parse_tsv(&String::from_utf8_lossy(&out)))
    }
}

/// A gap between two words of a line wider than this many word heights separates table cells.
const CELL_GAP: f64 = 2.5;

/// Tesseract's TSV: `level page block par line word left top width height conf text`; words
/// are level 5. A paragraph is a (block, par) pair, a line a line number inside it. Words far
/// apart on a line are table cells, written with the separator the other readers use.
fn parse_tsv(tsv: &str) -> PageText {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current: Option<(u32, u32, u32)> = None;
    // Right edge of the previous word, and the tallest word of the line so far (a dash or a
    // comma is short; the gap is measured against the line's letters).
    let (mut right_edge, mut line_height) = (0.0, 0.0f64);
    let (mut sum, mut words) = (0.0, 0usize);
    for row in tsv.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        if cols.len() < 12 || cols[0] != "5" {
            continue;
        }
        let text = cols[11].trim();
        let (Ok(conf), false) = (cols[10].parse::<f64>(), text.is_empty()) else {
            continue;
        };
        let number = |i: usize| cols[i].parse::<u32>().unwrap_or(0);
        let key = (number(2), number(3), number(4));
        let (left, width, height) = (number(6) as f64, number(8) as f64, number(9) as f64);
        match current {
            Some(k) if k == key => {
                line_height = line_height.max(height);
                let cell = left - right_edge > CELL_GAP * line_height.max(1.0);
                if let Some(p) = paragraphs.last_mut() {
                    p.push_str(if cell {
                        crate::read::blocks::CELL_SEPARATOR
                    } else {
                        " "
                    });
                }
            }
            Some(k) if (k.0, k.1) == (key.0, key.1) => {
                if let Some(p) = paragraphs.last_mut() {
                    p.push('\n');
                }
            }
            _ => paragraphs.push(String::new()),
        }
        if current != Some(key) {
            line_height = height;
        }
        current = Some(key);
        right_edge = left + width;
        if let Some(p) = paragraphs.last_mut() {
            p.push_str(text);
        }
        if conf >= 0.0 {
            sum += conf;
            words += 1;
        }
    }
    PageText {
        paragraphs,
        confidence: if words == 0 { 0.0 } else { sum / words as f64 },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_become_lines_and_paragraphs_with_their_mean_confidence() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
            1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t\n\
            5\t1\t1\t1\t1\t1\t0\t0\t1\t1\t96.5\t9.1\n\
            5\t1\t1\t1\t1\t2\t0\t0\t1\t1\t93.5\tObjet\n\
            5\t1\t2\t1\t1\t1\t0\t0\t1\t1\t90\tLes\n\
            5\t1\t2\t1\t1\t2\t0\t0\t1\t1\t80\tdifficul-\n\
            5\t1\t2\t1\t2\t1\t0\t0\t1\t1\t90\ttés\n\
            5\t1\t2\t1\t2\t2\t0\t0\t1\t1\t95\t \n\
            5\t1\t3\t1\t1\t1\t100\t0\t20\t30\t90\t01\n\
            5\t1\t3\t1\t1\t2\t300\t0\t100\t30\t90\tDémolition\n\
            5\t1\t3\t1\t1\t3\t410\t0\t40\t30\t90\tgros\n";
        let page = parse_tsv(tsv);
        assert_eq!(
            page.paragraphs,
            ["9.1 Objet", "Les difficul-\ntés", "01 | Démolition gros"]
        );
        assert!((page.confidence - 90.0).abs() < 1e-9, "{}", page.confidence);
        assert_eq!(parse_tsv("level\n").confidence, 0.0);
    }
}
