//! Where the tests find what lives outside the repository: the real documents kept beside it,
//! and the headless Chromium the browser tests drive.

use std::path::{Path, PathBuf};

/// The folder of the real 2025 State tender (Aquaréel) in the shared corpus, or `None` after
/// saying on stderr that `test` skipped: the project ships only documents it wrote itself.
/// Under CI (`CI` set) the corpus is there, and its absence fails the test instead of passing
/// it unseen.
pub fn aquareel(test: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real/aquareel");
    if dir.is_dir() {
        Some(dir)
    } else {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: ../shared/corpus/real/aquareel is absent; CI must have the shared corpus"
        );
        eprintln!(
            "skipped {test}: the real tender ../shared/corpus/real/aquareel is absent \
             (it is not part of the repository)"
        );
        None
    }
}

/// The flags every browser test starts headless Chromium with: no sandbox (CI runs as root),
/// and nothing that reaches the network or writes outside the test's own profile.
pub const HEADLESS: [&str; 9] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
];

/// Debian's Chromium, or one on the PATH; `None` after saying that `test` skipped. Under CI
/// (`CI` set) `.ci/run` installs it, and its absence fails the test.
pub fn chromium(test: &str) -> Option<PathBuf> {
    let fixed = PathBuf::from("/usr/bin/chromium");
    let found = if fixed.exists() {
        Some(fixed)
    } else {
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
                .find(|p| p.is_file())
        })
    };
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: chromium is not installed; CI must run the browser test (apt-get install chromium)"
        );
        eprintln!("skipped {test}: chromium is not installed");
    }
    found
}

/// The options that give a program the CSV's stable ids (the default CSV is for a person).
pub const CSV_FOR_PROGRAMS: [&str; 4] = ["--csv-ids", "--csv-delimiter", ",", "--no-bom"];
