//! A map from each byte of a text to a byte of another, stored as runs: a normalised text is
//! mostly its source copied, so "byte i comes from source byte s + (i − start)" holds over long
//! stretches. Kept as one `u32` per byte, the map cost four bytes of memory for every byte of
//! text (eight while its vector grew); as runs it costs about one for French text (each
//! multi-byte character is a short run of its own) and almost nothing for ASCII.

/// One run of bytes: from `start` on, byte `i` maps to `source + (i − start)` when `linear`,
/// else to `source` (the bytes of one character, or the expansion of a ligature).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    start: u32,
    source: u32,
    linear: bool,
}

/// Byte offsets of a text mapped to offsets of another, pushed in order of the first.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    runs: Vec<Run>,
    len: usize,
}

impl OffsetMap {
    /// Number of bytes mapped.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no byte is mapped.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Maps the next byte to `source`.
    pub fn push(&mut self, source: u32) {
        let i = self.len as u32;
        self.len += 1;
        if let Some(run) = self.runs.last_mut() {
            let offset = i - run.start;
            // A run of one byte is still free to become either kind.
            if offset == 1 && source == run.source + 1 {
                run.linear = true;
                return;
            }
            if offset == 1 && source == run.source {
                run.linear = false;
                return;
            }
            let expected = if run.linear {
                run.source + offset
            } else {
                run.source
            };
            if offset > 1 && source == expected {
                return;
            }
        }
        self.runs.push(Run {
            start: i,
            source,
            linear: true,
        });
    }

    /// Forgets every byte from `len` on.
    pub fn truncate(&mut self, len: usize) {
        if len >= self.len {
            return;
        }
        let keep = self.runs.partition_point(|r| (r.start as usize) < len);
        self.runs.truncate(keep);
        self.len = len;
    }

    /// The index of the run holding byte `i` (which must be below `len`).
    fn run_of(&self, i: usize) -> usize {
        self.runs.partition_point(|r| r.start as usize <= i) - 1
    }

    fn value(run: &Run, i: usize) -> u32 {
        if run.linear {
            run.source + (i as u32 - run.start)
        } else {
            run.source
        }
    }

    /// The offset byte `i` maps to. Panics when `i` is not below [`len`](Self::len).
    pub fn get(&self, i: usize) -> u32 {
        assert!(i < self.len, "offset {i} past the map's {} bytes", self.len);
        Self::value(&self.runs[self.run_of(i)], i)
    }

    /// The first mapped offset greater than `than` among the bytes from `from` on, if any.
    pub fn next_greater(&self, from: usize, than: u32) -> Option<u32> {
        if from >= self.len {
            return None;
        }
        let first = self.run_of(from);
        for (k, run) in self.runs[first..].iter().enumerate() {
            let start = if k == 0 { from } else { run.start as usize };
            let end = self
                .runs
                .get(first + k + 1)
                .map_or(self.len, |r| r.start as usize);
            let low = Self::value(run, start);
            if low > than {
                return Some(low);
            }
            if run.linear {
                // Increasing along the run: the first byte above `than`, if the run gets there.
                let last = Self::value(run, end - 1);
                if last > than {
                    return Some(than + 1);
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(values: &[u32]) -> OffsetMap {
        let mut map = OffsetMap::default();
        for &v in values {
            map.push(v);
        }
        map
    }

    #[test]
    fn runs_of_copies_and_of_characters() {
        // "aéb" at source 10: a → 10, é → 11 11, b → 13.
        let map = of(&[10, 11, 11, 13, 14, 15]);
        let got: Vec<u32> = (0..map.len()).map(|i| map.get(i)).collect();
        assert_eq!(got, [10, 11, 11, 13, 14, 15]);
        assert_eq!(map.next_greater(1, 11), Some(13));
        assert_eq!(map.next_greater(4, 13), Some(14));
        assert_eq!(map.next_greater(5, 15), None);
        let ascii = of(&(0..10_000).collect::<Vec<u32>>());
        assert_eq!(ascii.runs.len(), 1);
    }

    proptest::proptest! {
        /// The runs answer exactly what a plain vector of offsets answers, through pushes and
        /// truncations.
        #[test]
        fn the_runs_are_the_plain_map(
            steps in proptest::collection::vec((-3i32..4, proptest::bool::ANY), 0..200),
            cut in 0usize..220,
        ) {
            let mut plain: Vec<u32> = Vec::new();
            let mut source = 100u32;
            for (jump, repeat) in &steps {
                // Offsets may go back: a header block comes after the body it precedes.
                if !repeat {
                    source = source.saturating_add_signed(*jump);
                }
                plain.push(source);
            }
            let mut map = of(&plain);
            if cut < plain.len() {
                map.truncate(cut);
                plain.truncate(cut);
                map.push(source + 7);
                plain.push(source + 7);
            }
            proptest::prop_assert_eq!(map.len(), plain.len());
            for i in 0..plain.len() {
                proptest::prop_assert_eq!(map.get(i), plain[i]);
                let than = plain[i];
                let want = plain[i + 1..].iter().copied().find(|&s| s > than);
                proptest::prop_assert_eq!(map.next_greater(i + 1, than), want);
            }
        }
    }
}
