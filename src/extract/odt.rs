//! ODT text. (placeholder, being written)

use crate::document::Extracted;
use crate::error::{Code, Problem};
use crate::extract::{Deadline, Limits};

pub(crate) fn read(
    _bytes: &[u8],
    _limits: &Limits,
    _deadline: Deadline,
) -> Result<Extracted, Problem> {
    Err(Problem::new(Code::UnsupportedFormat, "odt not yet"))
}
