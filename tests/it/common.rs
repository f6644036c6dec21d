//! Where the tests find the real documents kept beside the repository, never inside it.

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
