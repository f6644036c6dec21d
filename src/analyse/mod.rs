//! The driver: runs the stages for one reading (role, detection, form, checks) and builds its
//! report, and for a batch (`scan`) walks the inputs, reads them in parallel and hands each
//! reading to the same driver. `check`, `scan`, the isolated child and `report merge` all go
//! through here.

pub mod scan;
